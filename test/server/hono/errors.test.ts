import { bearerAuth } from 'hono/bearer-auth';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/index.js';
import { catalog, errorOf, makeApp } from './fixtures.js';

describe('errata/hono: HTTPException', () => {
  it('maps 4xx to the catalog error of the status, keeping the message', async () => {
    const { app, seen } = makeApp();
    app.get('/bad', () => {
      throw new HTTPException(400, { message: 'Missing cursor.', cause: new Error('inner-x') });
    });
    app.get('/auth', () => {
      throw new HTTPException(401);
    });
    app.get('/teapot', () => {
      throw new HTTPException(418, { message: 'short and stout' });
    });
    const bad = await app.request('/bad');
    expect(bad.status).toBe(400);
    const badText = await bad.text();
    expect(badText).not.toContain('inner-x');
    expect(JSON.parse(badText)).toMatchObject({
      error: { code: 'invalid_request', message: 'Missing cursor.' },
    });
    // A status without a role: the code errata uses for it, normalized by the catalog.
    const auth = await app.request('/auth');
    expect(auth.status).toBe(401);
    expect(await auth.json()).toMatchObject({
      error: { code: 'unauthorized', message: 'Unauthorized' },
    });
    const teapot = await app.request('/teapot');
    expect(teapot.status).toBe(418);
    expect(teapot.headers.get('cache-control')).toBe('no-store');
    expect(await teapot.json()).toMatchObject({ error: { message: 'short and stout' } });
    expect(seen).toHaveLength(0);
  });

  it('maps 5xx to a generic error and reports the original', async () => {
    const { app, seen } = makeApp();
    app.get('/down', () => {
      throw new HTTPException(503, { message: 'db at 10.0.0.7 down' });
    });
    app.get('/broken', () => {
      throw new HTTPException(502, { message: 'upstream token abc123' });
    });
    const down = await app.request('/down', { headers: { 'x-request-id': 'r503' } });
    expect(down.status).toBe(503);
    const text = await down.text();
    expect(text).not.toContain('10.0.0.7');
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'service_unavailable' } });
    const broken = await app.request('/broken');
    expect(broken.status).toBe(502);
    expect(await broken.text()).not.toContain('abc123');
    expect(seen.map((s) => (s.error as HTTPException).status)).toEqual([503, 502]);
    expect(seen[0]?.info.requestId).toBe('r503');
  });

  it('keeps the headers of a custom response (bearerAuth WWW-Authenticate), not its body', async () => {
    const { app } = makeApp();
    app.use('/private/*', bearerAuth({ token: 'letmein' }));
    app.get('/private/x', (c) => c.text('ok'));
    const denied = await app.request('/private/x');
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(denied.headers.get('content-type')).toBe('application/json');
    expect(await denied.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const allowed = await app.request('/private/x', {
      headers: { authorization: 'Bearer letmein' },
    });
    expect(await allowed.text()).toBe('ok');
  });
});

describe('errata/hono: other failures', () => {
  it('renders a thrown non-Error (which Hono does not hand to onError) as a generic 500', async () => {
    const { app, seen } = makeApp();
    app.get('/string', () => {
      throw 'password=hunter2';
    });
    const res = await app.request('/string', { headers: { 'x-request-id': 's1' } });
    expect(res.status).toBe(500);
    expect(res.headers.get('x-request-id')).toBe('s1');
    expect(await res.text()).not.toContain('hunter2');
    expect(seen).toEqual([
      { error: 'password=hunter2', info: { requestId: 's1', method: 'GET', url: '/string' } },
    ]);
  });

  it('drops headers a handler prepared before failing', async () => {
    const { app } = makeApp();
    app.get('/half', (c) => {
      c.header('etag', '"7"');
      throw new ApiError({ status: 409, code: 'conflict' });
    });
    const res = await app.request('/half');
    expect(res.status).toBe(409);
    expect(res.headers.get('etag')).toBeNull();
  });

  it('pins a route format over the app format and Accept; Accept picks problem elsewhere', async () => {
    const { app, errata } = makeApp();
    const fail = () => {
      throw catalog.error('thing_not_found', { id: 'x' });
    };
    app.get('/pinned', errata.format('stripe'), fail);
    app.get('/plain', fail);
    const accept = { accept: 'application/problem+json' };
    const pinned = await app.request('/pinned', { headers: accept });
    expect(pinned.headers.get('content-type')).toBe('application/json');
    expect((await errorOf(pinned)).format).toBe('stripe');
    const plain = await app.request('/plain', { headers: accept });
    expect(plain.headers.get('content-type')).toBe('application/problem+json');
    expect(await plain.json()).toMatchObject({ code: 'thing_not_found', instance: '/plain' });
    expect(() => errata.format('nope' as 'problem')).toThrow(TypeError);
  });
});
