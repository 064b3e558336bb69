import { createServer } from 'node:http';
import Router from '@koa/router';
import Koa, { type ParameterizedContext } from 'koa';
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
