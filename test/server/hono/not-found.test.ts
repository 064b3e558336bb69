import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from '../../../src/index.js';
import { errorOf, makeApp } from './fixtures.js';

describe('errata/hono: 405 with Allow', () => {
  function routedApp() {
    const { app } = makeApp();
    app.get('/items/:id', (c) => c.text(c.req.param('id')));
    app.put('/items/:id', (c) => c.text('put'));
    app.delete('/items/:id', (c) => c.text('deleted'));
    app.on('PURGE', '/cache', (c) => c.text('purged'));
    app.post('/only-post', (c) => c.text('posted'));
    app.get('/num/:n{[0-9]+}', (c) => c.text(c.req.param('n')));
    const sub = new Hono();
    sub.patch('/:id', (c) => c.text('patched'));
    app.route('/sub', sub);
    return app;
  }

  it('answers a known path with a wrong method 405 and Allow in a stable order', async () => {
    const app = routedApp();
    const cases: [string, string, string][] = [
      ['POST', '/items/1', 'GET, HEAD, PUT, DELETE, OPTIONS'],
      ['GET', '/only-post', 'POST, OPTIONS'],
      ['GET', '/cache', 'OPTIONS, PURGE'],
      ['DELETE', '/sub/9', 'PATCH, OPTIONS'],
      ['POST', '/num/12', 'GET, HEAD, OPTIONS'],
    ];
    for (const [method, path, allow] of cases) {
      const res = await app.request(path, { method });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get('allow'), `${method} ${path}`).toBe(allow);
      expect(res.headers.get('x-request-id')).toMatch(/^req_/);
      expect((await errorOf(res)).code).toBe('method_not_allowed');
    }
  });

  it('still answers 404 and 405 behind several app.use middlewares (Hono composes them then)', async () => {
    const app = routedApp();
    // Registered after the routes on purpose: with two or more matching middlewares Hono runs
    // compose(), which drops the notFound answer of a context marked finalized.
    app.use('*', async (_c, next) => next());
    app.use('*', async (c, next) => {
      c.header('x-frame-options', 'DENY');
      await next();
    });
    const missing = await app.request('/nope');
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).code).toBe('not_found');
    expect(missing.headers.get('x-frame-options')).toBe('DENY');
    const wrong = await app.request('/only-post');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST, OPTIONS');
    expect((await errorOf(wrong)).code).toBe('method_not_allowed');
  });

  it('answers OPTIONS with 204 + Allow, HEAD through GET, and 404 where the router would not match', async () => {
    const app = routedApp();
    const options = await app.request('/items/1', { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE, OPTIONS');
    expect(options.headers.get('x-request-id')).toMatch(/^req_/);
    const head = await app.request('/items/1', { method: 'HEAD' });
    expect(head.status).toBe(200);
    // The app's own router decides: strict trailing slashes and param patterns.
    for (const path of ['/items/1/', '/num/abc', '/items', '/nowhere']) {
      const res = await app.request(path, { method: 'POST' });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('allow'), path).toBeNull();
    }
  });
});

describe('errata/hono: query repetition, 405 pins, kept headers, bad encodings', () => {
  it("reads a repeated query parameter as an array by default, as its last value with repeated: 'last'", async () => {
    const { app, errata } = makeApp();
    const schema = z.object({ tag: z.unknown() });
    app.get('/array', errata.validator('query', schema), (c) => c.json(c.req.valid('query')));
    app.get('/last', errata.validator('query', schema, { repeated: 'last' }), (c) =>
      c.json(c.req.valid('query')),
    );
    expect(await (await app.request('/array?tag=a&tag=b')).json()).toEqual({ tag: ['a', 'b'] });
    expect(await (await app.request('/last?tag=a&tag=b')).json()).toEqual({ tag: 'b' });
    expect(() => errata.validator('query', schema, { repeated: 'first' as 'last' })).toThrow(
      TypeError,
    );
  });

  it('renders the 405 of a path in the format its route pins', async () => {
    const { app, errata } = makeApp();
    app.get('/legacy', errata.format('stripe'), (c) => c.json({ ok: true }));
    app.get('/plain', (c) => c.json({ ok: true }));
    const legacy = await app.request('/legacy', { method: 'DELETE' });
    expect(legacy.status).toBe(405);
    expect((await errorOf(legacy)).format).toBe('stripe');
    const plain = await app.request('/plain', { method: 'DELETE' });
    expect((await errorOf(plain)).format).toBe('envelope');
  });

  it('keeps headers other than representation ones on an error (CORS, cookies)', async () => {
    const { app } = makeApp();
    app.use(async (c, next) => {
      c.header('access-control-allow-origin', '*');
      await next();
    });
    app.get('/half', (c) => {
      c.header('set-cookie', 'a=1', { append: true });
      c.header('set-cookie', 'b=2', { append: true });
      c.header('etag', '"7"');
      c.header('content-language', 'en');
      throw new ApiError({ status: 409, code: 'conflict' });
    });
    const res = await app.request('/half');
    expect(res.status).toBe(409);
    expect(res.headers.get('etag')).toBeNull();
    expect(res.headers.get('content-language')).toBeNull();
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
  });

  it('answers a bad percent-encoding with 400 on a known path, 404 elsewhere', async () => {
    const { app } = makeApp();
    app.get('/things/:id', (c) => c.json({ id: c.req.param('id') }));
    for (const [method, path, status] of [
      ['GET', '/things/%zz', 400],
      ['POST', '/things/%E0%A4%A', 400],
      ['GET', '/nope/%zz', 404],
    ] as const) {
      const res = await app.request(path, { method });
      expect(res.status, `${method} ${path}`).toBe(status);
      const error = await errorOf(res);
      if (status === 400) {
        expect(error.code).toBe('invalid_request');
        expect(error.message).toBe('The request path holds an invalid percent-encoding.');
      }
    }
  });
});
