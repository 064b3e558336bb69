import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/rate-limit/index.js';
import { rateLimit } from '../../src/rate-limit/node.js';
import { errata } from '../../src/server/node/index.js';
import { startServer } from '../helpers/server.js';
import { ipCeilingCases } from './ip-ceiling-cases.js';
import { rateLimitCases } from './middleware-cases.js';

rateLimitCases('errata/node', async ({ limiter, key, skip }) => {
  const byKey =
    key &&
    ((req: import('node:http').IncomingMessage) =>
      key((name) => req.headers[name] as string | undefined));
  const bySkip =
    skip &&
    ((req: import('node:http').IncomingMessage) =>
      skip((name) => req.headers[name] as string | undefined));
  const app = errata({ onError: () => {} });
  app.route(
    '/a',
    { GET: () => ({ body: { ok: true } }) },
    { rateLimit: rateLimit(limiter, { key: byKey, skip: bySkip }) },
  );
  app.route(
    '/upload',
    { GET: () => ({ body: { ok: true } }) },
    { rateLimit: rateLimit(limiter, { key: byKey, category: 'upload', cost: 2 }) },
  );
  return startServer(app);
});

ipCeilingCases('errata/node', async ({ limiter, by, ipCeiling }) => {
  const byId = (req: import('node:http').IncomingMessage) =>
    by((name) => req.headers[name] as string | undefined);
  const app = errata({ onError: () => {} });
  const ok = { GET: () => ({ body: { ok: true } }) };
  app.route('/a', ok, { rateLimit: rateLimit(limiter, { by: byId, ipCeiling }) });
  app.route('/upload', ok, {
    rateLimit: rateLimit(limiter, { by: byId, ipCeiling, category: 'upload', cost: 2 }),
  });
  return startServer(app);
});

describe('errata/node rateLimit options', () => {
  const limiter = createRateLimiter({ policies: '"p";q=1;w=60' });

  it('limits every request (unknown paths too) as an app option', async () => {
    const app = errata({ onError: () => {}, rateLimit: rateLimit(limiter, { key: () => 'all' }) });
    app.route('/x', { GET: () => ({ body: 'x' }) });
    const server = await startServer(app);
    try {
      const first = await fetch(`${server.url}/nowhere`);
      expect(first.status).toBe(404);
      expect(first.headers.get('x-ratelimit-remaining')).toBe('0');
      expect((await fetch(`${server.url}/x`)).status).toBe(429);
    } finally {
      await server.close();
    }
  });

  it('works with errata.wrap and per-request cost functions', async () => {
    const wrapped = errata.wrap(() => ({ body: 'ok' }), {
      rateLimit: rateLimit(createRateLimiter({ policies: '"w";q=3;w=60' }), {
        cost: (req) => (req.method === 'POST' ? 3 : 1),
      }),
    });
    const server = await startServer(wrapped);
    try {
      expect((await fetch(server.url)).headers.get('x-ratelimit-remaining')).toBe('2');
      expect((await fetch(server.url, { method: 'POST' })).status).toBe(429);
      expect((await fetch(server.url)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('refuses wrong options at start-up', () => {
    expect(() => rateLimit(limiter, { category: 'nope' })).toThrow(/no category "nope"/);
    expect(() => rateLimit(limiter, { cost: -1 })).toThrow(/cost/);
    expect(() => rateLimit({} as never)).toThrow(/createRateLimiter/);
    expect(() => errata({ rateLimit: 'x' as never })).toThrow(/rateLimit/);
    expect(() => errata().route('/a', {}, { rateLimit: 1 as never })).toThrow(/rateLimit/);
  });
});
