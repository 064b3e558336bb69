import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { collectErrors } from '../fixtures.js';
import { errorOf, withApp } from './fixtures.js';

describe('errata() replies', () => {
  it('serializes strings, bytes, JSON, custom status and headers, and 204 for nothing', async () => {
    const server = await withApp((app) =>
      app
        .route('/text', { GET: () => ({ body: 'hi' }) })
        .route('/bytes', { GET: () => ({ body: new Uint8Array([1, 2, 3]) }) })
        .route('/created', {
          POST: () => ({ status: 201, body: { ok: true }, headers: { Location: '/x' } }),
        })
        .route('/empty', { GET: () => undefined }),
    );
    try {
      const text = await fetch(`${server.url}/text`);
      expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await text.text()).toBe('hi');
      const bytes = await fetch(`${server.url}/bytes`);
      expect(bytes.headers.get('content-type')).toBe('application/octet-stream');
      expect([...new Uint8Array(await bytes.arrayBuffer())]).toEqual([1, 2, 3]);
      const created = await fetch(`${server.url}/created`, { method: 'POST' });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe('/x');
      expect(await created.json()).toEqual({ ok: true });
      const empty = await fetch(`${server.url}/empty`);
      expect(empty.status).toBe(204);
      expect(empty.headers.get('x-request-id')).toMatch(/^req_/);
    } finally {
      await server.close();
    }
  });

  it('leaves the response to a handler that wrote it, and still sets X-Request-ID', async () => {
    const server = await withApp((app) =>
      app.route('/raw', {
        GET: ({ res }) => {
          res.writeHead(202, { 'content-type': 'text/plain' });
          res.end('accepted');
        },
      }),
    );
    try {
      const res = await fetch(`${server.url}/raw`, { headers: { 'x-request-id': 'abc-123' } });
      expect(res.status).toBe(202);
      expect(res.headers.get('x-request-id')).toBe('abc-123');
      expect(await res.text()).toBe('accepted');
    } finally {
      await server.close();
    }
  });

  it('turns an invalid reply (bad status, unserializable body, bad header) into a generic 500', async () => {
    const { seen, onError } = collectErrors();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const server = await withApp(
      (app) =>
        app
          .route('/status', { GET: () => ({ status: 99, body: 1 }) })
          .route('/cyclic', { GET: () => ({ body: cyclic }) })
          .route('/header', {
            GET: () => ({ body: 1, headers: { 'x-bad': 'a\r\nset-cookie: x' } }),
          }),
      { onError },
    );
    try {
      for (const path of ['/status', '/cyclic', '/header']) {
        const res = await fetch(server.url + path);
        expect(res.status).toBe(500);
        expect(res.headers.get('set-cookie')).toBeNull();
        expect((await errorOf(res)).code).toBe('internal_error');
      }
      expect(seen).toHaveLength(3);
      expect(seen.every((s) => s.error instanceof TypeError)).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe('ctx.json()', () => {
  it('reads, caches and validates the body', async () => {
    const schema = z.object({ qty: z.number().int().positive(), tags: z.array(z.string()) });
    const server = await withApp((app) =>
      app.route('/orders', {
        POST: async (ctx) => {
          const raw = await ctx.json();
          const input = await ctx.json(schema);
          return { status: 201, body: { raw, qty: input.qty } };
        },
      }),
    );
    try {
      const ok = await fetch(`${server.url}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ qty: 2, tags: ['a'] }),
      });
      expect(ok.status).toBe(201);
      expect(await ok.json()).toEqual({ raw: { qty: 2, tags: ['a'] }, qty: 2 });

      const bad = await fetch(`${server.url}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/problem+json' },
        body: JSON.stringify({ qty: -1, tags: ['a', 3] }),
      });
      expect(bad.status).toBe(422);
      const error = await errorOf(bad);
      expect(error.code).toBe('validation_error');
      expect(error.fields?.map((f) => f.path)).toEqual([['qty'], ['tags', 1]]);
    } finally {
      await server.close();
    }
  });

  it('honours a per-route body limit', async () => {
    const server = await withApp((app) =>
      app.route('/small', { POST: async (ctx) => ({ body: await ctx.json() }) }, { bodyLimit: 10 }),
    );
    try {
      const res = await fetch(`${server.url}/small`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ long: 'xxxxxxxxxx' }),
      });
      expect(res.status).toBe(413);
      expect((await errorOf(res)).code).toBe('payload_too_large');
    } finally {
      await server.close();
    }
  });
});

describe('ctx.query', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('is parsed only when a handler reads it, once', async () => {
    let built = 0;
    const Counting = class extends URLSearchParams {
      constructor(init?: ConstructorParameters<typeof URLSearchParams>[0]) {
        super(init);
        built++;
      }
    };
    let seen: { before: number; after: number; same: boolean } | undefined;
    const server = await withApp((app) =>
      app.route('/plain', { GET: () => ({ body: built }) }).route('/query', {
        GET: (ctx) => {
          const before = built;
          const first = ctx.query;
          const { query } = ctx;
          seen = { before, after: built, same: first === query };
          return { body: query.getAll('a') };
        },
      }),
    );
    try {
      vi.stubGlobal('URLSearchParams', Counting);
      const plain = await fetch(`${server.url}/plain?a=1&a=2`);
      expect(await plain.json()).toBe(0);
      const query = await fetch(`${server.url}/query?a=1&a=2`);
      expect(await query.json()).toEqual(['1', '2']);
      expect(seen).toEqual({ before: 0, after: 1, same: true });
    } finally {
      await server.close();
    }
  });
});
