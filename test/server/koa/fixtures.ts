import { createServer } from 'node:http';
import Router from '@koa/router';
import Koa from 'koa';
import { defineCatalog, parseErrorBody } from '../../../src/index.js';
import {
  type ErrataKoa,
  type ErrataOptions,
  type ErrorInfo,
  errataKoa,
} from '../../../src/server/koa/index.js';
import { startServer } from '../../helpers/server.js';
import { TYPE_BASE, thingNotFound } from '../fixtures.js';

export const catalog = defineCatalog({
  typeBase: TYPE_BASE,
  errors: {
    thing_not_found: thingNotFound,
    conflict: { status: 409, title: 'Conflict', message: 'It conflicts.' },
  },
});

export const SECRET = 'postgres://admin:hunter2@db.internal';
export const JSON_TYPE = { 'content-type': 'application/json' };

/** How a test app is wired around its router. */
export type AppSetup = {
  /** Whether `errata.attach` prepares the server (as the vault's entry point does). @default true */
  attach?: boolean;
  /** Whether `app.on('error', errata.appError)` is set. @default true */
  appError?: boolean;
};

/**
 * Build a router between errata's first middleware and its notFound; start the app on
 * 127.0.0.1:0 (attached by default). `onError` calls are collected in `errors`.
 */
export async function withApp(
  build: (router: Router, errata: ErrataKoa, app: Koa) => void,
  options: ErrataOptions = {},
  setup: AppSetup = {},
) {
  const errors: { error: unknown; info: ErrorInfo }[] = [];
  const errata = errataKoa({
    catalog,
    format: 'envelope',
    onError: (error, info) => {
      errors.push({ error, info });
    },
    ...options,
  });
  const app = new Koa();
  const router = new Router({ strict: true, sensitive: true });
  app.use(errata.middleware);
  build(router, errata, app);
  app.use(errata.routes(router));
  app.use(errata.notFound);
  if (setup.appError ?? true) app.on('error', errata.appError);
  else app.silent = true;
  const server = createServer(app.callback());
  const running = await startServer((setup.attach ?? true) ? errata.attach(server) : server);
  return { ...running, errors };
}

export type Server = Awaited<ReturnType<typeof withApp>>;

export async function errorOf(res: Response) {
  const body = await res.text();
  return { error: parseErrorBody({ status: res.status, headers: res.headers, body }), body };
}

export async function use<T>(server: Server, run: (server: Server) => Promise<T>): Promise<T> {
  try {
    return await run(server);
  } finally {
    await server.close();
  }
}

/** Wait (bounded) until onError saw `count` reports: reports after a cut response arrive late. */
export async function reported(server: Server, count = 1) {
  for (let i = 0; i < 100 && server.errors.length < count; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return server.errors;
}
