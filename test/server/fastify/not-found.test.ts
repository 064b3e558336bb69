import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/index.js';
import { errataFrameworkErrors } from '../../../src/server/fastify/index.js';
import { closeServers, errorOf, json, serve } from './fixtures.js';

afterEach(closeServers);

describe('errata/fastify: 404, 405 and Allow', () => {
  it('answers 405 with Allow in METHODS order, 204 to OPTIONS, 404 elsewhere', async () => {
    const s = await serve((app) => {
      app.get('/things/:id', () => ({}));
      app.put('/things/:id', () => ({}));
      app.delete('/things/:id', () => ({}));
      app.post('/only-post', () => ({}));
    });
    const res = await fetch(`${s.url}/things/1`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE, OPTIONS');
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    expect((await errorOf(res)).error.code).toBe('method_not_allowed');
    const patch = await fetch(`${s.url}/things/1`, { method: 'PATCH', ...json({}) });
    expect(patch.status).toBe(405);
    const options = await fetch(`${s.url}/things/1`, { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE, OPTIONS');
    const post = await fetch(`${s.url}/only-post`);
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('POST, OPTIONS');
    const missing = await fetch(`${s.url}/things`, { method: 'POST' });
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).error.code).toBe('not_found');
  });
});

describe('errata/fastify: 405 pins, bad encodings, declined routes, kept headers', () => {
  it('renders the 405 of a path in the format its route pins', async () => {
    const s = await serve((app) => {
      app.get('/legacy/:id', { config: { errata: { format: 'stripe' } } }, () => ({ ok: true }));
      app.get('/plain', () => ({ ok: true }));
    });
    const legacy = await fetch(`${s.url}/legacy/7`, { method: 'DELETE' });
    expect(legacy.status).toBe(405);
    expect((await errorOf(legacy)).error.format).toBe('stripe');
    const plain = await fetch(`${s.url}/plain`, { method: 'DELETE' });
    expect((await errorOf(plain)).error.format).toBe('envelope');
  });

  it('answers a bad percent-encoding with 400 on a known path, 404 elsewhere', async () => {
    const s = await serve(
      (app) => {
        app.get('/things/:id', () => ({ ok: true }));
      },
      {},
      { frameworkErrors: errataFrameworkErrors },
    );
    const known = await fetch(`${s.url}/things/%zz`);
    expect(known.status).toBe(400);
    expect((await errorOf(known)).error.message).toBe(
      'The request path holds an invalid percent-encoding.',
    );
    const unknown = await fetch(`${s.url}/nope/%zz`);
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).error.code).toBe('not_found');
  });

  it('answers 404 (not 405) when a route declines a request with callNotFound()', async () => {
    const s = await serve((app) => {
      app.get<{ Params: { id: string } }>('/things/:id', (request, reply) => {
        if (request.params.id === '') return reply.callNotFound();
        return { ok: true };
      });
    });
    const res = await fetch(`${s.url}/things/`);
    expect(res.status).toBe(404);
    expect((await errorOf(res)).error.code).toBe('not_found');
  });

  it('keeps headers other than representation ones on an error', async () => {
    const s = await serve((app) => {
      app.get('/half', (_request, reply) => {
        reply.header('access-control-allow-origin', '*');
        reply.header('etag', '"7"');
        reply.raw.setHeader('last-modified', 'Wed, 01 Jan 2025 00:00:00 GMT');
        throw new ApiError({ status: 409, code: 'conflict' });
      });
    });
    const res = await fetch(`${s.url}/half`);
    expect(res.status).toBe(409);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('etag')).toBeNull();
    expect(res.headers.get('last-modified')).toBeNull();
  });
});
