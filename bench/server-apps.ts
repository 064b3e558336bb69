/**
 * The servers bench:server measures, started in a child process so the load generator does not
 * share its event loop. Each framework gets two apps with the same two routes:
 *   GET /ok   -> 200 {"status":"ok"}
 *   GET /err  -> 404, the framework's error path
 * `native` uses the framework's own error handling; `errata` the errata adapter (request id,
 * catalog error, wire format). Prints one JSON line: { name: port }.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import createHttpError from 'http-errors';
import { errataExpress } from '../src/server/express/index.js';
import {
  errataFastify,
  errataFrameworkErrors,
  errataGenReqId,
} from '../src/server/fastify/index.js';
import { errataHono } from '../src/server/hono/index.js';
import { errata } from '../src/server/node/index.js';
import { answerCpuRequests } from './harness.js';
import { benchCatalog } from './server-catalog.js';

export { benchCatalog } from './server-catalog.js';

type Started = Record<string, number>;

/** Listen on 127.0.0.1, a free port; resolves with the port (a server already listening keeps its own). */
export function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    if (server.listening) return resolve((server.address() as AddressInfo).port);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** node:http by hand: what people write without a library. */
function nodeNative(): Server {
  return createServer((req, res) => {
    if (req.url === '/ok') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'secret_not_found', message: 'Secret not found' } }));
  });
}

function nodeErrata(): Server {
  const app = errata({ catalog: benchCatalog, format: 'envelope' });
  app.route('/ok', { GET: () => ({ body: { status: 'ok' } }) });
  app.route('/err', {
    GET: () => {
      throw benchCatalog.error('secret_not_found');
    },
  });
  return createServer(app.handler);
}

/** Express 5 with http-errors and the usual small JSON error handler. */
function expressNative(): Server {
  const app = express();
  app.get('/ok', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/err', (_req, _res, next) => next(createHttpError(404, 'Secret not found')));
  app.use(
    (
      error: { status?: number; message: string },
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      res
        .status(error.status ?? 500)
        .json({ error: { code: 'secret_not_found', message: error.message } });
    },
  );
  return createServer(app);
}

/**
 * Express 5 through errata/express: request id, catalog error, envelope. The request id comes
 * from `errata.attach(server)` (as recommended), not from an `app.use(errata.requestId)` layer.
 */
function expressErrata(): Server {
  const errata = errataExpress({ catalog: benchCatalog, format: 'envelope' });
  const app = express();
  app.get('/ok', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/err', () => {
    throw benchCatalog.error('secret_not_found');
  });
  app.use(errata.methodNotAllowed(app));
  app.use(errata.notFound);
  app.use(errata.errorHandler);
  return errata.attach(createServer(app));
}

/** Fastify 5 with its default error handler. */
async function fastifyNative(): Promise<Server> {
  const app = Fastify();
  app.get('/ok', async () => ({ status: 'ok' }));
  app.get('/err', async () => {
    throw Object.assign(new Error('Secret not found'), { statusCode: 404 });
  });
  await app.ready();
  return app.server;
}

/** Fastify 5 through errata/fastify. */
async function fastifyErrata(): Promise<Server> {
  const app = Fastify({ genReqId: errataGenReqId(), frameworkErrors: errataFrameworkErrors });
  await app.register(errataFastify, { catalog: benchCatalog, format: 'envelope' });
  app.get('/ok', async () => ({ status: 'ok' }));
  app.get('/err', async () => {
    throw benchCatalog.error('secret_not_found');
  });
  await app.ready();
  return app.server;
}

/** Hono 4 on @hono/node-server through errata/hono, around the app's fetch (as recommended). */
function honoErrata(): Server {
  const errata = errataHono({ catalog: benchCatalog, format: 'envelope' });
  const app = new Hono();
  app.onError(errata.onError);
  app.notFound(errata.notFound(app));
  app.get('/ok', (c) => c.json({ status: 'ok' }));
  app.get('/err', () => {
    throw benchCatalog.error('secret_not_found');
  });
  return createServer(getRequestListener(errata.fetch(app)));
}

/** Hono 4 on @hono/node-server with HTTPException and its default handler. */
function honoNative(): Server {
  const app = new Hono();
  app.get('/ok', (c) => c.json({ status: 'ok' }));
  app.get('/err', () => {
    throw new HTTPException(404, { message: 'Secret not found' });
  });
  return createServer(getRequestListener(app.fetch));
}

/** Builders by name: `<framework> native` and `<framework> errata`. */
export const builders: Record<string, () => Server | Promise<Server>> = {
  'node native': nodeNative,
  'node errata': nodeErrata,
  'express native': expressNative,
  'express errata': expressErrata,
  'fastify native': fastifyNative,
  'fastify errata': fastifyErrata,
  'hono native': honoNative,
  'hono errata': honoErrata,
};

/**
 * The frameworks whose apps live in modules of their own, imported only by the process that
 * serves them: Koa, NestJS and srvx are never loaded next to the apps above.
 */
const lazy: Record<string, () => Promise<{ builders: typeof builders }>> = {
  fetch: () => import('./server-apps-more.js'),
  koa: () => import('./server-apps-more.js'),
  nestjs: () => import('./server-apps-nest.js'),
  'nestjs-fastify': () => import('./server-apps-nest.js'),
};

async function main() {
  const only = process.argv.slice(2);
  const started: Started = {};
  const all = { ...builders };
  for (const [framework, load] of Object.entries(lazy)) {
    if (only.length === 0 || only.some((o) => o.trim() === framework)) {
      Object.assign(all, (await load()).builders);
    }
  }
  for (const [name, build] of Object.entries(all)) {
    if (only.length > 0 && !only.some((o) => name.startsWith(o))) continue;
    started[name] = await listen(await build());
  }
  process.stdout.write(`${JSON.stringify(started)}\n`);
  // The parent asks for this process's CPU time around each load run: on a 2-core machine the
  // load generator competes with the server, so CPU per request is the steadier measure.
  answerCpuRequests();
}

// Run as a script (bench/server.ts's child), not when imported (bench/server-same-bytes.ts).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
  // Exit cleanly on a signal so `--cpu-prof` can write its profile.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
}
