import { getRequestListener } from '@hono/node-server';
import { type } from 'arktype';
import { Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { HTTPException } from 'hono/http-exception';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createVaultHonoApp } from '../../examples/vault/hono-app.js';
import { ApiError, defineCatalog, parseErrorBody } from '../../src/index.js';
import {
  type ErrataEnv,
  type ErrorInfo,
  errataHono,
  type HonoErrataOptions,
} from '../../src/server/hono.js';
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
    unauthorized: { status: 401, title: 'Unauthorized', message: 'Sign in first.' },
  },
});

function collectErrors() {
  const seen: { error: unknown; info: ErrorInfo }[] = [];
  const onError = (error: unknown, info: ErrorInfo) => {
    seen.push({ error, info });
  };
  return { seen, onError };
}

/** A Hono app wired the documented way, plus what onError saw. */
function makeApp(options: HonoErrataOptions = {}) {
  const { seen, onError } = collectErrors();
  const errata = errataHono({ catalog, format: 'envelope', onError, ...options });
  const app = new Hono<ErrataEnv>();
  app.use(errata.middleware);
  app.onError(errata.onError);
  app.notFound(errata.notFound(app));
  return { app, errata, seen };
}

async function errorOf(res: Response) {
  const body = await res.text();
  return parseErrorBody({ status: res.status, headers: res.headers, body });
}

async function serveOnSocket(app: Hono<ErrataEnv>) {
  return startServer(getRequestListener(app.fetch));
}

const jsonPut = (body: string, headers: Record<string, string> = {}) => ({
  method: 'PUT',
  headers: { 'content-type': 'application/json', ...headers },
  body,
});

