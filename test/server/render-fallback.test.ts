// The render ladder every adapter shares (src/server/render-fallback.ts): an error whose own
// rendering cannot be sent (a custom format put an invalid header on it) is answered with the
// catalog's plain internal_error and reported; when even that cannot be sent, with a bare 500.
import { createServer } from 'node:http';
import Router from '@koa/router';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import { describe, expect, it } from 'vitest';
import { type ApiError, defineFormat, formats } from '../../src/index.js';
import { errataExpress } from '../../src/server/express/index.js';
import { errataFastify } from '../../src/server/fastify/index.js';
import { errata as errataFetch } from '../../src/server/fetch/index.js';
import { type ErrataEnv, errataHono } from '../../src/server/hono/index.js';
import { errataKoa } from '../../src/server/koa/index.js';
import { errata as errataNode } from '../../src/server/node/index.js';
import type { ErrorInfo } from '../../src/server/settings.js';
import { startFastify, startServer } from '../helpers/server.js';
import { collectErrors } from './fixtures.js';
import { catalog } from './node/fixtures.js';

/** A format that puts the message in a header: fine for catalog text, invalid for CR/LF. */
const leaky = defineFormat({
  name: 'leaky',
  contentType: 'application/json',
  render: (error: ApiError, context) => {
    const out = formats.envelope.render(error, context);
    return { ...out, headers: { ...out.headers, 'x-message': error.message } };
  },
  parse: (input) => formats.envelope.parse(input),
  schema: () => ({ type: 'object' }),
  guide: formats.envelope.guide,
});
/** A format whose every response has an invalid header. */
const broken = defineFormat({
  name: 'broken',
  contentType: 'application/json',
  render: (error: ApiError, context) => {
    const out = formats.envelope.render(error, context);
    return { ...out, headers: { ...out.headers, 'x-bad': 'a\r\nset-cookie: x=1' } };
  },
  parse: (input) => formats.envelope.parse(input),
  schema: () => ({ type: 'object' }),
  guide: formats.envelope.guide,
});

const badMessage = () =>
  catalog.error('thing_not_found', { id: 'x' }, { message: 'split\r\nset-cookie: x=1' });

/** An app under test: a GET of a path with headers, and a way to stop it. */
type Served = {
  get: (path: string, headers?: Record<string, string>) => Promise<Response>;
  close: () => Promise<void>;
};
type Adapter = (
  format: typeof leaky,
  onError: (error: unknown, info: ErrorInfo) => void,
) => Promise<Served>;

/** A node:http listener on 127.0.0.1:0, asked over a real socket. */
async function overSocket(listener: Parameters<typeof startServer>[0]): Promise<Served> {
  const server = await startServer(listener);
  return {
    get: (path, headers) => fetch(`${server.url}${path}`, { headers: headers ?? {} }),
    close: () => server.close(),
  };
}

const adapters: Record<string, Adapter> = {
  node: (format, onError) => {
    const app = errataNode({ catalog, format, onError });
    app.route('/fail', {
      GET: () => {
        throw badMessage();
      },
    });
    return overSocket(app);
  },
  express: async (format, onError) => {
    const errata = errataExpress({ catalog, format, onError });
    const app = express();
    app.use(errata.requestId);
    app.get('/fail', () => {
      throw badMessage();
    });
    app.use(errata.errorHandler);
    return overSocket(app as unknown as Parameters<typeof startServer>[0]);
  },
  hono: async (format, onError) => {
    const errata = errataHono({ catalog, format, onError });
    const app = new Hono<ErrataEnv>();
    app.use(errata.middleware);
    app.onError(errata.onError);
    app.get('/fail', () => {
      throw badMessage();
    });
    // As on a fetch runtime (no @hono/node-server here: it swaps the global Request).
    const handler = errata.fetch(app);
    return {
      get: async (path, headers) =>
        handler(new Request(`http://vault.test${path}`, { headers: headers ?? {} })),
      close: async () => {},
    };
  },
  koa: async (format, onError) => {
    const errata = errataKoa({ catalog, format, onError });
    const app = new Koa();
    const router = new Router();
    app.use(errata.middleware);
    router.get('/fail', () => {
      throw badMessage();
    });
    app.use(errata.routes(router));
    app.on('error', errata.appError);
    return overSocket(createServer(app.callback()));
  },
  fastify: async (format, onError) => {
    const app = Fastify();
    await app.register(errataFastify, { catalog, format, onError });
    app.get('/fail', () => {
      throw badMessage();
    });
    const { url, close } = await startFastify(app);
    return { get: (path, headers) => fetch(`${url}${path}`, { headers: headers ?? {} }), close };
  },
  fetch: async (format, onError) => {
    const app = errataFetch({ catalog, format, onError });
    app.route('/fail', {
      GET: () => {
        throw badMessage();
      },
    });
    // A fetch runtime hands the handler a Request and sends the Response it returns.
    return {
      get: async (path, headers) =>
        app.fetch(new Request(`http://vault.test${path}`, { headers: headers ?? {} })),
      close: async () => {},
    };
  },
};

describe.each(Object.keys(adapters))('the render ladder on %s', (name) => {
  const start = adapters[name] as Adapter;

  it('answers the plain internal_error, reported, when the error itself cannot be sent', async () => {
    const { seen, onError } = collectErrors();
    const server = await start(leaky, onError);
    try {
      const res = await server.get('/fail', { 'x-request-id': 'ladder-1' });
      expect(res.status).toBe(500);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(res.headers.get('x-request-id')).toBe('ladder-1');
      const body = await res.json();
      expect(body.error.code).toBe('internal_error');
      expect(JSON.stringify(body)).not.toContain('split');
      expect(seen.length).toBeGreaterThanOrEqual(1);
    } finally {
      await server.close();
    }
  });

  it('answers a bare 500 when not even the plain error can be sent', async () => {
    const { onError } = collectErrors();
    const server = await start(broken, onError);
    try {
      const res = await server.get('/fail');
      expect(res.status).toBe(500);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(await res.text()).toBe('');
    } finally {
      await server.close();
    }
  });
});
