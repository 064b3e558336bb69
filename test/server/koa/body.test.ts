import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCatalog } from '../../../src/index.js';
import { errataKoa } from '../../../src/server/koa/index.js';
import { rawRequest } from '../../helpers/server.js';
import { errorOf, JSON_TYPE, use, withApp } from './fixtures.js';

const thing = z.object({ name: z.string().min(1), qty: z.number().int().positive() });

describe('errata/koa: errata.json()', () => {
  const app = (attach = true) =>
    withApp(
      (router, errata) => {
        router.post('/things', errata.json({ limit: 64 }), (ctx) => {
          ctx.body = { got: ctx.request.body };
        });
        router.post('/optional', errata.json({ required: false }), (ctx) => {
          ctx.body = { got: ctx.request.body ?? null };
        });
      },
      {},
      { attach },
    );

  it('parses JSON and drops prototype-polluting keys', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/things`, {
        method: 'POST',
        headers: { 'content-type': 'application/merge-patch+json; charset=utf-8' },
        body: '{"a":1,"__proto__":{"polluted":true}}',
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ got: { a: 1 } });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });

  it('answers 415, 400 and 413 with the catalog roles', async () => {
    await use(await app(), async (server) => {
      const cases: [RequestInit, number, string, string][] = [
        [
          { headers: { 'content-type': 'text/plain' }, body: 'x' },
          415,
          'unsupported_media_type',
          'must be sent as application/json',
        ],
        [
          { body: new Uint8Array([123, 125]) },
          415,
          'unsupported_media_type',
          'has no Content-Type',
        ],
        [{ headers: JSON_TYPE, body: '{"a":' }, 400, 'invalid_request', 'not valid JSON'],
        [{ headers: JSON_TYPE, body: '  ' }, 400, 'invalid_request', 'empty'],
        [
          { headers: JSON_TYPE, body: new Uint8Array([0x22, 0xff, 0x22]) },
          400,
          'invalid_request',
          'UTF-8',
        ],
        [
          { headers: JSON_TYPE, body: JSON.stringify({ v: 'x'.repeat(100) }) },
          413,
          'payload_too_large',
          '64 bytes',
        ],
      ];
      for (const [init, status, code, words] of cases) {
        const res = await fetch(`${server.url}/things`, { method: 'POST', ...init });
        const { error } = await errorOf(res);
        expect(res.status, words).toBe(status);
        expect(error.code).toBe(code);
        expect(error.message).toContain(words);
      }
      expect(server.errors).toEqual([]);
    });
  });

  it('answers 413 to a chunked body as soon as it passes the limit, closing the connection', async () => {
    await use(await app(), async (server) => {
      const chunk = `40\r\n${'x'.repeat(0x40)}\r\n`;
      const res = await rawRequest(server.port, [
        'POST /things HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n',
        chunk,
        chunk,
      ]);
      expect(res.status).toBe(413);
      expect(res.headers.connection).toBe('close');
      expect(res.headers['x-request-id']).toMatch(/^req_/);
      expect(res.closedByServer).toBe(true);
    });
  });

  it('refuses two Content-Types itself when the server is not attached', async () => {
    await use(await app(false), async (server) => {
      const res = await rawRequest(
        server.port,
        'POST /things HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-type: text/plain\r\ncontent-length: 2\r\n\r\n{}',
      );
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body).error.message).toBe(
        'The request has more than one Content-Type header.',
      );
    });
  });

  it('with required: false, lets a request without a body through, and reads one with', async () => {
    await use(await app(), async (server) => {
      const none = await fetch(`${server.url}/optional`, { method: 'POST' });
      expect(await none.json()).toEqual({ got: null });
      const some = await fetch(`${server.url}/optional`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: '[1]',
      });
      expect(await some.json()).toEqual({ got: [1] });
      const wrong = await fetch(`${server.url}/optional`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'x',
      });
      expect(wrong.status).toBe(415);
      await wrong.arrayBuffer();
    });
  });

  it('checks its options at start-up and takes bodyLimit as its default', async () => {
    const errata = errataKoa();
    expect(() => errata.json({ limit: 0 })).toThrow(TypeError);
    expect(() => errata.json({ required: 'no' as never })).toThrow(TypeError);
    expect(() => errataKoa({ bodyLimit: -1 })).toThrow(TypeError);
    const server = await withApp(
      (router, e) => {
        router.post('/small', e.json(), (ctx) => {
          ctx.body = ctx.request.body;
        });
      },
      { bodyLimit: 8 },
    );
    await use(server, async () => {
      const res = await fetch(`${server.url}/small`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: '{"a":"123456"}',
      });
      expect(res.status).toBe(413);
      await res.arrayBuffer();
    });
  });
});

describe('errata/koa: errata.validate()', () => {
  const app = () =>
    withApp((router, errata) => {
      const check = errata.validate({
        params: z.object({ id: z.string().regex(/^\d+$/) }),
        query: z.object({ tag: z.array(z.string()).optional() }),
        body: thing,
      });
      router.put('/things/:id', errata.json(), check, (ctx) => {
        const { params, query, body } = check.valid(ctx);
        ctx.body = { params, query, body, raw: ctx.request.body };
      });
      const last = errata.validate(
        { query: z.object({ limit: z.coerce.number().int().max(10) }) },
        { repeated: 'last' },
      );
      router.get('/list', last, (ctx) => {
        ctx.body = last.valid(ctx).query;
      });
      router.get('/unvalidated', (ctx) => {
        ctx.body = last.valid(ctx);
      });
    });

  it('validates params, then query, then body, answering 422 with fields', async () => {
    await use(await app(), async (server) => {
      const ok = await fetch(`${server.url}/things/7?tag=a&tag=b`, {
        method: 'PUT',
        headers: JSON_TYPE,
        body: JSON.stringify({ name: 'n', qty: 2, extra: true }),
      });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({
        params: { id: '7' },
        query: { tag: ['a', 'b'] },
        body: { name: 'n', qty: 2 },
        raw: { name: 'n', qty: 2 },
      });
      const badParam = await fetch(`${server.url}/things/x`, {
        method: 'PUT',
        headers: JSON_TYPE,
        body: JSON.stringify({ name: '', qty: 0 }),
      });
      expect(badParam.status).toBe(422);
      expect((await errorOf(badParam)).error.fields?.map((f) => f.path)).toEqual([['id']]);
      const badBody = await fetch(`${server.url}/things/7`, {
        method: 'PUT',
        headers: { ...JSON_TYPE, accept: 'application/problem+json' },
        body: JSON.stringify({ name: '', qty: 0 }),
      });
      expect(badBody.status).toBe(422);
      const { error } = await errorOf(badBody);
      expect(error.code).toBe('validation_error');
      expect(error.fields?.map((f) => f.path)).toEqual([['name'], ['qty']]);
      expect(server.errors).toEqual([]);
    });
  });

  it("keeps a repeated query parameter's last value with repeated: 'last'", async () => {
    await use(await app(), async (server) => {
      const ok = await fetch(`${server.url}/list?limit=abc&limit=3`);
      expect(await ok.json()).toEqual({ limit: 3 });
      const bad = await fetch(`${server.url}/list?limit=3&limit=99`);
      expect(bad.status).toBe(422);
      await bad.arrayBuffer();
    });
  });

  it('throws from valid(ctx) when it did not run, and refuses a non-schema at start-up', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/unvalidated`);
      expect(res.status).toBe(500);
      await res.arrayBuffer();
      expect(server.errors).toHaveLength(1);
      expect(server.errors[0]?.error).toBeInstanceOf(TypeError);
    });
    const errata = errataKoa();
    expect(() => errata.validate({ body: {} as never })).toThrow(TypeError);
    expect(() => errata.validate({}, { repeated: 'first' as never })).toThrow(TypeError);
  });
});

