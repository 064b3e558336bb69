import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCatalog } from '../../../src/index.js';
import { errata } from '../../../src/server/fetch/index.js';

// errata/fetch called with real Request objects, as a fetch runtime calls it (no socket): what
// the conformance suite does not pin.
const catalog = defineCatalog({
  errors: { thing_not_found: { status: 404, title: 'Thing not found' } },
  format: 'envelope',
});

function collect() {
  const errors: { error: unknown; requestId: string }[] = [];
  return {
    errors,
    onError: (error: unknown, info: { requestId: string }) =>
      errors.push({ error, requestId: info.requestId }),
  };
}

describe('errata/fetch: the router', () => {
  it('answers 404, 405 with Allow, OPTIONS and HEAD, each with a request id', async () => {
    const app = errata({ catalog });
    app.route('/things/:id', {
      GET: ({ params }) => ({ body: { id: params.id } }),
      DELETE: () => undefined,
    });
    const ask = (method: string, path: string) =>
      app.fetch(new Request(`http://x${path}`, { method }));
    const got = await ask('GET', '/things/a%20b');
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual({ id: 'a b' });
    expect(got.headers.get('content-length')).toBe('12');
    expect((await ask('DELETE', '/things/1')).status).toBe(204);
    const head = await ask('HEAD', '/things/1');
    expect(head.status).toBe(200);
    const options = await ask('OPTIONS', '/things/1');
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD, DELETE, OPTIONS');
    const put = await ask('PUT', '/things/1');
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD, DELETE, OPTIONS');
    expect(await put.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
    const missing = await ask('GET', '/nothing');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-request-id')).toMatch(/^req_/);
    const bad = await ask('GET', '/things/%zz');
    expect(bad.status).toBe(400);
  });

  it('reads JSON bodies with their limit while they stream, and validates them', async () => {
    const app = errata({ catalog, bodyLimit: 64 });
    const schema = z.object({ name: z.string().min(1) });
    app.route('/things', { POST: async (ctx) => ({ status: 201, body: await ctx.json(schema) }) });
    const post = (body: BodyInit, type = 'application/json', init: RequestInit = {}) =>
      app.fetch(
        new Request('http://x/things', {
          method: 'POST',
          headers: { 'content-type': type },
          body,
          ...init,
        }),
      );
    expect((await post('{"name":"a"}')).status).toBe(201);
    expect((await post('{"name":"a"}', 'text/plain')).status).toBe(415);
    expect((await post('{"name":')).status).toBe(400);
    const invalid = await post('{"name":""}');
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toMatchObject({ error: { code: 'validation_error' } });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new TextEncoder().encode(`{"name":"${'x'.repeat(40)}`));
      },
    });
    const big = await post(endless, 'application/json', { duplex: 'half' } as RequestInit);
    expect(big.status).toBe(413);
    expect(big.headers.get('connection')).toBe('close');
    expect(pulled).toBeLessThan(5); // stopped reading at the limit
  });
});