describe('errata/hono: request ids', () => {
  it('puts the id in c.get, in onError and on success and error responses', async () => {
    const { app, seen } = makeApp();
    app.get('/id', (c) => c.json({ id: c.get('requestId') }));
    app.get('/boom', () => {
      throw new Error('secret internals');
    });
    const ok = await app.request('/id', { headers: { 'x-request-id': 'trace-1' } });
    expect(ok.headers.get('x-request-id')).toBe('trace-1');
    expect(await ok.json()).toEqual({ id: 'trace-1' });

    const generated = await app.request('/id', { headers: { 'x-request-id': 'bad id' } });
    const id = generated.headers.get('x-request-id');
    expect(id).toMatch(/^req_[A-Za-z0-9_-]{22}$/);
    expect(await generated.json()).toEqual({ id });

    const boom = await app.request('/boom', { headers: { 'x-request-id': 'trace-2' } });
    expect(boom.status).toBe(500);
    expect(boom.headers.get('x-request-id')).toBe('trace-2');
    const text = await boom.text();
    expect(text).not.toContain('secret internals');
    expect(seen).toHaveLength(1);
    expect((seen[0]?.error as Error | undefined)?.message).toBe('secret internals');
    expect(seen[0]?.info).toEqual({ requestId: 'trace-2', method: 'GET', url: '/boom' });

    const missing = await app.request('/nowhere?x=1', { headers: { 'x-request-id': 'trace-3' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-request-id')).toBe('trace-3');
  });

  it('uses a custom header and stamps responses built with new Response() and fetch()-like immutable headers', async () => {
    const { app } = makeApp({ requestId: { header: 'X-Trace-ID' } });
    app.get('/raw', () => new Response('raw'));
    app.get('/frozen', () => Response.redirect('https://example.com/', 302));
    const raw = await app.request('/raw', { headers: { 'x-trace-id': 'abc' } });
    expect(raw.headers.get('x-trace-id')).toBe('abc');
    expect(raw.headers.get('x-request-id')).toBe('abc');
    expect(await raw.text()).toBe('raw');
    const frozen = await app.request('/frozen', { headers: { 'x-trace-id': 'def' } });
    expect(frozen.status).toBe(302);
    expect(frozen.headers.get('x-trace-id')).toBe('def');
  });
});

describe('errata/hono: HTTPException', () => {
  it('maps 4xx to the catalog error of the status, keeping the message', async () => {
    const { app, seen } = makeApp();
    app.get('/bad', () => {
      throw new HTTPException(400, { message: 'Missing cursor.', cause: new Error('inner-x') });
    });
    app.get('/auth', () => {
      throw new HTTPException(401);
    });
    app.get('/teapot', () => {
      throw new HTTPException(418, { message: 'short and stout' });
    });
    const bad = await app.request('/bad');
    expect(bad.status).toBe(400);
    const badText = await bad.text();
    expect(badText).not.toContain('inner-x');
    expect(JSON.parse(badText)).toMatchObject({
      error: { code: 'invalid_request', message: 'Missing cursor.' },
    });
    // A status without a role: the code errata uses for it, normalized by the catalog.
    const auth = await app.request('/auth');
    expect(auth.status).toBe(401);
    expect(await auth.json()).toMatchObject({
      error: { code: 'unauthorized', message: 'Unauthorized' },
    });
    const teapot = await app.request('/teapot');
    expect(teapot.status).toBe(418);
    expect(teapot.headers.get('cache-control')).toBe('no-store');
    expect(await teapot.json()).toMatchObject({ error: { message: 'short and stout' } });
    expect(seen).toHaveLength(0);
  });

  it('maps 5xx to a generic error and reports the original', async () => {
    const { app, seen } = makeApp();
    app.get('/down', () => {
      throw new HTTPException(503, { message: 'db at 10.0.0.7 down' });
    });
    app.get('/broken', () => {
      throw new HTTPException(502, { message: 'upstream token abc123' });
    });
    const down = await app.request('/down', { headers: { 'x-request-id': 'r503' } });
    expect(down.status).toBe(503);
    const text = await down.text();
    expect(text).not.toContain('10.0.0.7');
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'service_unavailable' } });
    const broken = await app.request('/broken');
    expect(broken.status).toBe(502);
    expect(await broken.text()).not.toContain('abc123');
    expect(seen.map((s) => (s.error as HTTPException).status)).toEqual([503, 502]);
    expect(seen[0]?.info.requestId).toBe('r503');
  });

  it('keeps the headers of a custom response (bearerAuth WWW-Authenticate), not its body', async () => {
    const { app } = makeApp();
    app.use('/private/*', bearerAuth({ token: 'letmein' }));
    app.get('/private/x', (c) => c.text('ok'));
    const denied = await app.request('/private/x');
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(denied.headers.get('content-type')).toBe('application/json');
    expect(await denied.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const allowed = await app.request('/private/x', {
      headers: { authorization: 'Bearer letmein' },
    });
    expect(await allowed.text()).toBe('ok');
  });
});

describe('errata/hono: other failures', () => {
  it('renders a thrown non-Error (which Hono does not hand to onError) as a generic 500', async () => {
    const { app, seen } = makeApp();
    app.get('/string', () => {
      throw 'password=hunter2';
    });
    const res = await app.request('/string', { headers: { 'x-request-id': 's1' } });
    expect(res.status).toBe(500);
    expect(res.headers.get('x-request-id')).toBe('s1');
    expect(await res.text()).not.toContain('hunter2');
    expect(seen).toEqual([
      { error: 'password=hunter2', info: { requestId: 's1', method: 'GET', url: '/string' } },
    ]);
  });

  it('drops headers a handler prepared before failing', async () => {
    const { app } = makeApp();
    app.get('/half', (c) => {
      c.header('etag', '"7"');
      throw new ApiError({ status: 409, code: 'conflict' });
    });
    const res = await app.request('/half');
    expect(res.status).toBe(409);
    expect(res.headers.get('etag')).toBeNull();
  });

  it('pins a route format over the app format and Accept; Accept picks problem elsewhere', async () => {
    const { app, errata } = makeApp();
    const fail = () => {
      throw catalog.error('thing_not_found', { id: 'x' });
    };
    app.get('/pinned', errata.format('stripe'), fail);
    app.get('/plain', fail);
    const accept = { accept: 'application/problem+json' };
    const pinned = await app.request('/pinned', { headers: accept });
    expect(pinned.headers.get('content-type')).toBe('application/json');
    expect((await errorOf(pinned)).format).toBe('stripe');
    const plain = await app.request('/plain', { headers: accept });
    expect(plain.headers.get('content-type')).toBe('application/problem+json');
    expect(await plain.json()).toMatchObject({ code: 'thing_not_found', instance: '/plain' });
    expect(() => errata.format('nope' as 'problem')).toThrow(TypeError);
  });
});

describe('errata/hono: 405 with Allow', () => {
  function routedApp() {
    const { app } = makeApp();
    app.get('/items/:id', (c) => c.text(c.req.param('id')));
    app.put('/items/:id', (c) => c.text('put'));
    app.delete('/items/:id', (c) => c.text('deleted'));
    app.on('PURGE', '/cache', (c) => c.text('purged'));
    app.post('/only-post', (c) => c.text('posted'));
    app.get('/num/:n{[0-9]+}', (c) => c.text(c.req.param('n')));
    const sub = new Hono();
    sub.patch('/:id', (c) => c.text('patched'));
    app.route('/sub', sub);
    return app;
  }

  it('answers a known path with a wrong method 405 and Allow in a stable order', async () => {
    const app = routedApp();
    const cases: [string, string, string][] = [
      ['POST', '/items/1', 'GET, HEAD, PUT, DELETE, OPTIONS'],
      ['GET', '/only-post', 'POST, OPTIONS'],
      ['GET', '/cache', 'OPTIONS, PURGE'],
      ['DELETE', '/sub/9', 'PATCH, OPTIONS'],
      ['POST', '/num/12', 'GET, HEAD, OPTIONS'],
    ];
    for (const [method, path, allow] of cases) {
      const res = await app.request(path, { method });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get('allow'), `${method} ${path}`).toBe(allow);
      expect(res.headers.get('x-request-id')).toMatch(/^req_/);
      expect((await errorOf(res)).code).toBe('method_not_allowed');
    }
  });

  it('still answers 404 and 405 behind several app.use middlewares (Hono composes them then)', async () => {
    const app = routedApp();
    // Registered after the routes on purpose: with two or more matching middlewares Hono runs
    // compose(), which drops the notFound answer of a context marked finalized.
    app.use('*', async (_c, next) => next());
    app.use('*', async (c, next) => {
      c.header('x-frame-options', 'DENY');
      await next();
    });
    const missing = await app.request('/nope');
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).code).toBe('not_found');
    expect(missing.headers.get('x-frame-options')).toBe('DENY');
    const wrong = await app.request('/only-post');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST, OPTIONS');
    expect((await errorOf(wrong)).code).toBe('method_not_allowed');
  });

  it('answers OPTIONS with 204 + Allow, HEAD through GET, and 404 where the router would not match', async () => {
    const app = routedApp();
    const options = await app.request('/items/1', { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE, OPTIONS');
    expect(options.headers.get('x-request-id')).toMatch(/^req_/);
    const head = await app.request('/items/1', { method: 'HEAD' });
    expect(head.status).toBe(200);
    // The app's own router decides: strict trailing slashes and param patterns.
    for (const path of ['/items/1/', '/num/abc', '/items', '/nowhere']) {
      const res = await app.request(path, { method: 'POST' });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('allow'), path).toBeNull();
    }
  });
});

