import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import { expect, it } from 'vitest';
import { type ErrataEnv, errataHono, preferLocale } from '../../../src/server/hono/index.js';
import { attachServer } from '../../../src/server/node/index.js';
import { startServer } from '../../helpers/server.js';
import { BODY_TIMEOUT_MS, localeCatalog, localeSuite, varyOf } from '../locale-fixtures.js';

/**
 * The suite's app on @hono/node-server, behind errata's middleware or `errata.fetch`: the choice
 * made in a middleware on `c`, `c.req` or `c.req.raw` (the fetch Request).
 */
function start(setup: 'middleware' | 'fetch') {
  const errata = errataHono({ catalog: localeCatalog, format: 'envelope', onError: () => {} });
  const app = new Hono<ErrataEnv>();
  if (setup === 'middleware') app.use(errata.middleware);
  app.onError(errata.onError);
  app.notFound(errata.notFound(app));
  app.use('/cors/*', cors({ origin: 'https://app.example.com' }));
  app.use(async (c, next) => {
    const locale = c.req.header('x-user-locale');
    if (locale !== undefined) {
      const via = c.req.header('x-via');
      preferLocale(via === 'req' ? c.req : via === 'raw' ? c.req.raw : c, locale);
    }
    await next();
  });
  const fail = (c: Context) => {
    throw localeCatalog.error('thing_not_found', { id: c.req.param('id') ?? '' });
  };
  app.get('/things/:id', (c) => {
    if (c.req.header('x-forget') !== undefined) preferLocale(c, undefined);
    return fail(c);
  });
  app.get('/vary/:id', (c) => {
    c.header('Vary', c.req.header('x-vary') ?? '');
    return fail(c);
  });
  app.get('/cors/:id', (c) => fail(c));
  app.post('/slow/:id', async (c) => c.json(await c.req.json()));
  app.get('/non-error', () => {
    // Hono's onError sees only Errors: errata's middleware, or `errata.fetch`, answers this.
    throw 'not an Error';
  });
  const handler = setup === 'fetch' ? errata.fetch(app) : app.fetch;
  // A wrapper that decides for the fetch Request before Hono sees it (`x-wrapper-locale`).
  const fetch = (request: Request, env: unknown) => {
    const locale = request.headers.get('x-wrapper-locale');
    if (locale !== null) preferLocale(request, locale);
    return handler(request, env);
  };
  // What never reaches Hono (a stalled body) is answered by errata/node's attachServer.
  const server = createServer(getRequestListener(fetch, { hostname: '127.0.0.1' }));
  return startServer(
    attachServer(server, {
      catalog: localeCatalog,
      format: 'envelope',
      bodyTimeout: BODY_TIMEOUT_MS,
    }),
  );
}

for (const setup of ['middleware', 'fetch'] as const) {
  localeSuite({
    name: `hono (${setup})`,
    views: ['c', 'req', 'raw'],
    preferLocale,
    sample: () => new Request('http://x/'),
    start: () => start(setup),
  });

  it(`hono (${setup}): keeps hono/cors's Vary: Origin beside Accept-Language`, async () => {
    const app = await start(setup);
    try {
      const res = await fetch(`${app.url}/cors/7`, {
        headers: { 'accept-language': 'de', origin: 'https://app.example.com' },
      });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-language')).toBe('de');
      expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect([...varyOf(res)].sort()).toEqual(['accept-language', 'origin']);
      await res.arrayBuffer();
    } finally {
      await app.close();
    }
  });
}

for (const setup of ['middleware', 'fetch'] as const) {
  it(`hono (${setup}): localizes the answer to a non-Error thrown past Hono`, async () => {
    const app = await start(setup);
    try {
      const negotiated = await fetch(`${app.url}/non-error`, {
        headers: { 'accept-language': 'de' },
      });
      expect(negotiated.status).toBe(500);
      expect(negotiated.headers.get('content-language')).toBe('de');
      expect(varyOf(negotiated)).toEqual(['accept-language']);
      expect(await negotiated.json()).toMatchObject({ error: { code: 'internal_error' } });
      const chosen = await fetch(`${app.url}/non-error`, {
        headers: { 'accept-language': 'de', 'x-wrapper-locale': 'fr' },
      });
      expect(chosen.status).toBe(500);
      expect(chosen.headers.get('content-language')).toBe('fr');
      expect(varyOf(chosen)).toEqual([]);
      await chosen.arrayBuffer();
    } finally {
      await app.close();
    }
  });
}
