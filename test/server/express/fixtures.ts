import express, { type Express } from 'express';
import { defineCatalog, parseErrorBody } from '../../../src/index.js';
import {
  type ErrataExpress,
  type ErrataOptions,
  type ErrorInfo,
  errataExpress,
} from '../../../src/server/express/index.js';
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

/** Build an app between errata's first and last middleware; start it on 127.0.0.1:0. */
export async function withApp(
  build: (app: Express, errata: ErrataExpress) => void,
  options: ErrataOptions = {},
) {
  const errors: { error: unknown; info: ErrorInfo }[] = [];
  const errata = errataExpress({
    catalog,
    format: 'envelope',
    onError: (error, info) => {
      errors.push({ error, info });
    },
    ...options,
  });
  const app = express();
  app.use(errata.requestId);
  build(app, errata);
  app.use(errata.methodNotAllowed(app));
  app.use(errata.notFound);
  app.use(errata.errorHandler);
  const server = await startServer(app as unknown as Parameters<typeof startServer>[0]);
  return { ...server, errors };
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

/** Wait (bounded) until onError saw something: reports after a cut response arrive late. */
export async function reported(server: Server, count = 1) {
  for (let i = 0; i < 100 && server.errors.length < count; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return server.errors;
}
