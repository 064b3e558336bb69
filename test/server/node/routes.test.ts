import { describe, expect, it } from 'vitest';
import { errata } from '../../../src/server/node/index.js';
import { errorOf, withApp } from './fixtures.js';

describe('errata() routing', () => {
  it('answers a route with params, query and a JSON reply carrying X-Request-ID', async () => {
    const server = await withApp((app) =>
      app.route('/things/:id/parts/:part', {
        GET: ({ params, query, requestId }) => ({
          body: { id: params.id, part: params.part, q: query.get('q'), requestId },
        }),
      }),
    );
    try {
      const res = await fetch(`${server.url}/things/a%20b/parts/7?q=x`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      const id = res.headers.get('x-request-id');
      expect(id).toMatch(/^req_[A-Za-z0-9_-]{22}$/);
      expect(await res.json()).toEqual({ id: 'a b', part: '7', q: 'x', requestId: id });
    } finally {
      await server.close();
    }
  });

  it('answers unknown paths with 404 not_found, in the app format, with no-store', async () => {
    const server = await withApp((app) => app.route('/things/:id', { GET: () => ({ body: 1 }) }));
    try {
      for (const path of ['/nope', '/things', '/things/', '/things/a/b']) {
        const res = await fetch(server.url + path);
        expect(res.status).toBe(404);
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(res.headers.get('x-request-id')).toMatch(/^req_/);
        const body = (await res.json()) as { error: { code: string } };
        expect(body.error.code).toBe('not_found');
      }
    } finally {
      await server.close();
    }
  });

  it('answers a known path with another method 405 and Allow (HEAD with GET, OPTIONS always)', async () => {
    const server = await withApp((app) =>
      app
        .route('/things/:id', { GET: () => ({ body: 1 }), PUT: () => ({ body: 2 }) })
        .route('/things/:id', { PATCH: () => ({ body: 3 }) }),
    );
    try {
      const res = await fetch(`${server.url}/things/1`, { method: 'POST' });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD, PUT, PATCH, OPTIONS');
      expect((await errorOf(res)).code).toBe('method_not_allowed');
      const patched = await fetch(`${server.url}/things/1`, { method: 'PATCH' });
      expect(await patched.json()).toBe(3);
    } finally {
      await server.close();
    }
  });

  it('answers HEAD through the GET handler without a body, and OPTIONS with 204 + Allow', async () => {
    const server = await withApp((app) =>
      app.route('/t', { GET: () => ({ body: { hello: 'world' } }), DELETE: () => undefined }),
    );
    try {
      const head = await fetch(`${server.url}/t`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-length')).toBe('17');
      expect(await head.text()).toBe('');
      const options = await fetch(`${server.url}/t`, { method: 'OPTIONS' });
      expect(options.status).toBe(204);
      expect(options.headers.get('allow')).toBe('GET, HEAD, DELETE, OPTIONS');
      expect(options.headers.get('x-request-id')).toMatch(/^req_/);
      const unknown = await fetch(`${server.url}/nope`, { method: 'OPTIONS' });
      expect(unknown.status).toBe(404);
      const del = await fetch(`${server.url}/t`, { method: 'DELETE' });
      expect(del.status).toBe(204);
    } finally {
      await server.close();
    }
  });

  it('lets a route define OPTIONS itself', async () => {
    const server = await withApp((app) =>
      app.route('/t', {
        GET: () => ({ body: 1 }),
        OPTIONS: () => ({ status: 200, body: 'custom' }),
      }),
    );
    try {
      const res = await fetch(`${server.url}/t`, { method: 'OPTIONS' });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('custom');
    } finally {
      await server.close();
    }
  });

  it('answers a bad percent-encoding in a param with 400 invalid_request', async () => {
    const server = await withApp((app) => app.route('/t/:id', { GET: () => ({ body: 1 }) }));
    try {
      const res = await fetch(`${server.url}/t/%E0%A4%A`);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('invalid_request');
    } finally {
      await server.close();
    }
  });

  it('refuses malformed routes and options at start-up', () => {
    const app = errata();
    expect(() => app.route('nope', {})).toThrow(TypeError);
    expect(() => app.route('/a/:x/:x', {})).toThrow(/unique/);
    expect(() => app.route('/a', { get: () => undefined } as never)).toThrow(/GET/);
    expect(() => app.route('/a', {}, { format: 'xml' as never })).toThrow(/unknown wire format/);
    expect(() => errata({ format: 'yaml' as never })).toThrow(/expected one of/);
    expect(() => errata({ bodyLimit: -1 })).toThrow(/bodyLimit/);
  });
});

describe('errata() routing hot path', () => {
  it('keeps Allow right with several routes on one path and methods split across them', async () => {
    const server = await withApp((app) =>
      app
        .route('/a/:id', { DELETE: () => ({ status: 204 }) })
        .route('/a/:x', { POST: () => ({ body: 'post' }) })
        .route('/a/b', { PUT: () => ({ body: 'put' }), GET: () => ({ body: 'get' }) }),
    );
    try {
      const post = await fetch(`${server.url}/a/b`, { method: 'POST' });
      expect(await post.text()).toBe('post');
      const head = await fetch(`${server.url}/a/b`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      const patch = await fetch(`${server.url}/a/b`, { method: 'PATCH' });
      expect(patch.status).toBe(405);
      expect(patch.headers.get('allow')).toBe('GET, HEAD, POST, PUT, DELETE, OPTIONS');
      const other = await fetch(`${server.url}/a/c`, { method: 'OPTIONS' });
      expect(other.status).toBe(204);
      expect(other.headers.get('allow')).toBe('POST, DELETE, OPTIONS');
    } finally {
      await server.close();
    }
  });
});
