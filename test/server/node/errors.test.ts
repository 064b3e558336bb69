import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../src/index.js';
import { collectErrors } from '../fixtures.js';
import { catalog, withApp } from './fixtures.js';

describe('errata() errors', () => {
  it('renders a thrown ApiError in the app format, problem on Accept, and the route pin', async () => {
    const server = await withApp((app) =>
      app
        .route('/things/:id', {
          GET: ({ params }) => {
            throw catalog.error('thing_not_found', { id: params.id });
          },
        })
        .route(
          '/pinned/:id',
          {
            GET: ({ params }) => {
              throw catalog.error('thing_not_found', { id: params.id });
            },
          },
          { format: 'stripe' },
        ),
    );
    try {
      const envelope = await fetch(`${server.url}/things/7`);
      expect(envelope.status).toBe(404);
      expect(envelope.headers.get('content-type')).toBe('application/json');
      expect(await envelope.json()).toMatchObject({
        error: { code: 'thing_not_found', message: 'No thing 7.', details: { id: '7' } },
      });

      const problem = await fetch(`${server.url}/things/7`, {
        headers: { accept: 'application/problem+json' },
      });
      expect(problem.headers.get('content-type')).toBe('application/problem+json');
      const body = (await problem.json()) as Record<string, unknown>;
      expect(body).toMatchObject({
        type: 'https://api.test/errors/thing_not_found',
        status: 404,
        code: 'thing_not_found',
        instance: '/things/7',
        request_id: problem.headers.get('x-request-id'),
      });

      const pinned = await fetch(`${server.url}/pinned/7`, {
        headers: { accept: 'application/problem+json' },
      });
      expect(pinned.headers.get('content-type')).toBe('application/json');
      expect(await pinned.json()).toMatchObject({ error: { code: 'thing_not_found' } });
    } finally {
      await server.close();
    }
  });

  it('hides anything else thrown behind internal_error and hands the original to onError', async () => {
    const { seen, onError } = collectErrors();
    const secret = new Error('password=hunter2 at /srv/app/db.ts');
    Object.assign(secret, { connection: 'postgres://db.internal' });
    const server = await withApp(
      (app) =>
        app
          .route('/sync', {
            GET: () => {
              throw secret;
            },
          })
          .route('/async', {
            GET: async () => {
              await new Promise((r) => setImmediate(r));
              throw 'a string';
            },
          }),
      { onError },
    );
    try {
      const res = await fetch(`${server.url}/sync?token=1`, {
        headers: { 'x-request-id': 'trace-1' },
      });
      expect(res.status).toBe(500);
      const text = await res.text();
      for (const leak of ['hunter2', 'postgres', 'db.internal', '/srv', 'Error', 'at ']) {
        expect(text).not.toContain(leak);
      }
      expect(JSON.parse(text)).toEqual({
        error: { code: 'internal_error', message: 'Internal error', request_id: 'trace-1' },
      });
      expect(seen[0]?.error).toBe(secret);
      expect(seen[0]?.info).toEqual({ requestId: 'trace-1', method: 'GET', url: '/sync?token=1' });

      const later = await fetch(`${server.url}/async`);
      expect(later.status).toBe(500);
      expect(seen[1]?.error).toBe('a string');
      expect(seen[1]?.info.requestId).toBe(later.headers.get('x-request-id'));
    } finally {
      await server.close();
    }
  });

  it('reports 5xx ApiErrors but not 4xx ones to onError', async () => {
    const { seen, onError } = collectErrors();
    const server = await withApp(
      (app) =>
        app
          .route('/404', {
            GET: () => {
              throw catalog.error('thing_not_found', { id: 'x' });
            },
          })
          .route('/503', {
            GET: () => {
              throw new ApiError({ status: 503, code: 'service_unavailable' });
            },
          }),
      { onError },
    );
    try {
      expect((await fetch(`${server.url}/404`)).status).toBe(404);
      expect(seen).toHaveLength(0);
      const res = await fetch(`${server.url}/503`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(seen).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('drops the representation headers a handler set before throwing, keeping the others', async () => {
    const server = await withApp((app) =>
      app.route('/t', {
        GET: ({ res }) => {
          res.setHeader('set-cookie', 'session=1');
          res.setHeader('access-control-allow-origin', '*');
          res.setHeader('etag', '"9"');
          res.setHeader('location', '/elsewhere');
          res.setHeader('content-disposition', 'attachment');
          throw catalog.error('thing_not_found', { id: 't' });
        },
      }),
    );
    try {
      const res = await fetch(`${server.url}/t`, { headers: { 'x-request-id': 'keep-me' } });
      expect(res.status).toBe(404);
      // REPRESENTATION_HEADERS (and content-*) go; CORS and cookies stay, as in every adapter.
      expect(res.headers.get('etag')).toBeNull();
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('content-disposition')).toBeNull();
      expect(res.headers.get('set-cookie')).toBe('session=1');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('x-request-id')).toBe('keep-me');
    } finally {
      await server.close();
    }
  });

  it('sends Retry-After on 429 from the error', async () => {
    const server = await withApp((app) =>
      app.route('/limited', {
        GET: () => {
          throw catalog.roleError('rate_limited', { retryAfter: 7 });
        },
      }),
    );
    try {
      const res = await fetch(`${server.url}/limited`);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(res.headers.get('cache-control')).toBe('no-store');
    } finally {
      await server.close();
    }
  });

  it('logs with console.error and the request id by default', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const server = await withApp((app) =>
      app.route('/boom', {
        GET: () => {
          throw new Error('boom');
        },
      }),
    );
    try {
      const res = await fetch(`${server.url}/boom`, { headers: { 'x-request-id': 'log-me' } });
      expect(res.status).toBe(500);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(String(spy.mock.calls[0]?.[0])).toContain('log-me');
      expect(spy.mock.calls[0]?.[1]).toBeInstanceOf(Error);
    } finally {
      spy.mockRestore();
      await server.close();
    }
  });

  it('survives a throwing onError', async () => {
    const server = await withApp(
      (app) =>
        app.route('/boom', {
          GET: () => {
            throw new Error('boom');
          },
        }),
      {
        onError: () => {
          throw new Error('logger down');
        },
      },
    );
    try {
      expect((await fetch(`${server.url}/boom`)).status).toBe(500);
      expect((await fetch(`${server.url}/boom`)).status).toBe(500);
    } finally {
      await server.close();
    }
  });

  it('destroys a response that failed after its headers were sent, and keeps serving', async () => {
    const { seen, onError } = collectErrors();
    const server = await withApp(
      (app) =>
        app
          .route('/half', {
            GET: async ({ res }) => {
              res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '100' });
              res.write('partial');
              await new Promise((r) => setImmediate(r));
              throw new Error('late failure');
            },
          })
          .route('/ok', { GET: () => ({ body: 'ok' }) }),
      { onError },
    );
    try {
      const res = await fetch(`${server.url}/half`);
      expect(res.status).toBe(200);
      await expect(res.text()).rejects.toThrow();
      expect(seen.map((s) => (s.error as Error).message)).toEqual(['late failure']);
      const ok = await fetch(`${server.url}/ok`);
      expect(await ok.text()).toBe('ok');
    } finally {
      await server.close();
    }
  });
});
