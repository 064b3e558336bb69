import { describe, expect, it } from 'vitest';
import { parseError } from '../../src/client/index.js';
import { defineCatalog, formats } from '../../src/index.js';
import { errata } from '../../src/server/node/index.js';
import { startServer } from '../helpers/server.js';

// A catalog's configured format travels with it: what an errata server renders under renamed
// members, parseError reads back through the same catalog.
const catalog = defineCatalog({
  format: formats.envelope.with({ members: { request_id: 'trace', details: 'data' } }),
  errors: {
    thing_missing: {
      status: 404,
      title: 'Thing missing',
      message: 'No such thing.',
    },
  },
});

describe("parseError with a catalog's configured format", () => {
  it('reads renamed members back from an errata server', async () => {
    const app = errata({ catalog });
    app.route('/things/:id', {
      GET: () => {
        throw catalog.error('thing_missing', undefined);
      },
    });
    const server = await startServer(app);
    try {
      const res = await fetch(`${server.url}/things/1`, { headers: { 'x-request-id': 'req_77' } });
      const body = (await res.clone().json()) as { error: Record<string, unknown> };
      expect(body.error).toEqual({
        code: 'thing_missing',
        message: 'No such thing.',
        trace: 'req_77',
      });
      const error = await parseError(res, { catalog });
      expect(error).toMatchObject({
        code: 'thing_missing',
        requestId: 'req_77',
        format: 'envelope',
      });
    } finally {
      await server.close();
    }
  });

  it('takes the body member over the header only when the format names it', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json', 'x-request-id': 'req_header' });
      res.end(
        JSON.stringify({ error: { code: 'thing_missing', message: 'Gone.', trace: 'req_body' } }),
      );
    });
    try {
      const withCatalog = await parseError(await fetch(server.url), { catalog });
      expect(withCatalog.requestId).toBe('req_body');
      const without = await parseError(await fetch(server.url));
      expect(without.requestId).toBe('req_header');
    } finally {
      await server.close();
    }
  });
});
