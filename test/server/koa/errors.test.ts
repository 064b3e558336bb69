import { bodyParser } from '@koa/bodyparser';
import createError from 'http-errors';
import { describe, expect, it } from 'vitest';
import { catalog, errorOf, JSON_TYPE, SECRET, use, withApp } from './fixtures.js';

describe('errata/koa: ctx.throw and http-errors', () => {
  const app = () =>
    withApp((router) => {
      router.get('/throw/exposed', (ctx) => ctx.throw(404, 'No such user'));
      router.get('/throw/conflict', (ctx) => ctx.throw(409, 'Locked by another writer'));
      router.get('/throw/hidden', (ctx) => ctx.throw(400, SECRET, { expose: false }));
      router.get('/throw/bare', (ctx) => ctx.throw(403));
      router.get('/throw/server', (ctx) => ctx.throw(500, SECRET));
      router.get('/throw/unavailable', (ctx) => ctx.throw(503, SECRET));
      router.get('/throw/auth', (ctx) =>
        ctx.throw(401, 'Log in first', {
          headers: { 'WWW-Authenticate': 'Bearer realm="api"', 'Content-Type': 'text/html' },
        }),
      );
      router.get('/assert', (ctx) => ctx.assert(false, 422, 'Not a valid thing'));
      router.get('/http-errors/teapot', () => {
        throw createError(418);
      });
      router.get('/http-errors/not-found', () => {
        throw new createError.NotFound();
      });
      router.get('/http-errors/long', () => {
        throw createError(400, 'x'.repeat(5000));
      });
      router.get('/http-errors/bad-gateway', () => {
        throw createError(502, SECRET);
      });
      router.get('/api-error', () => {
        throw catalog.error('thing_not_found', { id: 'a1' });
      });
    });

  it("shows an exposed 4xx message (ctx.throw(404, msg)) in the catalog's role", async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/throw/exposed`);
      const { error } = await errorOf(res);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(error).toMatchObject({ code: 'not_found', message: 'No such user' });
      expect(error.requestId).toBe(res.headers.get('x-request-id'));
      const conflict = await fetch(`${server.url}/throw/conflict`);
      expect(conflict.status).toBe(409);
      expect((await errorOf(conflict)).error).toMatchObject({
        code: 'conflict',
        message: 'Locked by another writer',
      });
      expect(server.errors).toEqual([]);
    });
  });

  it('hides the message of a 4xx thrown with expose: false, and gives a bare one its role', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/throw/hidden`);
      const { error, body } = await errorOf(res);
      expect(res.status).toBe(400);
      expect(error.code).toBe('invalid_request');
      expect(body).not.toContain('hunter2');
      const bare = await fetch(`${server.url}/throw/bare`);
      expect(bare.status).toBe(403);
      expect((await errorOf(bare)).error.code).toBe('forbidden');
      expect(server.errors).toEqual([]);
    });
  });

  it('answers a generic 500 to ctx.throw(500) and ctx.throw(503), reporting both', async () => {
    await use(await app(), async (server) => {
      for (const path of ['/throw/server', '/throw/unavailable', '/http-errors/bad-gateway']) {
        const res = await fetch(`${server.url}${path}`, { headers: { 'x-request-id': path } });
        const { error, body } = await errorOf(res);
        expect(res.status, path).toBe(500);
        expect(error.code).toBe('internal_error');
        expect(body).not.toContain('hunter2');
      }
      expect(server.errors.map((e) => e.info.requestId)).toEqual([
        '/throw/server',
        '/throw/unavailable',
        '/http-errors/bad-gateway',
      ]);
      expect((server.errors[0]?.error as Error | undefined)?.message).toBe(SECRET);
      expect(server.errors[0]?.info).toMatchObject({ method: 'GET', url: '/throw/server' });
    });
  });

  it("keeps an http-error's headers but never its Content-Type", async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/throw/auth`);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="api"');
      expect(res.headers.get('content-type')).toBe('application/json');
      expect((await errorOf(res)).error).toMatchObject({
        code: 'unauthorized',
        message: 'Log in first',
      });
    });
  });

  it('maps ctx.assert, createError(418), new NotFound() and bounds a long exposed message', async () => {
    await use(await app(), async (server) => {
      const asserted = await fetch(`${server.url}/assert`);
      expect(asserted.status).toBe(422);
      expect((await errorOf(asserted)).error).toMatchObject({
        code: 'validation_error',
        message: 'Not a valid thing',
      });
      const teapot = await fetch(`${server.url}/http-errors/teapot`);
      expect(teapot.status).toBe(418);
      await teapot.arrayBuffer();
      const notFound = await fetch(`${server.url}/http-errors/not-found`);
      expect(notFound.status).toBe(404);
      expect((await errorOf(notFound)).error.code).toBe('not_found');
      const long = await fetch(`${server.url}/http-errors/long`);
      expect(long.status).toBe(400);
      expect((await errorOf(long)).error.message).toHaveLength(1000);
      expect(server.errors).toEqual([]);
    });
  });

  it('renders a thrown ApiError as itself', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/api-error`, {
        headers: { accept: 'application/problem+json' },
      });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject({
        code: 'thing_not_found',
        detail: 'No thing a1.',
        instance: '/api-error',
      });
    });
  });
});

describe('errata/koa: @koa/bodyparser errors', () => {
  const app = () =>
    withApp((router) => {
      router.post('/echo', bodyParser({ jsonLimit: 64 }), (ctx) => {
        ctx.body = ctx.request.body;
      });
    });

  it('maps a malformed JSON body to 400 invalid_request without quoting it', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/echo`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: '{"a": hunter2',
      });
      const { error, body } = await errorOf(res);
      expect(res.status).toBe(400);
      expect(error.code).toBe('invalid_request');
      expect(error.message).toBe('The request body is not valid JSON.');
      expect(body).not.toContain('hunter2');
      expect(body).not.toContain('Unexpected');
      expect(server.errors).toEqual([]);
    });
  });

  it('maps a body past jsonLimit to 413 payload_too_large and closes the connection', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/echo`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify({ value: 'x'.repeat(100) }),
      });
      expect(res.status).toBe(413);
      expect(res.headers.get('connection')).toBe('close');
      expect((await errorOf(res)).error.code).toBe('payload_too_large');
    });
  });

  it('maps an unsupported Content-Encoding to 415 unsupported_media_type', async () => {
    // (@koa/bodyparser decodes every body as UTF-8 whatever its charset: no charset error.)
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/echo`, {
        method: 'POST',
        headers: { ...JSON_TYPE, 'content-encoding': 'x-custom' },
        body: '{}',
      });
      expect(res.status).toBe(415);
      const { error, body } = await errorOf(res);
      expect(error.code).toBe('unsupported_media_type');
      expect(body).not.toContain('x-custom');
      expect(server.errors).toEqual([]);
    });
  });

  it('passes a good body through', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/echo`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: '{"a":1}',
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ a: 1 });
    });
  });
});
