import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import {
  type ErrataEnv,
  errataHono,
  type HonoErrataOptions,
} from '../../../src/server/hono/index.js';
import { startServer } from '../../helpers/server.js';
import { collectErrors } from '../fixtures.js';
import { catalog, errorOf } from './fixtures.js';

/** A Hono app with errata around its fetch (`errata.fetch(app)`), no errata middleware. */
function makeWrapped(options: HonoErrataOptions = {}) {
  const { seen, onError } = collectErrors();
  const errata = errataHono({ catalog, format: 'envelope', onError, ...options });
  const app = new Hono<ErrataEnv>();
  app.onError(errata.onError);
  app.notFound(errata.notFound(app));
  app.get('/id', (c) => {
    // Not set before errata.requestIdOf (which keeps it in the context) without the middleware.
    const fromVar = c.get('requestId') ?? null;
    return c.json({ id: errata.requestIdOf(c), fromVar });
  });
  app.get('/async', async (c) => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return c.json({ ok: true });
  });
  app.get('/v1/things/:id', (c) => c.json({ id: c.req.param('id') }));
  app.get('/throw-string', () => {
    throw 'a string, not an Error';
  });
  app.get('/reject-object', async () => {
    await Promise.resolve();
    throw { internal: '/srv/app/secret.ts' };
  });
  app.get('/pinned-string', errata.format('problem'), () => {
    throw 'pinned';
  });
  app.get('/boom', () => {
    throw new Error('secret internals');
  });
  app.get('/frozen', () => Response.redirect('https://example.com/', 302));
  return { app, errata, fetch: errata.fetch(app), seen };
}

const ID = /^req_[A-Za-z0-9_-]{22}$/;

describe('errata/hono errata.fetch(app): on a real socket (@hono/node-server)', () => {
  it('sets X-Request-ID on every response from the node:http response, and requestIdOf reads it', async () => {
    const { fetch } = makeWrapped();
    const server = await startServer(getRequestListener(fetch));
    try {
      const given = await globalThis.fetch(`${server.url}/id`, {
        headers: { 'x-request-id': 'trace-1' },
      });
      expect(given.headers.get('x-request-id')).toBe('trace-1');
      // c.get('requestId') is not set without the middleware; requestIdOf is.
      expect(await given.json()).toEqual({ id: 'trace-1', fromVar: null });

      const replaced = await globalThis.fetch(`${server.url}/id`, {
        headers: { 'x-request-id': 'bad id' },
      });
      const id = replaced.headers.get('x-request-id');
      expect(id).toMatch(ID);
      expect(await replaced.json()).toEqual({ id, fromVar: null });

      const later = await globalThis.fetch(`${server.url}/async`);
      expect(later.headers.get('x-request-id')).toMatch(ID);
      expect(await later.json()).toEqual({ ok: true });

      const missing = await globalThis.fetch(`${server.url}/nowhere`, {
        headers: { 'x-request-id': 'trace-404' },
      });
      expect(missing.status).toBe(404);
      expect(missing.headers.get('x-request-id')).toBe('trace-404');
      expect((await errorOf(missing)).requestId).toBe('trace-404');
    } finally {
      await server.close();
    }
  });

  it('answers values thrown that are not Errors in the app format, reported, nothing leaked', async () => {
    const { fetch, seen } = makeWrapped();
    const server = await startServer(getRequestListener(fetch));
    try {
      for (const path of ['/throw-string', '/reject-object']) {
        const res = await globalThis.fetch(`${server.url}${path}`, {
          headers: { 'x-request-id': `trace${path.replace('/', '-')}` },
        });
        const text = await res.text();
        expect(res.status).toBe(500);
        expect(res.headers.get('content-type')).toBe('application/json');
        expect(res.headers.get('x-request-id')).toBe(`trace${path.replace('/', '-')}`);
        expect(text).not.toContain('secret.ts');
        expect(text).not.toContain('a string');
        expect(JSON.parse(text).error.code).toBe('internal_error');
      }
      expect(seen.map((s) => s.info)).toEqual([
        { requestId: 'trace-throw-string', method: 'GET', url: '/throw-string' },
        { requestId: 'trace-reject-object', method: 'GET', url: '/reject-object' },
      ]);
      expect(seen[0]?.error).toBe('a string, not an Error'); // onError hears what was thrown

      // A route's pinned format holds for them too (errata.format catches them in context).
      const pinned = await globalThis.fetch(`${server.url}/pinned-string`);
      expect(pinned.status).toBe(500);
      expect(pinned.headers.get('content-type')).toBe('application/problem+json');
    } finally {
      await server.close();
    }
  });

  it('answers 400 for a bad percent-encoding in a routed path, 404 on an unknown one', async () => {
    const { fetch } = makeWrapped();
    const server = await startServer(getRequestListener(fetch));
    try {
      const routed = await globalThis.fetch(`${server.url}/v1/things/%zz`);
      expect(routed.status).toBe(400);
      expect((await errorOf(routed)).code).toBe('invalid_request');
      const head = await globalThis.fetch(`${server.url}/v1/things/%E0%A4%A`, { method: 'HEAD' });
      expect(head.status).toBe(400);
      expect(head.headers.get('x-request-id')).toMatch(ID);
      const unknown = await globalThis.fetch(`${server.url}/nope/%zz`);
      expect(unknown.status).toBe(404);
      const good = await globalThis.fetch(`${server.url}/v1/things/a%20b`);
      expect(await good.json()).toEqual({ id: 'a b' });
    } finally {
      await server.close();
    }
  });
});

