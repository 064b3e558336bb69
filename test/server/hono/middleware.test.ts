import { describe, expect, it } from 'vitest';
import { makeApp } from './fixtures.js';

describe('errata/hono: request ids', () => {
  it('puts the id in c.get, in onError and on success and error responses', async () => {
    const { app, seen } = makeApp();
    app.get('/id', (c) => c.json({ id: c.get('requestId') }));
    app.get('/boom', () => {
      throw new Error('secret internals');
    });
    const ok = await app.request('/id', { headers: { 'x-request-id': 'trace-1' } });
    expect(ok.headers.get('x-request-id')).toBe('trace-1');
    expect(await ok.json()).toEqual({ id: 'trace-1' });

    const generated = await app.request('/id', { headers: { 'x-request-id': 'bad id' } });
    const id = generated.headers.get('x-request-id');
    expect(id).toMatch(/^req_[A-Za-z0-9_-]{22}$/);
    expect(await generated.json()).toEqual({ id });

    const boom = await app.request('/boom', { headers: { 'x-request-id': 'trace-2' } });
    expect(boom.status).toBe(500);
    expect(boom.headers.get('x-request-id')).toBe('trace-2');
    const text = await boom.text();
    expect(text).not.toContain('secret internals');
    expect(seen).toHaveLength(1);
    expect((seen[0]?.error as Error | undefined)?.message).toBe('secret internals');
    expect(seen[0]?.info).toEqual({ requestId: 'trace-2', method: 'GET', url: '/boom' });

    const missing = await app.request('/nowhere?x=1', { headers: { 'x-request-id': 'trace-3' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-request-id')).toBe('trace-3');
  });

  it('uses a custom header and stamps responses built with new Response() and fetch()-like immutable headers', async () => {
    const { app } = makeApp({ requestId: { header: 'X-Trace-ID' } });
    app.get('/raw', () => new Response('raw'));
    app.get('/frozen', () => Response.redirect('https://example.com/', 302));
    const raw = await app.request('/raw', { headers: { 'x-trace-id': 'abc' } });
    expect(raw.headers.get('x-trace-id')).toBe('abc');
    expect(raw.headers.get('x-request-id')).toBe('abc');
    expect(await raw.text()).toBe('raw');
    const frozen = await app.request('/frozen', { headers: { 'x-trace-id': 'def' } });
    expect(frozen.status).toBe(302);
    expect(frozen.headers.get('x-trace-id')).toBe('def');
  });
});