describe('errata/koa: options and headers', () => {
  it('drops the headers describing a success body, keeps the others', async () => {
    const server = await withApp((router) => {
      router.get('/fail', (ctx) => {
        ctx.set({ etag: '"1"', 'content-language': 'en', location: '/x' });
        ctx.set('access-control-allow-origin', '*');
        ctx.body = { partial: true };
        ctx.throw(404);
      });
    });
    await use(server, async () => {
      const res = await fetch(`${server.url}/fail`);
      expect(res.status).toBe(404);
      for (const gone of ['etag', 'content-language', 'location']) {
        expect(res.headers.get(gone), gone).toBeNull();
      }
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('content-type')).toBe('application/json');
      expect((await errorOf(res)).error.code).toBe('not_found');
    });
  });

  it("defaults to the catalog's format and honours negotiate: false", async () => {
    const withFormat = defineCatalog({ errors: {}, format: 'message' });
    const server = await withApp(() => {}, { catalog: withFormat, format: undefined });
    await use(server, async ({ url }) => {
      const res = await fetch(`${url}/nope`);
      expect(await res.json()).toEqual({ message: 'No route matches GET /nope.' });
      const problem = await fetch(`${url}/nope`, {
        headers: { accept: 'application/problem+json' },
      });
      expect(problem.headers.get('content-type')).toBe('application/problem+json');
      await problem.arrayBuffer();
    });
    const fixed = await withApp(() => {}, { format: 'message', negotiate: false });
    await use(fixed, async ({ url }) => {
      const res = await fetch(`${url}/nope`, { headers: { accept: 'application/problem+json' } });
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.json()).toEqual({ message: 'No route matches GET /nope.' });
    });
  });
});