describe('errata/hono errata.fetch(app): a Response the app answers every request with', () => {
  it("puts each request's id on a copy, never on the shared Response another request holds", async () => {
    const errata = errataHono({ catalog, format: 'envelope', onError: () => {} });
    const app = new Hono<ErrataEnv>();
    const shared = new Response(null, { status: 204, headers: { 'x-served-by': 'cache' } });
    app.get('/shared', () => shared);
    const fetch = errata.fetch(app);
    const first = await fetch(
      new Request('http://x/shared', { headers: { 'x-request-id': 'a-1' } }),
    );
    const second = await fetch(
      new Request('http://x/shared', { headers: { 'x-request-id': 'b-2' } }),
    );
    expect(first.headers.get('x-request-id')).toBe('a-1');
    expect(second.headers.get('x-request-id')).toBe('b-2');
    expect(second).not.toBe(first);
    expect([second.status, second.headers.get('x-served-by')]).toEqual([204, 'cache']);
  });
});

describe('errata/hono errata.fetch(app): on fetch runtimes (a bare Request, no node-server env)', () => {
  it('stamps the Response Hono returns, immutable ones by a copy, with a custom header too', async () => {
    const { fetch } = makeWrapped({ requestId: { header: 'X-Trace-ID' } });
    const ok = await fetch(new Request('http://x/id', { headers: { 'x-trace-id': 'abc' } }));
    expect(ok.headers.get('x-trace-id')).toBe('abc');
    expect(ok.headers.get('x-request-id')).toBe('abc');
    expect(await ok.json()).toEqual({ id: 'abc', fromVar: null });

    const frozen = await fetch(new Request('http://x/frozen'));
    expect(frozen.status).toBe(302);
    expect(frozen.headers.get('location')).toBe('https://example.com/');
    expect(frozen.headers.get('x-trace-id')).toMatch(ID);

    const thrown = await fetch(
      new Request('http://x/throw-string', { headers: { accept: 'application/problem+json' } }),
    );
    expect(thrown.status).toBe(500);
    expect(thrown.headers.get('x-trace-id')).toMatch(ID);
    // Format negotiation reads the bare request's Accept.
    expect(thrown.headers.get('content-type')).toBe('application/problem+json');

    const boom = await fetch(new Request('http://x/boom', { headers: { 'x-trace-id': 't-2' } }));
    expect(boom.status).toBe(500);
    expect(boom.headers.get('x-trace-id')).toBe('t-2');
    expect(await boom.text()).not.toContain('secret internals');
  });

  it('answers a synchronous throw out of app.fetch itself', async () => {
    const errata = errataHono({ catalog, format: 'envelope', onError: () => {} });
    const app = new Hono();
    const broken = Object.assign(Object.create(app) as Hono, {
      fetch: () => {
        throw 42;
      },
    });
    const res = await errata.fetch(broken)(new Request('http://x/any'));
    expect(res.status).toBe(500);
    expect(res.headers.get('x-request-id')).toMatch(ID);
  });
});
