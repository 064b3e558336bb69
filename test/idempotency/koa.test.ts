import { createServer } from 'node:http';
import Router from '@koa/router';
import Koa, { type ParameterizedContext } from 'koa';
import { describe, expect, it } from 'vitest';
import { idempotencyKoa } from '../../src/idempotency/koa.js';
import { errataKoa } from '../../src/server/koa/index.js';
import { startServer } from '../helpers/server.js';
import { catalog, handlers } from './fixtures.js';
import { idempotencyCases } from './middleware-cases.js';

idempotencyCases('Koa', async ({ options, effects }) => {
  const errata = errataKoa({ catalog, format: 'problem', onError: () => {} });
  type Answer = { status: number; headers?: Record<string, string>; body: unknown };
  const send = (ctx: ParameterizedContext, answer: Answer) => {
    ctx.status = answer.status;
    ctx.set(answer.headers ?? {});
    if (typeof answer.body === 'string') ctx.type = 'text/plain';
    ctx.body = answer.body;
  };
  const router = new Router();
  router.post('/things', (ctx) => send(ctx, handlers.things(effects, ctx.request.body)));
  router.get('/things', (ctx) => {
    ctx.body = { made: effects.made };
  });
  router.post('/missing', () => handlers.missing(effects));
  router.post('/boom', () => handlers.boom(effects));
  router.post('/slow', async (ctx) => send(ctx, await handlers.slow(effects)));
  router.post('/big', (ctx) => send(ctx, handlers.big(effects, Number(ctx.query.n))));
  const app = new Koa();
  app.use(errata.middleware);
  app.use(idempotencyKoa({ catalog, ...options }));
  app.use(errata.json({ required: false }));
  app.use(errata.routes(router));
  app.use(errata.notFound);
  return startServer(errata.attach(createServer(app.callback())));
});

describe('idempotencyKoa: the target as sent, and keyless bodies left alone', () => {
  it("fingerprints ctx.originalUrl, so a mount's rewritten path never replays another endpoint", async () => {
    const errata = errataKoa({ catalog, format: 'problem', onError: () => {} });
    const app = new Koa();
    app.use(errata.middleware);
    // What koa-mount does: the app below sees the path without its prefix.
    app.use(async (ctx, next) => {
      ctx.path = ctx.path.replace(/^\/v1\/(orders|refunds)/, '');
      await next();
    });
    app.use(idempotencyKoa({ catalog }));
    app.use(errata.json({ required: false }));
    app.use((ctx) => {
      ctx.status = 201;
      ctx.body = { endpoint: ctx.originalUrl };
    });
    const server = await startServer(errata.attach(createServer(app.callback())));
    try {
      const send = (path: string) =>
        fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': 'same' },
          body: '{"amount":5}',
        });
      const orders = await send('/v1/orders/create');
      expect(orders.status).toBe(201);
      const refunds = await send('/v1/refunds/create');
      expect(refunds.headers.get('idempotent-replayed')).toBeNull();
      expect(refunds.status).toBe(422);
      expect(await refunds.json()).toMatchObject({ code: 'idempotency_key_reused' });
    } finally {
      await server.close();
    }
  });

  it('does not read or limit the body of a request without a key', async () => {
    const errata = errataKoa({ catalog, format: 'problem', onError: () => {} });
    const app = new Koa();
    app.use(errata.middleware);
    app.use(idempotencyKoa({ catalog, bodyLimit: 1024 }));
    app.use(async (ctx) => {
      let size = 0;
      for await (const chunk of ctx.req) size += (chunk as Buffer).byteLength;
      ctx.status = 201;
      ctx.body = { size };
    });
    const server = await startServer(errata.attach(createServer(app.callback())));
    try {
      const upload = await fetch(`${server.url}/upload`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: new Uint8Array(100_000),
      });
      expect(upload.status).toBe(201);
      expect(await upload.json()).toEqual({ size: 100_000 });
    } finally {
      await server.close();
    }
  });
});
