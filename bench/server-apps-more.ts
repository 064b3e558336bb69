/**
 * bench:server's fetch (on Node, through srvx) and Koa apps, loaded by bench/server-apps.ts only
 * when asked for, so the other frameworks' processes never load them. Same two routes as there:
 *   GET /ok   -> 200 {"status":"ok"}
 *   GET /err  -> 404, the framework's error path
 */
import { createServer, type Server } from 'node:http';
import Router from '@koa/router';
import Koa from 'koa';
import { toNodeHandler } from 'srvx/node';
import { attachServer } from '../src/server/attach.js';
import { errataKoa } from '../src/server/koa/index.js';
import { benchCatalog } from './server-catalog.js';
import { fetchErrata, fetchNative } from './server-fetch-handlers.js';

type NodeListener = Parameters<typeof createServer>[0] & object;

/** A bare fetch handler on node:http through srvx's bridge. */
function fetchNativeServer(): Server {
  return createServer(toNodeHandler(fetchNative) as NodeListener);
}

/**
 * errata/fetch on node:http through srvx's bridge, with errata/node's `attachServer` on it (as
 * errata/fetch recommends on Node, and as the Express app is attached).
 */
function fetchErrataServer(): Server {
  const server = createServer(toNodeHandler(fetchErrata()) as NodeListener);
  return attachServer(server, { catalog: benchCatalog, format: 'envelope' });
}

/** Koa 3 with @koa/router, `ctx.throw()` and the usual small JSON error middleware. */
function koaNative(): Server {
  const app = new Koa();
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const err = error as { status?: number; expose?: boolean; message: string };
      ctx.status = err.status ?? 500;
      ctx.body = { error: { message: err.expose === true ? err.message : 'Internal error' } };
    }
  });
  const router = new Router();
  router.get('/ok', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/err', (ctx) => ctx.throw(404, 'Secret not found'));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return createServer(app.callback());
}

/**
 * Koa 3 through errata/koa, wired as recommended: middleware first, the router through
 * `errata.routes`, `errata.notFound` last, `appError`, and the server attached.
 */
function koaErrata(): Server {
  const errata = errataKoa({ catalog: benchCatalog, format: 'envelope' });
  const router = new Router();
  router.get('/ok', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/err', () => {
    throw benchCatalog.error('secret_not_found');
  });
  const app = new Koa();
  app.use(errata.middleware);
  app.use(errata.routes(router));
  app.use(errata.notFound);
  app.on('error', errata.appError);
  return errata.attach(createServer(app.callback()));
}

/** Builders by name: `<framework> native` and `<framework> errata`. */
export const builders: Record<string, () => Server | Promise<Server>> = {
  'fetch native': fetchNativeServer,
  'fetch errata': fetchErrataServer,
  'koa native': koaNative,
  'koa errata': koaErrata,
};
