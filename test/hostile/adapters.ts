import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import Router from '@koa/router';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import { defineCatalog } from '../../src/index.js';
import { errataExpress } from '../../src/server/express/index.js';
import { errataFastify } from '../../src/server/fastify/index.js';
import { errata as errataFetch } from '../../src/server/fetch/index.js';
import { type ErrataEnv, errataHono } from '../../src/server/hono/index.js';
import { errataKoa } from '../../src/server/koa/index.js';
import { attachServer, errata, type NodeErrataOptions } from '../../src/server/node/index.js';
import { type RunningServer, startFastify, startServer } from '../helpers/server.js';
import { startFetch } from '../helpers/vault-fetch.js';
import { startNestAdapter } from './nest-apps.js';

// One tiny app per adapter, each wired the documented way to let errata answer what never
// reaches the framework: `app.attach`, `errata.attach`, the Fastify plugin, `attachServer`
// (errata/fetch on Node through srvx, with attachServer on the bridge's server).

export const ADAPTERS = [
  'node',
  'express',
  'fastify',
  'hono',
  'fetch',
  'koa',
  'nestjs',
  'nestjs-fastify',
] as const;
export type Adapter = (typeof ADAPTERS)[number];

/** A catalog of the app's own, so answers show they come from it. */
export const catalog = defineCatalog({ errors: {}, format: 'envelope' });

/** Options every adapter gets: short timeouts so stalls end fast. */
export const OPTIONS: NodeErrataOptions = {
  catalog,
  format: 'envelope',
  headersTimeout: 200,
  bodyTimeout: 200,
  onError: () => {},
};

/**
 * Start one adapter's app on 127.0.0.1:0: `GET /t` answers `ok`, `POST /echo` echoes its JSON.
 * @example const app = await startAdapter('hono'); await app.close();
 */
export async function startAdapter(
  adapter: Adapter,
  options: NodeErrataOptions = OPTIONS,
): Promise<RunningServer> {
  switch (adapter) {
    case 'node': {
      const app = errata(options);
      app.route('/t', { GET: () => ({ body: 'ok' }) });
      app.route('/echo', { POST: async (ctx) => ({ body: await ctx.json() }) });
      return startServer(app);
    }
    case 'express': {
      const e = errataExpress(options);
      const app = express();
      app.use(e.requestId);
      app.get('/t', (_req, res) => {
        res.send('ok');
      });
      app.post('/echo', e.json(), (req, res) => {
        res.json(req.body);
      });
      app.use(e.notFound);
      app.use(e.errorHandler);
      return startServer(e.attach(createServer(app)));
    }
    case 'fastify': {
      const app = Fastify();
      await app.register(errataFastify, options);
      app.get('/t', async () => 'ok');
      app.post('/echo', async (request) => request.body);
      return startFastify(app);
    }
    case 'hono': {
      const e = errataHono(options);
      const app = new Hono<ErrataEnv>();
      app.use(e.middleware);
      app.onError(e.onError);
      app.notFound(e.notFound(app));
      app.get('/t', (c) => c.text('ok'));
      app.post('/echo', async (c) => c.json(await c.req.json()));
      const server = createServer(getRequestListener(app.fetch, { hostname: '127.0.0.1' }));
      return startServer(attachServer(server, options));
    }
    case 'fetch': {
      const { rateLimit: _, idempotency: __, ...shared } = options;
      const app = errataFetch(shared);
      app.route('/t', { GET: () => ({ body: 'ok' }) });
      app.route('/echo', { POST: async (ctx) => ({ body: await ctx.json() }) });
      return startFetch(app.fetch, options);
    }
    case 'koa': {
      const e = errataKoa(options);
      const router = new Router();
      router.get('/t', (ctx) => {
        ctx.body = 'ok';
      });
      router.post('/echo', e.json(), (ctx) => {
        ctx.body = ctx.request.body;
      });
      const app = new Koa();
      app.use(e.middleware);
      app.use(e.routes(router));
      app.use(e.notFound);
      app.on('error', e.appError);
      return startServer(e.attach(createServer(app.callback())));
    }
    case 'nestjs':
      return startNestAdapter('express', options);
    case 'nestjs-fastify':
      return startNestAdapter('fastify', options);
  }
}