describe('errata/fetch: responses and errors', () => {
  it('keeps ctx.headers on a reply and, but for representation headers, on an error', async () => {
    const app = errata({ catalog });
    app.route('/ok', {
      GET: (ctx) => {
        ctx.headers.set('access-control-allow-origin', '*');
        ctx.headers.append('set-cookie', 'a=1');
        ctx.headers.append('set-cookie', 'b=2');
        return { body: 'hi', headers: { 'cache-control': 'max-age=5' } };
      },
    });
    app.route('/fail', {
      GET: (ctx) => {
        ctx.headers.set('etag', '"v1"');
        ctx.headers.set('access-control-allow-origin', '*');
        throw catalog.error('thing_not_found');
      },
    });
    const ok = await app.fetch(new Request('http://x/ok'));
    expect(ok.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(ok.headers.get('cache-control')).toBe('max-age=5');
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    expect(ok.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    const failed = await app.fetch(new Request('http://x/fail'));
    expect(failed.status).toBe(404);
    expect(failed.headers.get('etag')).toBeNull();
    expect(failed.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('stamps a Response whose headers are immutable (one straight from fetch) on a copy', async () => {
    const app = errata({ catalog });
    const frozen = Response.redirect('http://example.com/', 302); // immutable headers
    app.route('/r', { GET: () => frozen });
    const res = await app.fetch(new Request('http://x/r', { headers: { 'x-request-id': 'abc' } }));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('http://example.com/');
    expect(res.headers.get('x-request-id')).toBe('abc');
  });

  it('answers a crash, a bad reply and a thrown non-Error with a generic 500, reporting each', async () => {
    const { errors, onError } = collect();
    const app = errata({ catalog, onError });
    app.route('/crash', {
      GET: () => {
        throw new Error('postgres://admin:hunter2@db');
      },
    });
    app.route('/bad', { GET: () => ({ status: 99 }) });
    app.route('/odd', {
      GET: () => {
        throw 'a string';
      },
    });
    for (const path of ['/crash', '/bad', '/odd']) {
      const res = await app.fetch(
        new Request(`http://x${path}`, { headers: { 'x-request-id': `id${path.slice(1)}` } }),
      );
      expect(res.status, path).toBe(500);
      const text = await res.text();
      expect(text).not.toContain('hunter2');
      expect(JSON.parse(text)).toMatchObject({ error: { code: 'internal_error' } });
    }
    expect(errors.map((e) => e.requestId)).toEqual(['idcrash', 'idbad', 'idodd']);
  });

  it('cuts a returned body that fails mid-stream and reports it', async () => {
    const { errors, onError } = collect();
    const app = errata({ catalog, onError });
    app.route('/stream', {
      GET: () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('partial '));
            },
            pull(controller) {
              controller.error(new Error('disk gone'));
            },
          }),
        ),
    });
    const res = await app.fetch(
      new Request('http://x/stream', { headers: { 'x-request-id': 's1' } }),
    );
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    expect(errors).toHaveLength(1);
    expect((errors[0]?.error as Error | undefined)?.message).toBe('disk gone');
    expect(errors[0]?.requestId).toBe('s1');
  });
});

describe('errata/fetch: handler() and wrap()', () => {
  it('handler() serves every path with one function and the same rules', async () => {
    const handle = errata({ catalog }).handler((request, ctx) => {
      if (ctx.path === '/missing') throw catalog.error('thing_not_found');
      return { body: { method: request.method, path: ctx.path, q: ctx.query.get('q') } };
    });
    const ok = await handle(new Request('http://x/any/where?q=1'));
    expect(await ok.json()).toEqual({ method: 'GET', path: '/any/where', q: '1' });
    expect((await handle(new Request('http://x/missing'))).status).toBe(404);
  });

  it("wrap() passes the wrapped handler's own arguments through and renders its throws", async () => {
    const seen: unknown[] = [];
    const wrapped = errata({ catalog, format: 'problem' }).wrap(
      async (request: Request, context: { params: Promise<{ id: string }> }, extra?: string) => {
        seen.push((await context.params).id, extra);
        if (request.method === 'DELETE') throw catalog.error('thing_not_found');
        return Response.json({ ok: true });
      },
    );
    const ok = await wrapped(
      new Request('http://x/t/1'),
      { params: Promise.resolve({ id: '1' }) },
      'more',
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-request-id')).toMatch(/^req_/);
    const gone = await wrapped(new Request('http://x/t/2', { method: 'DELETE' }), {
      params: Promise.resolve({ id: '2' }),
    });
    expect(gone.status).toBe(404);
    expect(gone.headers.get('content-type')).toBe('application/problem+json');
    expect(seen).toEqual(['1', 'more', '2', undefined]);
  });

  it('checks its options and routes at start-up', () => {
    expect(() => errata({ rateLimit: 'x' as never })).toThrow(/rateLimitFetch/);
    expect(() => errata({ idempotency: {} as never })).toThrow(/idempotencyFetch/);
    const app = errata();
    expect(() => app.route('/a', { FETCH: () => undefined } as never)).toThrow(/must be one of/);
    expect(() => app.route('/a', { GET: () => undefined }, { bodyLimit: -1 })).toThrow(/bodyLimit/);
    expect(() => app.handler('x' as never)).toThrow(/needs a function/);
  });
});
