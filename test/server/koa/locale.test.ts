import { createServer, type IncomingMessage } from 'node:http';
import Router from '@koa/router';
import Koa, { type ParameterizedContext } from 'koa';
import { errataKoa, preferLocale } from '../../../src/server/koa/index.js';
import { startServer } from '../../helpers/server.js';
import { BODY_TIMEOUT_MS, localeCatalog, localeSuite } from '../locale-fixtures.js';

// errata/koa: the app's choice is made in a middleware after errata's, on `ctx`, `ctx.request`
// or `ctx.req`; a `ctx.vary()` before the failure stays on the error.
localeSuite({
  name: 'koa',
  views: ['ctx', 'request', 'req'],
  preferLocale,
  sample: () => ({ headers: {} }) as IncomingMessage,
  start() {
    const errata = errataKoa({
      catalog: localeCatalog,
      format: 'envelope',
      onError: () => {},
      bodyTimeout: BODY_TIMEOUT_MS,
    });
    const app = new Koa();
    const router = new Router();
    app.use(errata.middleware);
    app.use(async (ctx, next) => {
      const locale = ctx.get('x-user-locale');
      if (locale !== '') {
        const via = ctx.get('x-via');
        preferLocale(via === 'request' ? ctx.request : via === 'req' ? ctx.req : ctx, locale);
      }
      await next();
    });
    const fail = (ctx: ParameterizedContext) => {
      throw localeCatalog.error('thing_not_found', { id: String(ctx.params.id) });
    };
    router.get('/things/:id', (ctx) => {
      if (ctx.get('x-forget') !== '') preferLocale(ctx, undefined);
      fail(ctx);
    });
    router.get('/vary/:id', (ctx) => {
      ctx.vary(ctx.get('x-vary'));
      fail(ctx);
    });
    router.post('/slow/:id', errata.json(), (ctx) => {
      ctx.body = ctx.request.body;
    });
    app.use(errata.routes(router));
    app.use(errata.notFound);
    app.on('error', errata.appError);
    return startServer(errata.attach(createServer(app.callback())));
  },
});
