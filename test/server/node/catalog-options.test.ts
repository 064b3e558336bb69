import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCatalog } from '../../../src/index.js';
import { errata } from '../../../src/server/node/index.js';
import { startServer } from '../../helpers/server.js';

// What a catalog says about the runtime: roles it switched off (and what answers instead) and
// the wire format servers default to. Real sockets throughout.

const lean = defineCatalog({
  baseCodes: 'UPPER_SNAKE',
  errors: {},
  roles: {
    method_not_allowed: false,
    payload_too_large: false,
    unsupported_media_type: false,
    validation_error: false,
  },
});

async function leanServer() {
  const app = errata({ catalog: lean, format: 'envelope', bodyLimit: 16 });
  app.route('/things/:id', { GET: () => ({ body: { ok: true } }) }, { format: 'stripe' });
  app.route('/things', {
    POST: async (ctx) => ({ status: 201, body: await ctx.json(z.object({ name: z.string() })) }),
  });
  return startServer(app);
}

type Envelope = { error: { code: string; message: string; details?: unknown } };

describe('errata/node with roles switched off', () => {
  it('answers a known path with a wrong method exactly like an unknown path', async () => {
    const server = await leanServer();
    try {
      const wrong = await fetch(`${server.url}/things/1`, { method: 'DELETE' });
      const unknown = await fetch(`${server.url}/nowhere/1`, { method: 'DELETE' });
      for (const res of [wrong, unknown]) {
        expect(res.status).toBe(404);
        expect(res.headers.get('allow')).toBeNull();
        expect(res.headers.get('content-type')).toBe('application/json');
      }
      // The route pins `stripe`, but nothing may tell the path exists: the app's format.
      const [a, b] = [(await wrong.json()) as Envelope, (await unknown.json()) as Envelope];
      expect(a.error.code).toBe('NOT_FOUND');
      expect(a.error.message).toBe('No route matches DELETE /things/1.');
      expect(b.error.message).toBe('No route matches DELETE /nowhere/1.');
    } finally {
      await server.close();
    }
  });

  it('still answers OPTIONS with 204 and Allow (not an error)', async () => {
    const server = await leanServer();
    try {
      const res = await fetch(`${server.url}/things/1`, { method: 'OPTIONS' });
      expect(res.status).toBe(204);
      expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    } finally {
      await server.close();
    }
  });

  it('answers 413, 415 and 422 as the 400 invalid_request, without their own framing', async () => {
    const server = await leanServer();
    try {
      const post = (body: string, type = 'application/json') =>
        fetch(`${server.url}/things`, { method: 'POST', headers: { 'content-type': type }, body });
      const big = await post(JSON.stringify({ name: 'x'.repeat(64) }));
      expect(big.status).toBe(400);
      expect(big.headers.get('connection')).toBe('close');
      expect(((await big.json()) as Envelope).error).toMatchObject({
        code: 'INVALID_REQUEST',
        message: 'The request body could not be parsed.',
      });
      const text = await post('name', 'text/plain');
      expect(text.status).toBe(400);
      expect(((await text.json()) as Envelope).error.code).toBe('INVALID_REQUEST');
      const invalid = await post(JSON.stringify({ name: 1 }));
      expect(invalid.status).toBe(400);
      const body = (await invalid.json()) as Envelope;
      expect(body.error.code).toBe('INVALID_REQUEST');
      // The violations stay: they are the occurrence, not the role's framing.
      expect(body.error.details).toMatchObject({ fields: [{ field: 'name' }] });
    } finally {
      await server.close();
    }
  });
});

describe("errata/node defaults to the catalog's format", () => {
  const catalog = defineCatalog({
    format: 'envelope',
    errors: { thing_not_found: { status: 404, title: 'Thing not found' } },
  });

  it('renders in it when the app names none, and an app format still wins', async () => {
    const app = errata({ catalog });
    app.route('/things/:id', {
      GET: () => {
        throw catalog.error('thing_not_found');
      },
    });
    const server = await startServer(app);
    const other = await startServer(errata({ catalog, format: 'message' }));
    try {
      const res = await fetch(`${server.url}/things/1`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.json()).toEqual({
        error: {
          code: 'thing_not_found',
          message: 'Thing not found',
          request_id: res.headers.get('x-request-id'),
        },
      });
      // Accept still picks problem+json, as with any app format.
      const problem = await fetch(`${server.url}/nope`, {
        headers: { accept: 'application/problem+json' },
      });
      expect(problem.headers.get('content-type')).toBe('application/problem+json');
      const message = await fetch(`${other.url}/nope`);
      expect(await message.json()).toEqual({ message: 'No route matches GET /nope.' });
    } finally {
      await server.close();
      await other.close();
    }
  });

  it('keeps the app format for Accept: application/problem+json with negotiate: false', async () => {
    const accept = { headers: { accept: 'application/problem+json' } };
    const fixed = await startServer(errata({ format: 'message', negotiate: false }));
    const negotiating = await startServer(errata({ format: 'message' }));
    try {
      const res = await fetch(`${fixed.url}/nope`, accept);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.json()).toEqual({ message: 'No route matches GET /nope.' });
      const problem = await fetch(`${negotiating.url}/nope`, accept);
      expect(problem.headers.get('content-type')).toBe('application/problem+json');
    } finally {
      await fixed.close();
      await negotiating.close();
    }
  });
});