/** One schema, written in each Standard Schema library. */
const libraries = [
  {
    name: 'zod',
    body: z.object({ name: z.string().min(1), qty: z.number().int().positive() }),
    query: z.object({ limit: z.coerce.number().int().max(10) }),
    param: z.object({ id: z.string().regex(/^\d+$/) }),
  },
  {
    name: 'valibot',
    body: v.object({
      name: v.pipe(v.string(), v.minLength(1)),
      qty: v.pipe(v.number(), v.integer(), v.minValue(1)),
    }),
    query: v.object({ limit: v.pipe(v.string(), v.transform(Number), v.maxValue(10)) }),
    param: v.object({ id: v.pipe(v.string(), v.regex(/^\d+$/)) }),
  },
  {
    name: 'arktype',
    body: type({ name: 'string > 0', qty: 'number.integer > 0' }),
    query: type({ limit: type('string.integer.parse').to('number <= 10') }),
    param: type({ id: /^\d+$/ }),
  },
] as const;

describe('errata/hono: validator', () => {
  for (const lib of libraries) {
    it(`validates json, query and param with ${lib.name}`, async () => {
      const { app, errata } = makeApp({ format: 'problem' });
      app.put(
        '/things/:id',
        errata.validator('param', lib.param),
        errata.validator('json', lib.body),
        (c) => {
          const body = c.req.valid('json');
          const params = c.req.valid('param');
          return c.json({ id: params.id, name: body.name, qty: body.qty });
        },
      );
      app.get('/things', errata.validator('query', lib.query), (c) =>
        c.json({ limit: c.req.valid('query').limit }),
      );
      const ok = await app.request('/things/7', jsonPut('{"name":"a","qty":2}'));
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ id: '7', name: 'a', qty: 2 });

      const badBody = await app.request('/things/7', jsonPut('{"name":"","qty":1.5}'));
      expect(badBody.status).toBe(422);
      const bodyError = await errorOf(badBody);
      expect(bodyError.code).toBe('validation_error');
      expect(bodyError.fields?.map((f) => f.path.join('.')).sort()).toEqual(['name', 'qty']);

      const badParam = await app.request('/things/x7', jsonPut('{"name":"a","qty":2}'));
      expect(badParam.status).toBe(422);
      expect((await errorOf(badParam)).fields?.map((f) => f.path)).toEqual([['id']]);

      const query = await app.request('/things?limit=5');
      expect(await query.json()).toEqual({ limit: 5 });
      const badQuery = await app.request('/things?limit=50');
      expect(badQuery.status).toBe(422);
      expect((await errorOf(badQuery)).fields?.map((f) => f.path)).toEqual([['limit']]);
      const notInteger = await app.request('/things?limit=abc');
      expect(notInteger.status).toBe(422);
      expect((await errorOf(notInteger)).fields?.[0]?.path).toEqual(['limit']);
    });
  }

  it('answers 415, 400 (malformed, empty, not UTF-8) and 413 for json bodies', async () => {
    const { app, errata, seen } = makeApp();
    app.post('/small', errata.validator('json', z.unknown(), { bodyLimit: 16 }), (c) =>
      c.json({ got: c.req.valid('json') }),
    );
    const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
      app.request('/small', { method: 'POST', headers, body });
    const json = { 'content-type': 'application/json' };
    const cases: [Response, number, string][] = [
      [await post('{}', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type'],
      [await post('{}'), 415, 'unsupported_media_type'],
      [await post('{"a":', json), 400, 'invalid_request'],
      [await post(null, json), 400, 'invalid_request'],
      [await post(new Uint8Array([0x22, 0xff, 0x22]), json), 400, 'invalid_request'],
      [await post('"a long string over the limit"', json), 413, 'payload_too_large'],
    ];
    for (const [res, status, code] of cases) {
      expect(res.status).toBe(status);
      expect((await errorOf(res)).code).toBe(code);
      expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    }
    const ok = await post('[1,2]', { 'content-type': 'application/merge-patch+json' });
    expect(await ok.json()).toEqual({ got: [1, 2] });
    expect(seen).toHaveLength(0);
    expect(() => errata.validator('json', z.unknown(), { bodyLimit: 0 })).toThrow(TypeError);
  });

  it('refuses a streamed body past the limit on a real socket and closes the connection', async () => {
    const { app, errata } = makeApp();
    app.post('/upload', errata.validator('json', z.unknown(), { bodyLimit: 1000 }), (c) =>
      c.json({ ok: true }),
    );
    const server = await serveOnSocket(app);
    try {
      const chunk = `200\r\n${'x'.repeat(0x200)}\r\n`;
      const res = await rawRequest(server.port, [
        'POST /upload HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n',
        chunk,
        chunk,
        chunk,
      ]);
      expect(res.status).toBe(413);
      expect(res.closedByServer).toBe(true);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'payload_too_large' } });
    } finally {
      await server.close();
    }
  });

  it('drops __proto__ and constructor.prototype members, and keeps c.req.text() usable', async () => {
    const { app, errata } = makeApp();
    app.post('/merge', errata.validator('json', z.record(z.string(), z.unknown())), async (c) => {
      const target: Record<string, unknown> = {};
      Object.assign(target, c.req.valid('json'));
      return c.json({ keys: Object.keys(c.req.valid('json')), raw: await c.req.text() });
    });
    // What the validator hands the schema (Zod's record itself skips `__proto__` keys).
    app.get('/q', errata.validator('query', z.any()), (c) => {
      const query = c.req.valid('query') as object;
      return c.text(`${Object.hasOwn(query, '__proto__')} ${JSON.stringify(query)}`);
    });
    const body =
      '{"a":1,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"n":{"\\u005f_proto__":{"polluted":true}}}';
    const posted = await app.request('/merge', { ...jsonPut(body), method: 'POST' });
    expect(posted.status).toBe(200);
    const out = (await posted.json()) as { keys: string[]; raw: string };
    expect(out.keys.sort()).toEqual(['a', 'n']);
    expect(out.raw).toBe(body);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const q = await app.request('/q?__proto__=x&__proto__=y');
    expect(await q.text()).toBe('true {"__proto__":["x","y"]}');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('errata/hono: streams', () => {
  function streamingApp() {
    const made = makeApp();
    made.app.get('/stream', (c) => {
      c.header('transfer-encoding', 'chunked');
      return made.errata.stream(c, async (s) => {
        await s.write('first ');
        throw new Error('stream secret s3cr3t');
      });
    });
    made.app.get('/fine', (c) =>
      made.errata.stream(c, async (s) => {
        await s.write('a');
        await s.writeln('b');
      }),
    );
    return made;
  }

  it('reports an error thrown mid-stream and errors the body (fetch path)', async () => {
    const { app, seen } = streamingApp();
    const res = await app.request('/stream', { headers: { 'x-request-id': 'st-1' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('st-1');
    await expect(res.text()).rejects.toThrow();
    expect(seen.map((s) => [(s.error as Error).message, s.info.requestId])).toEqual([
      ['stream secret s3cr3t', 'st-1'],
    ]);
    const fine = await app.request('/fine');
    expect(await fine.text()).toBe('ab\n');
  });

  it('cuts the connection on a real socket and keeps serving', async () => {
    const { app, seen } = streamingApp();
    const server = await serveOnSocket(app);
    try {
      const outcome = await fetch(`${server.url}/stream`, { headers: { 'x-request-id': 'st-2' } })
        .then((res) => res.text())
        .then(
          (text) => ({ complete: true, text }),
          () => ({ complete: false, text: '' }),
        );
      expect(outcome.complete).toBe(false);
      for (let i = 0; i < 50 && seen.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(seen.map((s) => s.info.requestId)).toEqual(['st-2']);
      const fine = await fetch(`${server.url}/fine`);
      expect(await fine.text()).toBe('ab\n');
    } finally {
      await server.close();
    }
  });
});

describe('errata/hono: app.request() (fetch runtimes) answers like a real socket', () => {
  it('gives the same status, headers and body on both paths', async () => {
    const seen: unknown[] = [];
    const app = createVaultHonoApp({
      now: () => Date.parse('2025-01-01T00:00:00Z'),
      onError: (error) => {
        seen.push(error);
      },
    });
    const server = await startServer(getRequestListener(app.fetch));
    try {
      await app.request('/v1/secrets/shared', jsonPut('{"value":"v"}'));
      const requests: [string, RequestInit][] = [
        ['/healthz', {}],
        ['/v1/secrets/shared', {}],
        ['/v1/secrets/ghost', { headers: { accept: 'application/problem+json' } }],
        ['/v1/secrets/db', { method: 'POST' }],
        ['/v1/secrets/db', { method: 'OPTIONS' }],
        ['/v1/secrets/db', jsonPut('{"value":')],
        ['/v1/secrets/db', jsonPut('{"value":""}')],
        ['/v1/secrets?limit=0', {}],
        ['/v1/debug/crash', {}],
        ['/v1/debug/pinned', {}],
        ['/v2/unknown', {}],
      ];
      for (const [path, init] of requests) {
        const headers = { ...(init.headers as Record<string, string>), 'x-request-id': 'same-1' };
        const viaFetch = await app.request(path, { ...init, headers });
        const viaSocket = await fetch(`${server.url}${path}`, { ...init, headers });
        const where = `${init.method ?? 'GET'} ${path}`;
        expect(viaSocket.status, where).toBe(viaFetch.status);
        expect(await viaSocket.text(), where).toBe(await viaFetch.text());
        for (const name of [
          'content-type',
          'x-request-id',
          'allow',
          'cache-control',
          'etag',
          'retry-after',
        ]) {
          expect(viaSocket.headers.get(name), `${where} ${name}`).toBe(viaFetch.headers.get(name));
        }
      }
      expect(seen).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});

describe('errata/hono: query repetition, 405 pins, kept headers, bad encodings', () => {
  it("reads a repeated query parameter as an array by default, as its last value with repeated: 'last'", async () => {
    const { app, errata } = makeApp();
    const schema = z.object({ tag: z.unknown() });
    app.get('/array', errata.validator('query', schema), (c) => c.json(c.req.valid('query')));
    app.get('/last', errata.validator('query', schema, { repeated: 'last' }), (c) =>
      c.json(c.req.valid('query')),
    );
    expect(await (await app.request('/array?tag=a&tag=b')).json()).toEqual({ tag: ['a', 'b'] });
    expect(await (await app.request('/last?tag=a&tag=b')).json()).toEqual({ tag: 'b' });
    expect(() => errata.validator('query', schema, { repeated: 'first' as 'last' })).toThrow(
      TypeError,
    );
  });

  it('renders the 405 of a path in the format its route pins', async () => {
    const { app, errata } = makeApp();
    app.get('/legacy', errata.format('stripe'), (c) => c.json({ ok: true }));
    app.get('/plain', (c) => c.json({ ok: true }));
    const legacy = await app.request('/legacy', { method: 'DELETE' });
    expect(legacy.status).toBe(405);
    expect((await errorOf(legacy)).format).toBe('stripe');
    const plain = await app.request('/plain', { method: 'DELETE' });
    expect((await errorOf(plain)).format).toBe('envelope');
  });

  it('keeps headers other than representation ones on an error (CORS, cookies)', async () => {
    const { app } = makeApp();
    app.use(async (c, next) => {
      c.header('access-control-allow-origin', '*');
      await next();
    });
    app.get('/half', (c) => {
      c.header('set-cookie', 'a=1', { append: true });
      c.header('set-cookie', 'b=2', { append: true });
      c.header('etag', '"7"');
      c.header('content-language', 'en');
      throw new ApiError({ status: 409, code: 'conflict' });
    });
    const res = await app.request('/half');
    expect(res.status).toBe(409);
    expect(res.headers.get('etag')).toBeNull();
    expect(res.headers.get('content-language')).toBeNull();
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
  });

  it('answers a bad percent-encoding with 400 on a known path, 404 elsewhere', async () => {
    const { app } = makeApp();
    app.get('/things/:id', (c) => c.json({ id: c.req.param('id') }));
    for (const [method, path, status] of [
      ['GET', '/things/%zz', 400],
      ['POST', '/things/%E0%A4%A', 400],
      ['GET', '/nope/%zz', 404],
    ] as const) {
      const res = await app.request(path, { method });
      expect(res.status, `${method} ${path}`).toBe(status);
      const error = await errorOf(res);
      if (status === 400) {
        expect(error.code).toBe('invalid_request');
        expect(error.message).toBe('The request path holds an invalid percent-encoding.');
      }
    }
  });
});
