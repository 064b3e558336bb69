import { describe, expect, it } from 'vitest';
import { idempotencyFetch } from '../../../src/idempotency/fetch.js';
import { defineCatalog, idempotencyRoles } from '../../../src/index.js';
import { errata } from '../../../src/server/fetch/index.js';

// What a second read of errata/fetch found, pinned: a handler's Response is never changed, the
// Idempotency-Key step stamps nothing twice, and a handler can read a body the step has read.
const catalog = defineCatalog({ errors: {}, roles: { ...idempotencyRoles }, format: 'envelope' });

describe('errata/fetch: a handler Response is answered with a copy', () => {
  it('a shared constant carries no cookie or id from one request into the next', async () => {
    const NO_CONTENT = new Response(null, { status: 204 });
    const app = errata({ catalog });
    app.route('/login/:user', {
      POST: (ctx) => {
        ctx.headers.append('set-cookie', `session=${ctx.params.user}`);
        return NO_CONTENT;
      },
    });
    const login = (user: string) =>
      app.fetch(
        new Request(`http://x/login/${user}`, {
          method: 'POST',
          headers: { 'x-request-id': user },
        }),
      );
    const alice = await login('alice');
    const bob = await login('bob');
    expect(alice.headers.getSetCookie()).toEqual(['session=alice']);
    expect(bob.headers.getSetCookie()).toEqual(['session=bob']);
    expect(bob.headers.get('x-request-id')).toBe('bob');
    expect([...NO_CONTENT.headers]).toEqual([]);
  });
});

describe('errata/fetch with an Idempotency-Key step', () => {
  const app = errata({ catalog, onError: () => {}, idempotency: idempotencyFetch({ catalog }) });
  app.route('/ok', {
    POST: (ctx) => {
      ctx.headers.append('set-cookie', 'a=1');
      return { status: 201, body: { ok: true } };
    },
  });
  app.route('/fail', {
    POST: (ctx) => {
      ctx.headers.set('location', '/v1/x/1');
      ctx.headers.set('etag', '"abc"');
      ctx.headers.append('set-cookie', 'b=2');
      throw new Error('boom');
    },
  });
  const post = (path: string, key?: string) =>
    app.fetch(
      new Request(`http://x${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
        body: '{"n":1}',
      }),
    );

  it('sends the handler headers once, and none describing a success body on its error', async () => {
    for (const key of [undefined, 'k-1']) {
      const ok = await post('/ok', key);
      expect(ok.status).toBe(201);
      expect(ok.headers.getSetCookie()).toEqual(['a=1']);
      const failed = await post('/fail', key && 'k-2');
      expect(failed.status).toBe(500);
      expect(failed.headers.getSetCookie()).toEqual(['b=2']);
      expect(failed.headers.get('etag')).toBeNull();
      expect(failed.headers.get('location')).toBeNull();
    }
  });

  it('lets handler() and wrap() read a body the step has read for its fingerprint', async () => {
    const step = idempotencyFetch({ catalog });
    const api = errata({ catalog, onError: () => {}, idempotency: step });
    const handle = api.handler(async (request) => ({ status: 201, body: await request.json() }));
    const wrapped = api.wrap(async (request: Request) =>
      Response.json(await request.json(), { status: 201 }),
    );
    for (const serve of [handle, wrapped]) {
      const res = await serve(
        new Request('http://x/any', {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': `key-${serve === handle}`,
          },
          body: '{"value":"v"}',
        }),
      );
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({ value: 'v' });
    }
  });
});
