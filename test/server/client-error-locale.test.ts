import { describe, expect, it } from 'vitest';
import { parseErrorBody } from '../../src/index.js';
import { errata } from '../../src/server/node/index.js';
import { rawRequest, startServer } from '../helpers/server.js';
import { localeCatalog, varyOf } from './locale-fixtures.js';

// The answers errata gives on the socket, outside any framework (client-error.ts), with a
// translated catalog.

async function withServer(run: (port: number) => Promise<void>) {
  const app = errata({ catalog: localeCatalog, format: 'envelope', onError: () => {} });
  app.route('/t', { GET: () => ({ body: 'ok' }) });
  app.route('/echo', { POST: async (ctx) => ({ body: await ctx.json() }) });
  const server = await startServer(app);
  try {
    await run(server.port);
  } finally {
    await server.close();
  }
}

const errorOf = (res: { status: number; headers: Record<string, string>; body: string }) =>
  parseErrorBody({ status: res.status, headers: res.headers, body: res.body });

describe('localized answers on the socket', () => {
  it("answers a request Node's parser refused in the catalog's own language (no header is known)", () =>
    withServer(async (port) => {
      const res = await rawRequest(
        port,
        'GET /t HTTP/1.1\r\nHost: x\r\nAccept-Language: de\r\nX-Bad: a\0b\r\n\r\n',
      );
      expect(res.status).toBe(400);
      expect(errorOf(res).code).toBe('invalid_request');
      expect(res.headers['content-language']).toBe('en');
      expect(varyOf(res)).toEqual(['accept-language']);
    }));

  it('answers a CONNECT in the language its Accept-Language negotiates', () =>
    withServer(async (port) => {
      const res = await rawRequest(
        port,
        'CONNECT vault.test:443 HTTP/1.1\r\nHost: vault.test:443\r\nAccept-Language: fr-CA\r\n\r\n',
      );
      expect(res.status).toBe(400);
      const error = errorOf(res);
      expect(error.code).toBe('invalid_request');
      expect(error.message).toBe('La requête est invalide.');
      expect(res.headers['content-language']).toBe('fr');
      expect(varyOf(res)).toEqual(['accept-language']);
    }));

  it('answers a chunk-framing error mid-body (on the response) in the negotiated language', () =>
    withServer(async (port) => {
      const res = await rawRequest(port, [
        'POST /echo HTTP/1.1\r\nHost: x\r\nAccept-Language: de\r\nContent-Type: application/json\r\n' +
          'Transfer-Encoding: chunked\r\n\r\n2\r\n{"\r\n',
        'zz\r\n}\r\n0\r\n\r\n',
      ]);
      const error = errorOf(res);
      expect(res.status, res.body).toBe(400);
      expect(error.code).toBe('invalid_request');
      expect(error.message).toBe('Die Anfrage ist ungültig.');
      expect(res.headers['content-language']).toBe('de');
      expect(varyOf(res)).toEqual(['accept-language']);
    }));
});
