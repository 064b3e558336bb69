import { createServer } from 'node:http';
import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ApiError, defineCatalog, parseErrorBody } from '../../src/index.js';
import {
  clientErrorHandler,
  type ErrataOptions,
  type ErrorInfo,
  errata,
} from '../../src/server/node.js';
import { rawRequest, startServer } from '../helpers/server.js';

const catalog = defineCatalog({
  typeBase: 'https://api.test/errors/',
  errors: {
    thing_not_found: {
      status: 404,
      title: 'Thing not found',
      details: z.object({ id: z.string() }),
      message: (d) => `No thing ${d.id}.`,
    },
  },
  roles: { internal_error: 'internal_error' },
});

function collectErrors() {
  const seen: { error: unknown; info: ErrorInfo }[] = [];
  const onError = (error: unknown, info: ErrorInfo) => {
    seen.push({ error, info });
  };
  return { seen, onError };
}

async function withApp(
  build: (app: ReturnType<typeof errata>) => void,
  options: ErrataOptions = {},
) {
  const app = errata({ catalog, format: 'envelope', ...options });
  build(app);
  return startServer(app);
}

async function errorOf(res: Response) {
  const body = await res.text();
  return parseErrorBody({ status: res.status, headers: res.headers, body });
}

describe('errata() routing', () => {
  it('answers a route with params, query and a JSON reply carrying X-Request-ID', async () => {
    const server = await withApp((app) =>
      app.route('/things/:id/parts/:part', {
        GET: ({ params, query, requestId }) => ({
          body: { id: params.id, part: params.part, q: query.get('q'), requestId },
        }),
      }),
    );
    try {
      const res = await fetch(`${server.url}/things/a%20b/parts/7?q=x`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      const id = res.headers.get('x-request-id');
      expect(id).toMatch(/^req_[A-Za-z0-9_-]{22}$/);
      expect(await res.json()).toEqual({ id: 'a b', part: '7', q: 'x', requestId: id });
    } finally {
      await server.close();
    }
  });

  it('answers unknown paths with 404 not_found, in the app format, with no-store', async () => {
    const server = await withApp((app) => app.route('/things/:id', { GET: () => ({ body: 1 }) }));
    try {
      for (const path of ['/nope', '/things', '/things/', '/things/a/b']) {
        const res = await fetch(server.url + path);
        expect(res.status).toBe(404);
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(res.headers.get('x-request-id')).toMatch(/^req_/);
        const body = (await res.json()) as { error: { code: string } };
        expect(body.error.code).toBe('not_found');
      }
    } finally {
      await server.close();
    }
  });

  it('answers a known path with another method 405 and Allow (HEAD with GET, OPTIONS always)', async () => {
    const server = await withApp((app) =>
      app
        .route('/things/:id', { GET: () => ({ body: 1 }), PUT: () => ({ body: 2 }) })
        .route('/things/:id', { PATCH: () => ({ body: 3 }) }),
    );
    try {
      const res = await fetch(`${server.url}/things/1`, { method: 'POST' });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD, PUT, PATCH, OPTIONS');
      expect((await errorOf(res)).code).toBe('method_not_allowed');
      const patched = await fetch(`${server.url}/things/1`, { method: 'PATCH' });
      expect(await patched.json()).toBe(3);
    } finally {
      await server.close();
    }
  });

  it('answers HEAD through the GET handler without a body, and OPTIONS with 204 + Allow', async () => {
    const server = await withApp((app) =>
      app.route('/t', { GET: () => ({ body: { hello: 'world' } }), DELETE: () => undefined }),
    );
    try {
      const head = await fetch(`${server.url}/t`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-length')).toBe('17');
      expect(await head.text()).toBe('');
      const options = await fetch(`${server.url}/t`, { method: 'OPTIONS' });
      expect(options.status).toBe(204);
      expect(options.headers.get('allow')).toBe('GET, HEAD, DELETE, OPTIONS');
      expect(options.headers.get('x-request-id')).toMatch(/^req_/);
      const unknown = await fetch(`${server.url}/nope`, { method: 'OPTIONS' });
      expect(unknown.status).toBe(404);
      const del = await fetch(`${server.url}/t`, { method: 'DELETE' });
      expect(del.status).toBe(204);
    } finally {
      await server.close();
    }
  });

  it('lets a route define OPTIONS itself', async () => {
    const server = await withApp((app) =>
      app.route('/t', {
        GET: () => ({ body: 1 }),
        OPTIONS: () => ({ status: 200, body: 'custom' }),
      }),
    );
    try {
      const res = await fetch(`${server.url}/t`, { method: 'OPTIONS' });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('custom');
    } finally {
      await server.close();
    }
  });

  it('answers a bad percent-encoding in a param with 400 invalid_request', async () => {
    const server = await withApp((app) => app.route('/t/:id', { GET: () => ({ body: 1 }) }));
    try {
      const res = await fetch(`${server.url}/t/%E0%A4%A`);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('invalid_request');
    } finally {
      await server.close();
    }
  });

  it('refuses malformed routes and options at start-up', () => {
    const app = errata();
    expect(() => app.route('nope', {})).toThrow(TypeError);
    expect(() => app.route('/a/:x/:x', {})).toThrow(/unique/);
    expect(() => app.route('/a', { get: () => undefined } as never)).toThrow(/GET/);
    expect(() => app.route('/a', {}, { format: 'xml' as never })).toThrow(/unknown wire format/);
    expect(() => errata({ format: 'yaml' as never })).toThrow(/expected one of/);
    expect(() => errata({ bodyLimit: -1 })).toThrow(/bodyLimit/);
  });
});

describe('errata() replies', () => {
  it('serializes strings, bytes, JSON, custom status and headers, and 204 for nothing', async () => {
    const server = await withApp((app) =>
      app
        .route('/text', { GET: () => ({ body: 'hi' }) })
        .route('/bytes', { GET: () => ({ body: new Uint8Array([1, 2, 3]) }) })
        .route('/created', {
          POST: () => ({ status: 201, body: { ok: true }, headers: { Location: '/x' } }),
        })
        .route('/empty', { GET: () => undefined }),
    );
    try {
      const text = await fetch(`${server.url}/text`);
      expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await text.text()).toBe('hi');
      const bytes = await fetch(`${server.url}/bytes`);
      expect(bytes.headers.get('content-type')).toBe('application/octet-stream');
      expect([...new Uint8Array(await bytes.arrayBuffer())]).toEqual([1, 2, 3]);
      const created = await fetch(`${server.url}/created`, { method: 'POST' });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe('/x');
      expect(await created.json()).toEqual({ ok: true });
      const empty = await fetch(`${server.url}/empty`);
      expect(empty.status).toBe(204);
      expect(empty.headers.get('x-request-id')).toMatch(/^req_/);
    } finally {
      await server.close();
    }
  });

  it('leaves the response to a handler that wrote it, and still sets X-Request-ID', async () => {
    const server = await withApp((app) =>
      app.route('/raw', {
        GET: ({ res }) => {
          res.writeHead(202, { 'content-type': 'text/plain' });
          res.end('accepted');
        },
      }),
    );
    try {
      const res = await fetch(`${server.url}/raw`, { headers: { 'x-request-id': 'abc-123' } });
      expect(res.status).toBe(202);
      expect(res.headers.get('x-request-id')).toBe('abc-123');
      expect(await res.text()).toBe('accepted');
    } finally {
      await server.close();
    }
  });

  it('turns an invalid reply (bad status, unserializable body, bad header) into a generic 500', async () => {
    const { seen, onError } = collectErrors();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const server = await withApp(
      (app) =>
        app
          .route('/status', { GET: () => ({ status: 99, body: 1 }) })
          .route('/cyclic', { GET: () => ({ body: cyclic }) })
          .route('/header', {
            GET: () => ({ body: 1, headers: { 'x-bad': 'a\r\nset-cookie: x' } }),
          }),
      { onError },
    );
    try {
      for (const path of ['/status', '/cyclic', '/header']) {
        const res = await fetch(server.url + path);
        expect(res.status).toBe(500);
        expect(res.headers.get('set-cookie')).toBeNull();
        expect((await errorOf(res)).code).toBe('internal_error');
      }
      expect(seen).toHaveLength(3);
      expect(seen.every((s) => s.error instanceof TypeError)).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe('errata() errors', () => {
  it('renders a thrown ApiError in the app format, problem on Accept, and the route pin', async () => {
    const server = await withApp((app) =>
      app
        .route('/things/:id', {
          GET: ({ params }) => {
            throw catalog.error('thing_not_found', { id: params.id });
          },
        })
        .route(
          '/pinned/:id',
          {
            GET: ({ params }) => {
              throw catalog.error('thing_not_found', { id: params.id });
            },
          },
          { format: 'stripe' },
        ),
    );
    try {
      const envelope = await fetch(`${server.url}/things/7`);
      expect(envelope.status).toBe(404);
      expect(envelope.headers.get('content-type')).toBe('application/json');
      expect(await envelope.json()).toMatchObject({
        error: { code: 'thing_not_found', message: 'No thing 7.', details: { id: '7' } },
      });

      const problem = await fetch(`${server.url}/things/7`, {
        headers: { accept: 'application/problem+json' },
      });
      expect(problem.headers.get('content-type')).toBe('application/problem+json');
      const body = (await problem.json()) as Record<string, unknown>;
      expect(body).toMatchObject({
        type: 'https://api.test/errors/thing_not_found',
        status: 404,
        code: 'thing_not_found',
        instance: '/things/7',
        request_id: problem.headers.get('x-request-id'),
      });

      const pinned = await fetch(`${server.url}/pinned/7`, {
        headers: { accept: 'application/problem+json' },
      });
      expect(pinned.headers.get('content-type')).toBe('application/json');
      expect(await pinned.json()).toMatchObject({ error: { code: 'thing_not_found' } });
    } finally {
      await server.close();
    }
  });

  it('hides anything else thrown behind internal_error and hands the original to onError', async () => {
    const { seen, onError } = collectErrors();
    const secret = new Error('password=hunter2 at /srv/app/db.ts');
    Object.assign(secret, { connection: 'postgres://db.internal' });
    const server = await withApp(
      (app) =>
        app
          .route('/sync', {
            GET: () => {
              throw secret;
            },
          })
          .route('/async', {
            GET: async () => {
              await new Promise((r) => setImmediate(r));
              throw 'a string';
            },
          }),
      { onError },
    );
    try {
      const res = await fetch(`${server.url}/sync?token=1`, {
        headers: { 'x-request-id': 'trace-1' },
      });
      expect(res.status).toBe(500);
      const text = await res.text();
      for (const leak of ['hunter2', 'postgres', 'db.internal', '/srv', 'Error', 'at ']) {
        expect(text).not.toContain(leak);
      }
      expect(JSON.parse(text)).toEqual({
        error: { code: 'internal_error', message: 'Internal error', request_id: 'trace-1' },
      });
      expect(seen[0]?.error).toBe(secret);
      expect(seen[0]?.info).toEqual({ requestId: 'trace-1', method: 'GET', url: '/sync?token=1' });

      const later = await fetch(`${server.url}/async`);
      expect(later.status).toBe(500);
      expect(seen[1]?.error).toBe('a string');
      expect(seen[1]?.info.requestId).toBe(later.headers.get('x-request-id'));
    } finally {
      await server.close();
    }
  });

  it('reports 5xx ApiErrors but not 4xx ones to onError', async () => {
    const { seen, onError } = collectErrors();
    const server = await withApp(
      (app) =>
        app
          .route('/404', {
            GET: () => {
              throw catalog.error('thing_not_found', { id: 'x' });
            },
          })
          .route('/503', {
            GET: () => {
              throw new ApiError({ status: 503, code: 'service_unavailable' });
            },
          }),
      { onError },
    );
    try {
      expect((await fetch(`${server.url}/404`)).status).toBe(404);
      expect(seen).toHaveLength(0);
      const res = await fetch(`${server.url}/503`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(seen).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('drops the representation headers a handler set before throwing, keeping the others', async () => {
    const server = await withApp((app) =>
      app.route('/t', {
        GET: ({ res }) => {
          res.setHeader('set-cookie', 'session=1');
          res.setHeader('access-control-allow-origin', '*');
          res.setHeader('etag', '"9"');
          res.setHeader('location', '/elsewhere');
          res.setHeader('content-disposition', 'attachment');
          throw catalog.error('thing_not_found', { id: 't' });
        },
      }),
    );
    try {
      const res = await fetch(`${server.url}/t`, { headers: { 'x-request-id': 'keep-me' } });
      expect(res.status).toBe(404);
      // REPRESENTATION_HEADERS (and content-*) go; CORS and cookies stay, as in every adapter.
      expect(res.headers.get('etag')).toBeNull();
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('content-disposition')).toBeNull();
      expect(res.headers.get('set-cookie')).toBe('session=1');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('x-request-id')).toBe('keep-me');
    } finally {
      await server.close();
    }
  });

  it('sends Retry-After on 429 from the error', async () => {
    const server = await withApp((app) =>
      app.route('/limited', {
        GET: () => {
          throw catalog.roleError('rate_limited', { retryAfter: 7 });
        },
      }),
    );
    try {
      const res = await fetch(`${server.url}/limited`);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(res.headers.get('cache-control')).toBe('no-store');
    } finally {
      await server.close();
    }
  });

  it('logs with console.error and the request id by default', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const server = await withApp((app) =>
      app.route('/boom', {
        GET: () => {
          throw new Error('boom');
        },
      }),
    );
    try {
      const res = await fetch(`${server.url}/boom`, { headers: { 'x-request-id': 'log-me' } });
      expect(res.status).toBe(500);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(String(spy.mock.calls[0]?.[0])).toContain('log-me');
      expect(spy.mock.calls[0]?.[1]).toBeInstanceOf(Error);
    } finally {
      spy.mockRestore();
      await server.close();
    }
  });

  it('survives a throwing onError', async () => {
    const server = await withApp(
      (app) =>
        app.route('/boom', {
          GET: () => {
            throw new Error('boom');
          },
        }),
      {
        onError: () => {
          throw new Error('logger down');
        },
      },
    );
    try {
      expect((await fetch(`${server.url}/boom`)).status).toBe(500);
      expect((await fetch(`${server.url}/boom`)).status).toBe(500);
    } finally {
      await server.close();
    }
  });

  it('destroys a response that failed after its headers were sent, and keeps serving', async () => {
    const { seen, onError } = collectErrors();
    const server = await withApp(
      (app) =>
        app
          .route('/half', {
            GET: async ({ res }) => {
              res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '100' });
              res.write('partial');
              await new Promise((r) => setImmediate(r));
              throw new Error('late failure');
            },
          })
          .route('/ok', { GET: () => ({ body: 'ok' }) }),
      { onError },
    );
    try {
      const res = await fetch(`${server.url}/half`);
      expect(res.status).toBe(200);
      await expect(res.text()).rejects.toThrow();
      expect(seen.map((s) => (s.error as Error).message)).toEqual(['late failure']);
      const ok = await fetch(`${server.url}/ok`);
      expect(await ok.text()).toBe('ok');
    } finally {
      await server.close();
    }
  });
});

describe('errata() request ids', () => {
  it('echoes safe ids and replaces unsafe ones', async () => {
    const server = await withApp((app) => app.route('/t', { GET: () => ({ body: 1 }) }));
    try {
      const safe = 'Req-123_abc.DEF:~!';
      const echoed = await fetch(`${server.url}/t`, { headers: { 'x-request-id': safe } });
      expect(echoed.headers.get('x-request-id')).toBe(safe);
      const max = 'a'.repeat(128);
      const long = await fetch(`${server.url}/t`, { headers: { 'x-request-id': max } });
      expect(long.headers.get('x-request-id')).toBe(max);
      for (const unsafe of ['a'.repeat(129), 'has space', 'x'.repeat(4000)]) {
        const res = await fetch(`${server.url}/t`, { headers: { 'x-request-id': unsafe } });
        expect(res.headers.get('x-request-id')).toMatch(/^req_[A-Za-z0-9_-]{22}$/);
      }
      const missing = await fetch(`${server.url}/nope`);
      expect(missing.headers.get('x-request-id')).toMatch(/^req_/);
    } finally {
      await server.close();
    }
  });

  it('replaces ids with tabs, non-ASCII bytes or sent twice (raw socket)', async () => {
    const server = await withApp((app) => app.route('/t', { GET: () => ({ body: 1 }) }));
    try {
      const ids = [
        Buffer.from('x-request-id: a\tb\r\n', 'latin1'),
        Buffer.concat([
          Buffer.from('x-request-id: caf'),
          Buffer.from([0xc3, 0xa9]),
          Buffer.from('\r\n'),
        ]),
        Buffer.from('x-request-id: one\r\nx-request-id: two\r\n'),
      ];
      for (const header of ids) {
        const res = await rawRequest(server.port, [
          'GET /t HTTP/1.1\r\nhost: x\r\n',
          header,
          'connection: close\r\n\r\n',
        ]);
        expect(res.status).toBe(200);
        expect(res.headers['x-request-id']).toMatch(/^req_[A-Za-z0-9_-]{22}$/);
      }
      // Control characters (here DEL) are refused by Node's HTTP parser before any handler runs;
      // the clientError handler (attached by startServer) still answers with a generated id.
      const del = await rawRequest(server.port, [
        'GET /t HTTP/1.1\r\nhost: x\r\n',
        Buffer.from('x-request-id: del\x7fete\r\n', 'latin1'),
        'connection: close\r\n\r\n',
      ]);
      expect(del.status).toBe(400);
      expect(del.headers['x-request-id']).toMatch(/^req_[A-Za-z0-9_-]{22}$/);
    } finally {
      await server.close();
    }
  });

  it('uses a custom generator, header name, and can ignore incoming ids', async () => {
    let n = 0;
    const server = await withApp((app) => app.route('/t', { GET: () => ({ body: 1 }) }), {
      requestId: { header: 'X-Correlation-ID', trustIncoming: false, generate: () => `gen-${++n}` },
    });
    try {
      const res = await fetch(`${server.url}/t`, { headers: { 'x-correlation-id': 'mine' } });
      expect(res.headers.get('x-correlation-id')).toBe('gen-1');
      expect(res.headers.get('x-request-id')).toBe('gen-1');
    } finally {
      await server.close();
    }
  });

  it('falls back to the default generator when a custom one returns something unsafe', async () => {
    const server = await withApp((app) => app.route('/t', { GET: () => ({ body: 1 }) }), {
      requestId: { generate: () => 'bad id\r\n' },
    });
    try {
      const res = await fetch(`${server.url}/t`);
      expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    } finally {
      await server.close();
    }
  });
});

describe('ctx.json()', () => {
  it('reads, caches and validates the body', async () => {
    const schema = z.object({ qty: z.number().int().positive(), tags: z.array(z.string()) });
    const server = await withApp((app) =>
      app.route('/orders', {
        POST: async (ctx) => {
          const raw = await ctx.json();
          const input = await ctx.json(schema);
          return { status: 201, body: { raw, qty: input.qty } };
        },
      }),
    );
    try {
      const ok = await fetch(`${server.url}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ qty: 2, tags: ['a'] }),
      });
      expect(ok.status).toBe(201);
      expect(await ok.json()).toEqual({ raw: { qty: 2, tags: ['a'] }, qty: 2 });

      const bad = await fetch(`${server.url}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/problem+json' },
        body: JSON.stringify({ qty: -1, tags: ['a', 3] }),
      });
      expect(bad.status).toBe(422);
      const error = await errorOf(bad);
      expect(error.code).toBe('validation_error');
      expect(error.fields?.map((f) => f.path)).toEqual([['qty'], ['tags', 1]]);
    } finally {
      await server.close();
    }
  });

  it('honours a per-route body limit', async () => {
    const server = await withApp((app) =>
      app.route('/small', { POST: async (ctx) => ({ body: await ctx.json() }) }, { bodyLimit: 10 }),
    );
    try {
      const res = await fetch(`${server.url}/small`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ long: 'xxxxxxxxxx' }),
      });
      expect(res.status).toBe(413);
      expect((await errorOf(res)).code).toBe('payload_too_large');
    } finally {
      await server.close();
    }
  });
});

describe('errata.wrap()', () => {
  it('applies the server rules to a bring-your-own-routing handler', async () => {
    const { seen, onError } = collectErrors();
    const server = await startServer(
      errata.wrap(
        (ctx) => {
          if (ctx.path === '/boom') throw new Error('secret');
          if (ctx.path === '/missing') throw catalog.error('thing_not_found', { id: 'm' });
          return { body: { method: ctx.method, path: ctx.path } };
        },
        { catalog, format: 'jsonapi', onError },
      ),
    );
    try {
      const ok = await fetch(`${server.url}/anything`, { method: 'DELETE' });
      expect(await ok.json()).toEqual({ method: 'DELETE', path: '/anything' });
      expect(ok.headers.get('x-request-id')).toMatch(/^req_/);
      const missing = await fetch(`${server.url}/missing`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ errors: [{ code: 'thing_not_found' }] });
      const boom = await fetch(`${server.url}/boom`);
      expect(boom.status).toBe(500);
      expect(await boom.text()).not.toContain('secret');
      expect(seen).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

describe('errata() options', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('treats an option given as undefined like one left out', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const app = errata({
      catalog: undefined,
      format: undefined,
      onError: undefined,
      requestId: { header: undefined, trustIncoming: undefined, generate: undefined },
      bodyLimit: undefined,
    });
    app.route('/boom', {
      GET: () => {
        throw new Error('kaboom');
      },
    });
    app.route(
      '/echo',
      { POST: async (ctx) => ({ body: await ctx.json() }) },
      { bodyLimit: undefined },
    );
    const server = await startServer(app);
    try {
      // catalog: undefined used to make every error response destroy the socket.
      const missing = await fetch(`${server.url}/nope`, { headers: { 'x-request-id': 'mine-1' } });
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toBe('application/problem+json');
      expect(missing.headers.get('x-request-id')).toBe('mine-1');
      expect((await errorOf(missing)).code).toBe('not_found');
      // onError: undefined used to lose the error silently.
      const boom = await fetch(`${server.url}/boom`);
      expect(boom.status).toBe(500);
      expect((await errorOf(boom)).code).toBe('internal_error');
      expect(logged).toHaveBeenCalledTimes(1);
      expect(logged.mock.calls[0]?.[1]).toBeInstanceOf(Error);
      // bodyLimit: undefined keeps the 64 KiB default.
      const echo = await fetch(`${server.url}/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ v: 'x'.repeat(1000) }),
      });
      expect(echo.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('treats undefined options of errata.wrap() like left-out ones', async () => {
    const server = await startServer(
      errata.wrap(
        () => {
          throw new ApiError({ status: 409, code: 'conflict' });
        },
        { catalog: undefined, format: undefined },
      ),
    );
    try {
      const res = await fetch(server.url);
      expect(res.status).toBe(409);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    } finally {
      await server.close();
    }
  });

  it('refuses an invalid requestId.header at start-up with a clear TypeError', () => {
    for (const header of [
      '',
      'x request id',
      'x-id:',
      'x-id\r\nx-evil',
      'x-ïd',
      'x-id\0',
      '(id)',
    ]) {
      expect(() => errata({ requestId: { header } }), JSON.stringify(header)).toThrow(TypeError);
      expect(() => errata({ requestId: { header } })).toThrow(/requestId\.header/);
      expect(() => errata.wrap(() => undefined, { requestId: { header } })).toThrow(TypeError);
      expect(() => clientErrorHandler({ requestId: { header } })).toThrow(TypeError);
    }
    expect(() => errata({ requestId: { header: 42 as never } })).toThrow(/requestId\.header/);
    expect(() => errata({ requestId: { generate: 'nope' as never } })).toThrow(/generate/);
    expect(() => errata({ requestId: { header: "X-Trace_ID.v1!#$%&'*+^`|~" } })).not.toThrow();
  });

  it('refuses a bodyLimit that is not a positive integer, app-wide or per route', () => {
    for (const bodyLimit of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '10']) {
      expect(() => errata({ bodyLimit: bodyLimit as number }), String(bodyLimit)).toThrow(
        /bodyLimit must be a positive integer/,
      );
      expect(() =>
        errata().route('/r', { POST: () => undefined }, { bodyLimit: bodyLimit as number }),
      ).toThrow(/route \/r: bodyLimit/);
    }
    expect(() => errata({ bodyLimit: 1 })).not.toThrow();
    expect(() => errata({ onError: 'log' as never })).toThrow(/onError/);
  });
});

describe('ctx.query', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('is parsed only when a handler reads it, once', async () => {
    let built = 0;
    const Counting = class extends URLSearchParams {
      constructor(init?: ConstructorParameters<typeof URLSearchParams>[0]) {
        super(init);
        built++;
      }
    };
    let seen: { before: number; after: number; same: boolean } | undefined;
    const server = await withApp((app) =>
      app.route('/plain', { GET: () => ({ body: built }) }).route('/query', {
        GET: (ctx) => {
          const before = built;
          const first = ctx.query;
          const { query } = ctx;
          seen = { before, after: built, same: first === query };
          return { body: query.getAll('a') };
        },
      }),
    );
    try {
      vi.stubGlobal('URLSearchParams', Counting);
      const plain = await fetch(`${server.url}/plain?a=1&a=2`);
      expect(await plain.json()).toBe(0);
      const query = await fetch(`${server.url}/query?a=1&a=2`);
      expect(await query.json()).toEqual(['1', '2']);
      expect(seen).toEqual({ before: 0, after: 1, same: true });
    } finally {
      await server.close();
    }
  });
});

describe('errata() routing hot path', () => {
  it('keeps Allow right with several routes on one path and methods split across them', async () => {
    const server = await withApp((app) =>
      app
        .route('/a/:id', { DELETE: () => ({ status: 204 }) })
        .route('/a/:x', { POST: () => ({ body: 'post' }) })
        .route('/a/b', { PUT: () => ({ body: 'put' }), GET: () => ({ body: 'get' }) }),
    );
    try {
      const post = await fetch(`${server.url}/a/b`, { method: 'POST' });
      expect(await post.text()).toBe('post');
      const head = await fetch(`${server.url}/a/b`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      const patch = await fetch(`${server.url}/a/b`, { method: 'PATCH' });
      expect(patch.status).toBe(405);
      expect(patch.headers.get('allow')).toBe('GET, HEAD, POST, PUT, DELETE, OPTIONS');
      const other = await fetch(`${server.url}/a/c`, { method: 'OPTIONS' });
      expect(other.status).toBe(204);
      expect(other.headers.get('allow')).toBe('POST, DELETE, OPTIONS');
    } finally {
      await server.close();
    }
  });
});

/** A request with a header value Node's parser refuses, and with a header block too large. */
const NUL_HEADER = 'GET /t HTTP/1.1\r\nHost: x\r\nX-Bad: a\0b\r\n\r\n';
const DEL_HEADER = 'GET /t HTTP/1.1\r\nHost: x\r\nX-Bad: a\x7fb\r\n\r\n';
const BAD_METHOD = 'G(T /t HTTP/1.1\r\nHost: x\r\n\r\n';
const HUGE_HEADERS = `GET /t HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`;

describe('requests the HTTP parser refuses (clientError)', () => {
  it('answers malformed requests with invalid_request in the app format, with X-Request-ID', async () => {
    const server = await withApp((app) => app.route('/t', { GET: () => ({ body: 'ok' }) }));
    try {
      for (const request of [NUL_HEADER, DEL_HEADER, BAD_METHOD]) {
        const res = await rawRequest(server.port, request);
        const where = JSON.stringify(request);
        expect(res.status, where).toBe(400);
        expect(res.headers['content-type'], where).toBe('application/json');
        expect(res.headers.connection, where).toBe('close');
        expect(res.headers['cache-control'], where).toBe('no-store');
        const requestId = res.headers['x-request-id'];
        expect(requestId, where).toMatch(/^req_[A-Za-z0-9_-]{22}$/);
        expect(res.closedByServer, where).toBe(true);
        expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
        const error = parseErrorBody({ status: res.status, headers: res.headers, body: res.body });
        expect(error.code, where).toBe('invalid_request');
        expect(error.requestId, where).toBe(requestId);
        expect(error.format, where).toBe('envelope');
      }
      // The server keeps serving.
      expect(await (await fetch(`${server.url}/t`)).text()).toBe('ok');
    } finally {
      await server.close();
    }
  });

  it('answers a header block over maxHeaderSize with 431 in the app format', async () => {
    const app = errata({ catalog, format: 'problem' });
    const server = await startServer(app);
    try {
      const res = await rawRequest(server.port, HUGE_HEADERS);
      expect(res.status).toBe(431);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(res.headers.connection).toBe('close');
      expect(res.headers['x-request-id']).toMatch(/^req_/);
      expect(res.closedByServer).toBe(true);
      const body = JSON.parse(res.body) as Record<string, unknown>;
      expect(body).toMatchObject({
        status: 431,
        title: 'Request Header Fields Too Large',
        code: 'request_header_fields_too_large',
        request_id: res.headers['x-request-id'],
      });
    } finally {
      await server.close();
    }
  });

  it('works with errata.wrap() through clientErrorHandler, with a custom id header', async () => {
    const options: ErrataOptions = {
      catalog,
      format: 'jsonapi',
      requestId: { header: 'X-Trace-ID', generate: () => 'trace-1' },
    };
    const {
      server: http,
      port,
      close,
    } = await startServer(errata.wrap(() => ({ body: 'ok' }), options));
    http.on('clientError', clientErrorHandler(options));
    try {
      const res = await rawRequest(port, NUL_HEADER);
      expect(res.status).toBe(400);
      expect(res.headers['x-trace-id']).toBe('trace-1');
      expect(res.headers['x-request-id']).toBe('trace-1');
      expect(res.headers['content-type']).toBe('application/vnd.api+json');
      expect(JSON.parse(res.body)).toMatchObject({ errors: [{ code: 'invalid_request' }] });
    } finally {
      await close();
    }
  });

  it('only destroys a reset, unwritable or busy socket, writing nothing', () => {
    const listener = clientErrorHandler({ catalog });
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const parse = Object.assign(new Error('Parse Error'), { code: 'HPE_INVALID_METHOD' });
    const cases: [Error, PassThrough][] = [];
    const resetSocket = new PassThrough();
    cases.push([reset, resetSocket]);
    const ended = new PassThrough();
    ended.end();
    cases.push([parse, ended]);
    const busy = Object.assign(new PassThrough(), { _httpMessage: { headersSent: false } });
    cases.push([parse, busy]);
    for (const [error, socket] of cases) {
      const written: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => written.push(chunk));
      socket.on('error', () => {});
      listener(error, socket);
      expect(socket.destroyed).toBe(true);
      expect(Buffer.concat(written).length).toBe(0);
    }
  });

  it('lets the client read the answer when the refused request keeps coming', async () => {
    const listener = clientErrorHandler({ catalog });
    const socket = new PassThrough();
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const overflow = Object.assign(new Error('Header overflow'), { code: 'HPE_HEADER_OVERFLOW' });
    listener(overflow, socket);
    // Node's parser emits clientError again for each later chunk of the same request.
    listener(overflow, socket);
    expect(socket.destroyed).toBe(false);
    await new Promise((resolve) => socket.on('end', resolve));
    expect(Buffer.concat(chunks).toString('latin1')).toMatch(/^HTTP\/1\.1 431 /);
  });

  it('answers 431 when the oversized header block arrives in several writes', async () => {
    const server = await withApp(() => {});
    try {
      const socket = connect(server.port, '127.0.0.1');
      const received: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      socket.on('error', () => {});
      const closed = new Promise((resolve) => socket.on('close', resolve));
      await new Promise((resolve) => socket.on('connect', resolve));
      socket.write(`GET /t HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      socket.write(`${'b'.repeat(5_000)}\r\nX-More: ${'c'.repeat(5_000)}\r\n\r\n`);
      await closed;
      const text = Buffer.concat(received).toString('latin1');
      expect(text).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
      expect(text).toMatch(/\r\nx-request-id: req_[A-Za-z0-9_-]{22}\r\n/);
      const body = text.slice(text.indexOf('\r\n\r\n') + 4);
      expect(JSON.parse(body)).toMatchObject({
        error: { code: 'request_header_fields_too_large' },
      });
    } finally {
      await server.close();
    }
  });

  it('installs its clientError listener once however often attach is called', () => {
    const app = errata();
    const server = createServer(app.handler);
    expect(app.attach(app.attach(server))).toBe(server);
    expect(server.listenerCount('clientError')).toBe(1);
  });

  it('writes one raw response and ends the socket', async () => {
    const listener = clientErrorHandler({
      format: 'message',
      requestId: { generate: () => 'r-1' },
    });
    const socket = new PassThrough();
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const finished = new Promise((resolve) => socket.on('end', resolve));
    listener(Object.assign(new Error('Parse Error'), { code: 'HPE_INVALID_HEADER_TOKEN' }), socket);
    await finished;
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text.startsWith('HTTP/1.1 400 Bad Request\r\n')).toBe(true);
    expect(text).toContain('\r\nx-request-id: r-1\r\n');
    expect(text).toContain('\r\nconnection: close\r\n');
    expect(text.split('\r\n\r\n')).toHaveLength(2);
    expect(socket.writableEnded).toBe(true);
  });
});
