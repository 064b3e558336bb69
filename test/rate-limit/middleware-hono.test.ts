import { readFileSync } from 'node:fs';
import { getRequestListener } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { rateLimitHono } from '../../src/rate-limit/hono.js';
import { createRateLimiter } from '../../src/rate-limit/index.js';
import { type ErrataEnv, errataHono } from '../../src/server/hono/index.js';
import { startServer } from '../helpers/server.js';
import { ipCeilingCases } from './ip-ceiling-cases.js';
import { rateLimitCases } from './middleware-cases.js';

function honoApp() {
  const errata = errataHono({ onError: () => {} });
  const app = new Hono<ErrataEnv>();
  app.use(errata.middleware);
  app.onError(errata.onError);
  app.notFound(errata.notFound(app));
  return app;
}

rateLimitCases('hono', async ({ limiter, key, skip }) => {
  const byKey = key && ((c: Context) => key((name) => c.req.header(name)));
  const bySkip = skip && ((c: Context) => skip((name) => c.req.header(name)));
  const app = honoApp();
  app.get('/a', rateLimitHono(limiter, { key: byKey, skip: bySkip }), (c) => c.json({ ok: true }));
  app.get('/upload', rateLimitHono(limiter, { key: byKey, category: 'upload', cost: 2 }), (c) =>
    c.json({ ok: true }),
  );
  return startServer(getRequestListener(app.fetch));
});

ipCeilingCases('hono', async ({ limiter, by, ipCeiling }) => {
  const byId = (c: Context) => by((name) => c.req.header(name));
  const app = honoApp();
  app.get('/a', rateLimitHono(limiter, { by: byId, ipCeiling }), (c) => c.json({ ok: true }));
  app.get(
    '/upload',
    rateLimitHono(limiter, { by: byId, ipCeiling, category: 'upload', cost: 2 }),
    (c) => c.json({ ok: true }),
  );
  return startServer(getRequestListener(app.fetch));
});

describe('rateLimitHono', () => {
  it('keeps its headers on a Response a handler built itself, with no socket at all', async () => {
    const app = honoApp();
    app.use(
      rateLimitHono(createRateLimiter({ policies: '"p";q=2;w=60' }), {
        remoteAddress: (c) => c.req.header('x-test-peer'),
      }),
    );
    app.get('/raw', () => new Response('raw', { status: 200 }));
    const ask = (peer: string) => app.request('/raw', { headers: { 'x-test-peer': peer } });
    const first = await ask('192.0.2.1');
    expect(first.status).toBe(200);
    expect(await first.text()).toBe('raw');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(first.headers.get('x-request-id')).toMatch(/^req_/);
    await ask('192.0.2.1');
    const refused = await ask('192.0.2.1');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect((await ask('192.0.2.2')).status).toBe(200);
  });

  it('imports nothing from Node (its module and the shared step)', () => {
    for (const file of ['../../src/rate-limit/hono.ts', '../../src/rate-limit/middleware.ts']) {
      const source = readFileSync(new URL(file, import.meta.url), 'utf8');
      expect(source, file).not.toMatch(/from\s+['"]node:/);
    }
  });
});
