import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { defineCatalog, parseErrorBody } from '../../../src/index.js';
import {
  type ErrataFastifyOptions,
  type ErrorInfo,
  errataFastify,
} from '../../../src/server/fastify/index.js';
import { startFastify } from '../../helpers/server.js';
import { TYPE_BASE, thingNotFound } from '../fixtures.js';

export const catalog = defineCatalog({
  typeBase: TYPE_BASE,
  errors: {
    thing_not_found: thingNotFound,
  },
});

export const SECRET = 'db password is hunter2';

export type Running = {
  app: FastifyInstance;
  url: string;
  port: number;
  errors: { error: unknown; info: ErrorInfo }[];
};

/** Instances `closeServers` closes; push one made outside `serve` to have it closed too. */
export const running: FastifyInstance[] = [];

/** Close every server `serve` started: each test file runs it `afterEach`. */
export async function closeServers(): Promise<void> {
  for (const app of running.splice(0)) {
    app.server.closeAllConnections();
    await app.close();
  }
}

/** A real Fastify server on 127.0.0.1:0 with errata registered before `routes`. */
export async function serve(
  routes: (app: FastifyInstance) => void | Promise<void>,
  options: ErrataFastifyOptions = {},
  server: FastifyServerOptions = {},
): Promise<Running> {
  const errors: Running['errors'] = [];
  const app = Fastify(server);
  running.push(app);
  await app.register(errataFastify, {
    catalog,
    format: 'envelope',
    onError: (error, info) => {
      errors.push({ error, info });
    },
    ...options,
  });
  await routes(app);
  const { url, port } = await startFastify(app);
  return { app, url, port, errors };
}

export async function errorOf(res: Response) {
  const body = await res.text();
  return { error: parseErrorBody({ status: res.status, headers: res.headers, body }), body };
}

export const json = (body: unknown, method = 'POST'): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

export async function waitFor(check: () => boolean) {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}
