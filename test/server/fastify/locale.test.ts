import type { IncomingMessage } from 'node:http';
import Fastify, { type FastifyRequest } from 'fastify';
import { afterEach, expect, it } from 'vitest';
import { errataFastify, preferLocale } from '../../../src/server/fastify/index.js';
import { startFastify } from '../../helpers/server.js';
import { BODY_TIMEOUT_MS, localeCatalog, localeSuite, varyOf } from '../locale-fixtures.js';
import { running } from './fixtures.js';

afterEach(async () => {
  for (const app of running.splice(0)) {
    app.server.closeAllConnections();
    await app.close();
  }
});

/** The app of the suite: the choice made in an `onRequest` hook, on `request` or `request.raw`. */
async function start() {
  const app = Fastify();
  running.push(app);
  await app.register(errataFastify, {
    catalog: localeCatalog,
    format: 'envelope',
    bodyTimeout: BODY_TIMEOUT_MS,
  });
  const header = (request: FastifyRequest, name: string) =>
    request.headers[name] as string | undefined;
  app.addHook('onRequest', async (request) => {
    const locale = header(request, 'x-user-locale');
    if (locale === undefined) return;
    preferLocale(header(request, 'x-via') === 'raw' ? request.raw : request, locale);
  });
  const fail = (request: FastifyRequest) => {
    throw localeCatalog.error('thing_not_found', { id: (request.params as { id: string }).id });
  };
  app.get('/things/:id', async (request) => {
    if (header(request, 'x-forget') !== undefined) preferLocale(request, undefined);
    fail(request);
  });
  app.get('/vary/:id', async (request, reply) => {
    reply.header('vary', header(request, 'x-vary') ?? '');
    fail(request);
  });
  app.get('/raw-vary/:id', async (request, reply) => {
    // On the node response, as a raw middleware (or a CORS one through `reply.raw`) would.
    reply.raw.setHeader('vary', 'Origin');
    reply.header('vary', 'Accept-Encoding');
    fail(request);
  });
  app.post('/slow/:id', async (request) => request.body);
  const { url } = await startFastify(app);
  return { url, close: async () => {} };
}

localeSuite({
  name: 'fastify',
  views: ['request', 'raw'],
  preferLocale,
  sample: () => ({ headers: {} }) as IncomingMessage,
  start,
});

it('fastify: merges a Vary set on reply.raw and on the reply with the error’s', async () => {
  const { url } = await start();
  const res = await fetch(`${url}/raw-vary/7`, { headers: { 'accept-language': 'fr' } });
  expect(res.status).toBe(404);
  expect(res.headers.get('content-language')).toBe('fr');
  expect(varyOf(res)).toEqual(['origin', 'accept-encoding', 'accept-language']);
  await res.arrayBuffer();
});
