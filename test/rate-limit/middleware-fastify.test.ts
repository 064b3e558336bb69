import Fastify, { type FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { rateLimitFastify } from '../../src/rate-limit/fastify.js';
import { createRateLimiter } from '../../src/rate-limit/index.js';
import { errataFastify } from '../../src/server/fastify/index.js';
import { startFastify } from '../helpers/server.js';
import { ipCeilingCases } from './ip-ceiling-cases.js';
import { rateLimitCases } from './middleware-cases.js';

rateLimitCases('fastify', async ({ limiter, key, skip }) => {
  const byKey =
    key &&
    ((request: FastifyRequest) => key((name) => request.headers[name] as string | undefined));
  const bySkip =
    skip &&
    ((request: FastifyRequest) => skip((name) => request.headers[name] as string | undefined));
  const app = Fastify();
  app.register(errataFastify, { onError: () => {} });
  app.register((instance, _options, done) => {
    instance.get(
      '/a',
      { onRequest: rateLimitFastify(limiter, { key: byKey, skip: bySkip }) },
      async () => ({
        ok: true,
      }),
    );
    instance.get(
      '/upload',
      { onRequest: rateLimitFastify(limiter, { key: byKey, category: 'upload', cost: 2 }) },
      async () => ({ ok: true }),
    );
    done();
  });
  return startFastify(app);
});

ipCeilingCases('fastify', async ({ limiter, by, ipCeiling }) => {
  const byId = (request: FastifyRequest) =>
    by((name) => request.headers[name] as string | undefined);
  const app = Fastify();
  app.register(errataFastify, { onError: () => {} });
  app.register((instance, _options, done) => {
    instance.get(
      '/a',
      { onRequest: rateLimitFastify(limiter, { by: byId, ipCeiling }) },
      async () => ({
        ok: true,
      }),
    );
    instance.get(
      '/upload',
      {
        onRequest: rateLimitFastify(limiter, { by: byId, ipCeiling, category: 'upload', cost: 2 }),
      },
      async () => ({ ok: true }),
    );
    done();
  });
  return startFastify(app);
});

describe('rateLimitFastify', () => {
  it('limits every route as an instance hook, not-found answers included', async () => {
    const app = Fastify();
    app.register(errataFastify, { onError: () => {} });
    app.addHook(
      'onRequest',
      rateLimitFastify(createRateLimiter({ policies: '"p";q=1;w=60' }), {
        category: () => undefined,
      }),
    );
    app.get('/x', async () => 'x');
    const server = await startFastify(app);
    try {
      const first = await fetch(`${server.url}/nowhere`, { headers: { 'x-request-id': 'nf-1' } });
      expect(first.status).toBe(404);
      expect(first.headers.get('x-request-id')).toBe('nf-1');
      expect(first.headers.get('x-ratelimit-remaining')).toBe('0');
      const refused = await fetch(`${server.url}/x`, { headers: { 'x-request-id': 'rl-2' } });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('x-request-id')).toBe('rl-2');
    } finally {
      await server.close();
    }
  });
});
