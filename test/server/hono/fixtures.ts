import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { defineCatalog, parseErrorBody } from '../../../src/index.js';
import {
  type ErrataEnv,
  errataHono,
  type HonoErrataOptions,
} from '../../../src/server/hono/index.js';
import { startServer } from '../../helpers/server.js';
import { collectErrors, TYPE_BASE, thingNotFound } from '../fixtures.js';

export const catalog = defineCatalog({
  typeBase: TYPE_BASE,
  errors: {
    thing_not_found: thingNotFound,
    unauthorized: { status: 401, title: 'Unauthorized', message: 'Sign in first.' },
  },
});

/** A Hono app wired the documented way, plus what onError saw. */
export function makeApp(options: HonoErrataOptions = {}) {
  const { seen, onError } = collectErrors();
  const errata = errataHono({ catalog, format: 'envelope', onError, ...options });
  const app = new Hono<ErrataEnv>();
  app.use(errata.middleware);
  app.onError(errata.onError);
  app.notFound(errata.notFound(app));
  return { app, errata, seen };
}

export async function errorOf(res: Response) {
  const body = await res.text();
  return parseErrorBody({ status: res.status, headers: res.headers, body });
}

export async function serveOnSocket(app: Hono<ErrataEnv>) {
  return startServer(getRequestListener(app.fetch));
}

export const jsonPut = (body: string, headers: Record<string, string> = {}) => ({
  method: 'PUT',
  headers: { 'content-type': 'application/json', ...headers },
  body,
});
