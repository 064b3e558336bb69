import { createServer } from 'node:http';
import Router from '@koa/router';
import Koa, { type ParameterizedContext } from 'koa';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/rate-limit/index.js';
import { rateLimitKoa } from '../../src/rate-limit/koa.js';
import { errataKoa } from '../../src/server/koa/index.js';
import { startServer } from '../helpers/server.js';
import { ipCeilingCases } from './ip-ceiling-cases.js';
import { rateLimitCases } from './middleware-cases.js';

type Ctx = ParameterizedContext;

/** A Koa app with errata around `router`, started on 127.0.0.1:0. */
function start(router: Router, onError: (error: unknown) => void = () => {}) {
  const errata = errataKoa({ onError });
  const app = new Koa();
  app.use(errata.middleware);
  app.use(errata.routes(router));
  app.use(errata.notFound);
  return startServer(createServer(app.callback()));
}

const ok = (ctx: Ctx) => {
  ctx.body = { ok: true };
};

/** A request header as one string. */
const header = (ctx: Ctx) => (name: string) => {
  const value = ctx.req.headers[name];
  return typeof value === 'string' ? value : undefined;
};

rateLimitCases('koa', async ({ limiter, key, skip }) => {
  const byKey = key && ((ctx: Ctx) => key(header(ctx)));
  const bySkip = skip && ((ctx: Ctx) => skip(header(ctx)));
  const router = new Router();
  router.get('/a', rateLimitKoa(limiter, { key: byKey, skip: bySkip }), ok);
  router.get('/upload', rateLimitKoa(limiter, { key: byKey, category: 'upload', cost: 2 }), ok);
  return start(router);
});

ipCeilingCases('koa', async ({ limiter, by, ipCeiling }) => {
  const byId = (ctx: Ctx) => by(header(ctx));
  const router = new Router();
  router.get('/a', rateLimitKoa(limiter, { by: byId, ipCeiling }), ok);
  router.get(
    '/upload',
    rateLimitKoa(limiter, { by: byId, ipCeiling, category: 'upload', cost: 2 }),
    ok,
  );
  return start(router);
});

describe('rateLimitKoa', () => {
  it('answers a failing key function with a reported 500', async () => {
    const reported: unknown[] = [];
    const router = new Router();
    router.get(
      '/',
      rateLimitKoa(createRateLimiter({ policies: '"p";q=1;w=60' }), {
        key: async () => {
          throw new Error('no tenant');
        },
      }),
      ok,
    );
    const server = await start(router, (error) => reported.push(error));
    try {
      const res = await fetch(server.url);
      expect(res.status).toBe(500);
      await res.arrayBuffer();
      expect(reported).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('keeps its headers on an error the handler throws', async () => {
    const router = new Router();
    router.get('/fail', rateLimitKoa(createRateLimiter({ policies: '"p";q=5;w=60' })), (ctx) =>
      ctx.throw(404),
    );
    const server = await start(router);
    try {
      const res = await fetch(`${server.url}/fail`);
      expect(res.status).toBe(404);
      expect(res.headers.get('x-ratelimit-remaining')).toBe('4');
      await res.arrayBuffer();
    } finally {
      await server.close();
    }
  });

  it('refuses wrong options at start-up', () => {
    const limiter = createRateLimiter({ policies: '"p";q=1;w=60' });
    expect(() => rateLimitKoa(limiter, { category: 'nope' })).toThrow(/rateLimitKoa/);
    expect(() => rateLimitKoa(limiter, { key: 'x' as never })).toThrow(/key/);
  });
});
