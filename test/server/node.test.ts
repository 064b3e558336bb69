import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ApiError, defineCatalog, parseErrorBody } from '../../src/index.js';
import { type ErrataOptions, type ErrorInfo, errata } from '../../src/server/node.js';
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
  return startServer(app.handler);
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

  it('drops headers a handler set before throwing', async () => {
    const server = await withApp((app) =>
      app.route('/t', {
        GET: ({ res }) => {
          res.setHeader('set-cookie', 'session=1');
          res.setHeader('etag', '"9"');
          throw catalog.error('thing_not_found', { id: 't' });
        },
      }),
    );
    try {
      const res = await fetch(`${server.url}/t`, { headers: { 'x-request-id': 'keep-me' } });
      expect(res.status).toBe(404);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(res.headers.get('etag')).toBeNull();
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
      // Control characters (here DEL) are refused by Node's HTTP parser before any handler runs.
      const del = await rawRequest(server.port, [
        'GET /t HTTP/1.1\r\nhost: x\r\n',
        Buffer.from('x-request-id: del\x7fete\r\n', 'latin1'),
        'connection: close\r\n\r\n',
      ]);
      expect(del.status).toBe(400);
      expect(del.headers['x-request-id']).toBeUndefined();
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
