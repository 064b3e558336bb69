import { type } from 'arktype';
import express, { type Express, Router } from 'express';
import createError from 'http-errors';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCatalog, parseErrorBody } from '../../src/index.js';
import {
  type ErrataExpress,
  type ErrataOptions,
  type ErrorInfo,
  errataExpress,
} from '../../src/server/express.js';
import { startServer } from '../helpers/server.js';

const catalog = defineCatalog({
  typeBase: 'https://api.test/errors/',
  errors: {
    thing_not_found: {
      status: 404,
      title: 'Thing not found',
      details: z.object({ id: z.string() }),
      message: (d) => `No thing ${d.id}.`,
    },
    conflict: { status: 409, title: 'Conflict', message: 'It conflicts.' },
  },
});

const SECRET = 'postgres://admin:hunter2@db.internal';
const JSON_TYPE = { 'content-type': 'application/json' };

/** Build an app between errata's first and last middleware; start it on 127.0.0.1:0. */
async function withApp(
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

type Server = Awaited<ReturnType<typeof withApp>>;

async function errorOf(res: Response) {
  const body = await res.text();
  return { error: parseErrorBody({ status: res.status, headers: res.headers, body }), body };
}

async function use<T>(server: Server, run: (server: Server) => Promise<T>): Promise<T> {
  try {
    return await run(server);
  } finally {
    await server.close();
  }
}

/** Wait (bounded) until onError saw something: reports after a cut response arrive late. */
async function reported(server: Server, count = 1) {
  for (let i = 0; i < 100 && server.errors.length < count; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return server.errors;
}

describe('errata/express: body-parser errors (express.json())', () => {
  const app = () =>
    withApp((app) => {
      app.post('/echo', express.json({ limit: 32 }), (req, res) => {
        res.json(req.body);
      });
    });

  it('maps entity.parse.failed to 400 invalid_request without quoting the body', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/echo`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: '{"a": hunter2',
      });
      const { error, body } = await errorOf(res);
      expect(res.status).toBe(400);
      expect(error.code).toBe('invalid_request');
      expect(error.message).toBe('The request body is not valid JSON.');
      expect(body).not.toContain('hunter2');
      expect(body).not.toContain('Unexpected');
      expect(res.headers.get('x-request-id')).toMatch(/^req_/);
      expect(server.errors).toEqual([]);
    });
  });

  it('maps entity.too.large to 413 payload_too_large', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/echo`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify({ value: 'x'.repeat(100) }),
      });
      expect(res.status).toBe(413);
      expect((await errorOf(res)).error.code).toBe('payload_too_large');
    });
  });

  it('maps charset.unsupported and encoding.unsupported to 415 unsupported_media_type', async () => {
    await use(await app(), async (server) => {
      const charset = await fetch(`${server.url}/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=latin1' },
        body: '{}',
      });
      expect(charset.status).toBe(415);
      const parsedCharset = await errorOf(charset);
      expect(parsedCharset.error.code).toBe('unsupported_media_type');
      expect(parsedCharset.body).not.toContain('latin1');
      const encoding = await fetch(`${server.url}/echo`, {
        method: 'POST',
        headers: { ...JSON_TYPE, 'content-encoding': 'x-custom' },
        body: '{}',
      });
      expect(encoding.status).toBe(415);
      expect((await errorOf(encoding)).error.code).toBe('unsupported_media_type');
      expect(server.errors).toEqual([]);
    });
  });
});

describe('errata/express: errata.json()', () => {
  const app = (options: ErrataOptions = {}) =>
    withApp((app, errata) => {
      app.post('/strict', errata.json(), (req, res) => {
        res.json({ body: req.body, hasProto: Object.hasOwn(req.body as object, '__proto__') });
      });
      app.use('/loose', errata.json({ required: false, limit: 16 }));
      app.all('/loose', (req, res) => {
        res.json({ body: req.body ?? null });
      });
      app.post('/twice', express.json(), errata.json(), (req, res) => {
        res.json(req.body);
      });
    }, options);

  it('answers 415 for a missing or non-JSON content type, 400 for empty or malformed JSON', async () => {
    await use(await app(), async (server) => {
      const cases: [RequestInit, number, string][] = [
        [
          { method: 'POST', body: 'x=1', headers: { 'content-type': 'text/plain' } },
          415,
          'unsupported_media_type',
        ],
        [{ method: 'POST' }, 415, 'unsupported_media_type'],
        [{ method: 'POST', headers: JSON_TYPE }, 400, 'invalid_request'],
        [{ method: 'POST', headers: JSON_TYPE, body: '{"a":' }, 400, 'invalid_request'],
        [
          { method: 'POST', headers: JSON_TYPE, body: Buffer.from([0x22, 0xff, 0x22]) },
          400,
          'invalid_request',
        ],
      ];
      for (const [init, status, code] of cases) {
        const res = await fetch(`${server.url}/strict`, init);
        expect(res.status, JSON.stringify(init)).toBe(status);
        expect((await errorOf(res)).error.code).toBe(code);
      }
      expect(server.errors).toEqual([]);
    });
  });

  it('answers 413 at the app body limit, and at a per-parser limit', async () => {
    await use(await app({ bodyLimit: 100 }), async (server) => {
      const big = await fetch(`${server.url}/strict`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify({ v: 'x'.repeat(100) }),
      });
      expect(big.status).toBe(413);
      expect(big.headers.get('connection')).toBe('close');
      const fits = await fetch(`${server.url}/strict`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify({ v: 'x'.repeat(50) }),
      });
      expect(fits.status).toBe(200);
      const loose = await fetch(`${server.url}/loose`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify({ v: 'x'.repeat(50) }),
      });
      expect(loose.status).toBe(413);
    });
  });

  it('with required: false, lets requests without a body through and still checks bodies', async () => {
    await use(await app(), async (server) => {
      const get = await fetch(`${server.url}/loose`);
      expect(get.status).toBe(200);
      expect(await get.json()).toEqual({ body: null });
      const text = await fetch(`${server.url}/loose`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'hi',
      });
      expect(text.status).toBe(415);
      const json = await fetch(`${server.url}/loose`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: '[1]',
      });
      expect(await json.json()).toEqual({ body: [1] });
    });
  });

  it('leaves a body another parser already read alone', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/twice`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: '{"a":1}',
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ a: 1 });
    });
  });

  it('drops __proto__ and constructor.prototype members at any depth', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/strict`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: '{"a":1,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"n":{"\\u005f_proto__":{"polluted":true},"constructor":"ok"}}',
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        body: { a: 1, n: { constructor: 'ok' } },
        hasProto: false,
      });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    });
  });
});

describe('errata/express: http-errors and other thrown values', () => {
  const app = () =>
    withApp((app) => {
      app.get('/unauthorized', () => {
        throw createError(401, 'Token expired.', { headers: { 'WWW-Authenticate': 'Bearer' } });
      });
      app.get('/gone', (_req, _res, next) => next(createError(404)));
      app.get('/conflict', () => {
        throw createError(409, 'Already there.');
      });
      app.get('/teapot', () => {
        throw createError(418);
      });
      app.get('/hidden', () => {
        throw Object.assign(new Error(`lookup failed: ${SECRET}`), { status: 400, expose: false });
      });
      app.get('/unavailable', () => {
        throw createError(503, `down: ${SECRET}`);
      });
      app.get('/server', () => {
        throw createError(500, `boom: ${SECRET}`);
      });
      app.get('/string', () => {
        throw SECRET;
      });
      app.get('/things/:id', (req) => {
        throw catalog.error('thing_not_found', { id: req.params.id });
      });
    });

  it('maps 4xx http-errors to cataloged codes, passing on only exposed messages and their headers', async () => {
    await use(await app(), async (server) => {
      const unauthorized = await fetch(`${server.url}/unauthorized`);
      expect(unauthorized.status).toBe(401);
      expect(unauthorized.headers.get('www-authenticate')).toBe('Bearer');
      const u = (await errorOf(unauthorized)).error;
      expect([u.code, u.message]).toEqual(['unauthorized', 'Token expired.']);

      const gone = await errorOf(await fetch(`${server.url}/gone`));
      expect([gone.error.status, gone.error.code]).toEqual([404, 'not_found']);

      const conflict = await errorOf(await fetch(`${server.url}/conflict`));
      // The catalog's own `conflict` entry is used.
      expect([conflict.error.status, conflict.error.code]).toEqual([409, 'conflict']);
      expect(conflict.error.message).toBe('Already there.');

      const teapot = await errorOf(await fetch(`${server.url}/teapot`));
      expect([teapot.error.status, teapot.error.code]).toEqual([418, 'http_418']);

      const hidden = await fetch(`${server.url}/hidden`);
      const h = await errorOf(hidden);
      expect([hidden.status, h.error.code]).toEqual([400, 'invalid_request']);
      expect(h.body).not.toContain('hunter2');
      expect(server.errors).toEqual([]);
    });
  });

  it('reports 5xx http-errors and plain thrown values, leaking nothing', async () => {
    await use(await app(), async (server) => {
      const unavailable = await fetch(`${server.url}/unavailable`, {
        headers: { 'x-request-id': 'down-1' },
      });
      const u = await errorOf(unavailable);
      // The rule every adapter shares (statusLikeError): a 5xx status-like error is a generic 500.
      expect([unavailable.status, u.error.code]).toEqual([500, 'internal_error']);
      expect(u.body).not.toContain('hunter2');
      for (const path of ['/server', '/string']) {
        const res = await fetch(server.url + path);
        const { error, body } = await errorOf(res);
        expect([res.status, error.code]).toEqual([500, 'internal_error']);
        expect(body).not.toContain('hunter2');
        expect(body).not.toContain('boom');
      }
      expect(server.errors.map((e) => e.info)).toEqual([
        { requestId: 'down-1', method: 'GET', url: '/unavailable' },
        { requestId: expect.stringMatching(/^req_/), method: 'GET', url: '/server' },
        { requestId: expect.stringMatching(/^req_/), method: 'GET', url: '/string' },
      ]);
      expect(String((server.errors[0]?.error as Error | undefined)?.message)).toContain('hunter2');
      expect(server.errors[2]?.error).toBe(SECRET);
    });
  });

  it('renders catalog errors with details', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/things/a%20b?x=1`);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({
        error: { code: 'thing_not_found', message: 'No thing a b.', details: { id: 'a b' } },
      });
    });
  });

  it('answers a malformed percent-encoding in a param with 400 invalid_request', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/things/%E0%A4%A`);
      const { error } = await errorOf(res);
      expect([res.status, error.code]).toEqual([400, 'invalid_request']);
      expect(error.message).toBe('The request path holds an invalid percent-encoding.');
      expect(server.errors).toEqual([]);
    });
  });
});

describe('errata/express: async handlers and started responses', () => {
  const app = () =>
    withApp((app) => {
      app.get('/async', async () => {
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error(SECRET);
      });
      app.get('/async-api', async () => {
        await new Promise((resolve) => setImmediate(resolve));
        throw catalog.error('thing_not_found', { id: 'x' });
      });
      app.get('/started', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '100' });
        res.write('partial ');
        throw new Error(SECRET);
      });
      app.get('/started-async', async (_req, res) => {
        res.setHeader('content-type', 'text/plain');
        res.write('partial ');
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error(SECRET);
      });
      app.get('/ended', (_req, res) => {
        res.json({ ok: true });
        throw new Error('after the end');
      });
      app.get('/ok', (_req, res) => {
        res.json({ ok: true });
      });
    });

  it('turns an async rejection into the error it carries', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/async`, { headers: { 'x-request-id': 'a-1' } });
      const { error, body } = await errorOf(res);
      expect([res.status, error.code, error.requestId]).toEqual([500, 'internal_error', 'a-1']);
      expect(body).not.toContain('hunter2');
      expect(server.errors.map((e) => e.info.requestId)).toEqual(['a-1']);
      const api = await fetch(`${server.url}/async-api`);
      expect(api.status).toBe(404);
      expect(server.errors).toHaveLength(1);
    });
  });

  it('destroys a started response, reports the error, and keeps serving', async () => {
    await use(await app(), async (server) => {
      for (const [path, id] of [
        ['/started', 's-1'],
        ['/started-async', 's-2'],
      ] as const) {
        // Cut before the announced length or the last chunk: the client sees a broken body,
        // never a whole response.
        const outcome = await fetch(server.url + path, { headers: { 'x-request-id': id } })
          .then((res) => res.text())
          .then(
            (text) => ({ cut: false, text }),
            () => ({ cut: true, text: '' }),
          );
        expect(outcome).toEqual({ cut: true, text: '' });
      }
      const errors = await reported(server, 2);
      expect(errors.map((e) => e.info.requestId).sort()).toEqual(['s-1', 's-2']);
      expect(errors.every((e) => (e.error as Error).message.includes('hunter2'))).toBe(true);
      const ok = await fetch(`${server.url}/ok`);
      expect(ok.status).toBe(200);
    });
  });

  it('reports an error raised after the response ended, without touching it', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/ended`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true });
      const errors = await reported(server);
      expect(errors.map((e) => (e.error as Error).message)).toEqual(['after the end']);
    });
  });
});

describe('errata/express: request ids', () => {
  it('shows the id to handlers (req, res.locals, requestIdOf) and to onError', async () => {
    const server = await withApp((app, errata) => {
      app.get('/id', (req, res) => {
        res.json({ req: req.requestId, locals: res.locals.requestId, of: errata.requestIdOf(req) });
      });
      app.get('/fail', () => {
        throw new Error('x');
      });
    });
    await use(server, async () => {
      const res = await fetch(`${server.url}/id`, { headers: { 'x-request-id': 'mine-1' } });
      expect(res.headers.get('x-request-id')).toBe('mine-1');
      expect(await res.json()).toEqual({ req: 'mine-1', locals: 'mine-1', of: 'mine-1' });
      const generated = await fetch(`${server.url}/id`, { headers: { 'x-request-id': 'a\u00e9' } });
      const id = generated.headers.get('x-request-id');
      expect(id).toMatch(/^req_[A-Za-z0-9_-]{22}$/);
      expect(await generated.json()).toEqual({ req: id, locals: id, of: id });
      const fail = await fetch(`${server.url}/fail`, { headers: { 'x-request-id': 'mine-2' } });
      expect(fail.headers.get('x-request-id')).toBe('mine-2');
      expect(server.errors[0]?.info.requestId).toBe('mine-2');
    });
  });

  it('uses a custom header and generator', async () => {
    const server = await withApp(
      (app) => {
        app.get('/ok', (_req, res) => {
          res.send('ok');
        });
      },
      { requestId: { header: 'X-Trace-ID', trustIncoming: false, generate: () => 'trace-7' } },
    );
    await use(server, async () => {
      for (const path of ['/ok', '/missing']) {
        const res = await fetch(server.url + path, { headers: { 'x-trace-id': 'theirs' } });
        expect(res.headers.get('x-trace-id')).toBe('trace-7');
        expect(res.headers.get('x-request-id')).toBe('trace-7');
        await res.arrayBuffer();
      }
    });
  });

  it('gives errors an id even when the requestId middleware is not mounted', async () => {
    const errata = errataExpress({ catalog, onError: () => {} });
    const app = express();
    app.get('/boom', () => {
      throw new Error('x');
    });
    app.use(errata.errorHandler);
    const server = await startServer(app as unknown as Parameters<typeof startServer>[0]);
    try {
      const res = await fetch(`${server.url}/boom`, { headers: { 'x-request-id': 'late-1' } });
      expect(res.status).toBe(500);
      expect(res.headers.get('x-request-id')).toBe('late-1');
      expect((await errorOf(res)).error.requestId).toBe('late-1');
    } finally {
      await server.close();
    }
  });
});

describe('errata/express: formats', () => {
  it('pins a format per route and per router, over the app format and Accept', async () => {
    const server = await withApp((app, errata) => {
      app.get('/app', () => {
        throw catalog.error('thing_not_found', { id: '1' });
      });
      app.get('/route', errata.format('stripe'), () => {
        throw catalog.error('thing_not_found', { id: '1' });
      });
      const legacy = Router();
      legacy.use(errata.format('google'));
      legacy.get('/thing', () => {
        throw catalog.error('thing_not_found', { id: '1' });
      });
      app.use('/legacy', legacy);
    });
    await use(server, async () => {
      const cases: [string, string | undefined, string][] = [
        ['/app', undefined, 'envelope'],
        ['/app', 'application/problem+json', 'problem'],
        ['/route', undefined, 'stripe'],
        ['/route', 'application/problem+json', 'stripe'],
        ['/legacy/thing', 'application/problem+json', 'google'],
      ];
      for (const [path, accept, format] of cases) {
        const res = await fetch(
          server.url + path,
          accept === undefined ? {} : { headers: { accept } },
        );
        const { error } = await errorOf(res);
        expect(error.format, path).toBe(format);
        expect(res.status).toBe(404);
      }
    });
  });

  it('drops representation headers set before a failure, keeps the others', async () => {
    const server = await withApp((app) => {
      app.use((_req, res, next) => {
        res.set('access-control-allow-origin', '*');
        next();
      });
      app.get('/half', (_req, res) => {
        res.set({ etag: '"1"', location: '/x', 'content-type': 'text/html' });
        throw catalog.error('thing_not_found', { id: '1' });
      });
    });
    await use(server, async () => {
      const res = await fetch(`${server.url}/half`);
      expect(res.status).toBe(404);
      expect(res.headers.get('etag')).toBeNull();
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    });
  });

  it('refuses an unknown format at start-up', () => {
    const errata = errataExpress();
    expect(() => errata.format('nope' as 'problem')).toThrow(TypeError);
    expect(() => errataExpress({ format: 'nope' as 'problem' })).toThrow(TypeError);
  });
});

describe('errata/express: validate()', () => {
  const libraries = {
    zod: {
      body: z.object({
        name: z.string().min(1),
        items: z.array(z.object({ qty: z.number().positive() })),
      }),
      query: z.object({ limit: z.coerce.number().int().max(10) }),
      params: z.object({ id: z.string().regex(/^\d+$/).transform(Number) }),
    },
    valibot: {
      body: v.object({
        name: v.pipe(v.string(), v.minLength(1)),
        items: v.array(v.object({ qty: v.pipe(v.number(), v.minValue(1)) })),
      }),
      query: v.object({ limit: v.pipe(v.string(), v.regex(/^\d$/), v.transform(Number)) }),
      params: v.object({ id: v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number)) }),
    },
    arktype: {
      body: type({ name: 'string > 0', items: type({ qty: 'number > 0' }).array() }),
      query: type({ limit: 'string.integer.parse' }).pipe((q) => ({ limit: q.limit })),
      params: type({ id: 'string.integer.parse' }),
    },
  };

  for (const [library, schemas] of Object.entries(libraries)) {
    it(`validates params, query and body with ${library}`, async () => {
      const server = await withApp((app, errata) => {
        const check = errata.validate(schemas);
        app.post('/orders/:id', errata.json(), check, (req, res) => {
          const valid = check.valid(req);
          res.json({ ...valid, reqBody: req.body });
        });
      });
      await use(server, async () => {
        const good = { name: 'n', items: [{ qty: 2 }] };
        const ok = await fetch(`${server.url}/orders/12?limit=3`, {
          method: 'POST',
          headers: JSON_TYPE,
          body: JSON.stringify(good),
        });
        expect(ok.status).toBe(200);
        expect(await ok.json()).toEqual({
          params: { id: 12 },
          query: { limit: 3 },
          body: good,
          reqBody: good,
        });

        const cases: [string, unknown, (string | number)[][]][] = [
          ['/orders/abc?limit=3', good, [['id']]],
          ['/orders/1?limit=x', good, [['limit']]],
          [
            '/orders/1?limit=3',
            { name: 'n', items: [{ qty: 1 }, { qty: -1 }] },
            [['items', 1, 'qty']],
          ],
          ['/orders/1?limit=3', { name: '', items: [] }, [['name']]],
        ];
        for (const [path, body, paths] of cases) {
          const res = await fetch(server.url + path, {
            method: 'POST',
            headers: { ...JSON_TYPE, accept: 'application/problem+json' },
            body: JSON.stringify(body),
          });
          const { error, body: text } = await errorOf(res);
          expect(res.status, text).toBe(422);
          expect(error.code).toBe('validation_error');
          expect(
            error.fields?.map((f) => f.path),
            `${library} ${path}`,
          ).toEqual(paths);
        }
        expect(server.errors).toEqual([]);
      });
    });
  }

  it('types what it validated and refuses what is not a schema', async () => {
    const errata = errataExpress();
    const check = errata.validate({ query: z.object({ n: z.coerce.number() }) });
    const typed: (req: express.Request) => number = (req) => check.valid(req).query.n;
    expect(typeof typed).toBe('function');
    expect(() => check.valid({} as express.Request)).toThrow(TypeError);
    expect(() => errata.validate({ body: {} as never })).toThrow(TypeError);
  });
});

describe('errata/express: pinned formats on 405, and falsy throws', () => {
  it('renders the 405 of a path in the format its route (or enclosing router) pins', async () => {
    const server = await withApp((app, errata) => {
      app.get('/legacy', errata.format('stripe'), (_req, res) => {
        res.json({ ok: true });
      });
      const v3 = Router();
      v3.use(errata.format('jsonapi'));
      v3.get('/items/:id', (_req, res) => {
        res.json({ ok: true });
      });
      app.use('/v3', v3);
      app.get('/plain', (_req, res) => {
        res.json({ ok: true });
      });
    });
    await use(server, async () => {
      for (const [path, format] of [
        ['/legacy', 'stripe'],
        ['/v3/items/1', 'jsonapi'],
        ['/plain', 'envelope'],
      ] as const) {
        const res = await fetch(server.url + path, { method: 'DELETE' });
        expect(res.status, path).toBe(405);
        const { error } = await errorOf(res);
        expect(error.format, path).toBe(format);
      }
    });
  });

  it('documents the framework limitation: Express drops a sync `throw null` (404); an async one is a 500', async () => {
    const server = await withApp((app) => {
      app.get('/sync-null', () => {
        throw null;
      });
      app.get('/async-null', async () => {
        throw null;
      });
    });
    await use(server, async () => {
      // Express 5 treats a falsy sync throw like next(null): no error, routing goes on.
      expect((await fetch(`${server.url}/sync-null`)).status).toBe(404);
      // A rejected promise with a falsy reason becomes `new Error('Rejected promise')`.
      const res = await fetch(`${server.url}/async-null`);
      expect(res.status).toBe(500);
      expect((await errorOf(res)).error.code).toBe('internal_error');
      expect(server.errors).toHaveLength(1);
    });
  });
});

describe('errata/express: 404 and 405', () => {
  const app = () =>
    withApp((app) => {
      const ok = (_req: express.Request, res: express.Response) => {
        res.json({ ok: true });
      };
      app.route('/things/:id').get(ok).put(ok).delete(ok);
      app.post('/things', ok);
      app.get('/pass', (_req, _res, next) => next());
      app.all('/any', ok);
      const v2 = Router();
      v2.patch('/items/:id', ok);
      v2.get('/items/:id', ok);
      app.use('/v2', v2);
    });

  it('answers a known path with another method 405 and Allow in a fixed order', async () => {
    await use(await app(), async (server) => {
      const cases: [string, string, string][] = [
        ['POST', '/things/1', 'GET, HEAD, PUT, DELETE, OPTIONS'],
        ['PATCH', '/things/1', 'GET, HEAD, PUT, DELETE, OPTIONS'],
        ['GET', '/things', 'POST, OPTIONS'],
        ['HEAD', '/things', 'POST, OPTIONS'],
        ['DELETE', '/v2/items/7', 'GET, HEAD, PATCH, OPTIONS'],
      ];
      for (const [method, path, allow] of cases) {
        const res = await fetch(server.url + path, { method });
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.headers.get('allow')).toBe(allow);
        expect(res.headers.get('x-request-id')).toMatch(/^req_/);
        if (method !== 'HEAD') expect((await errorOf(res)).error.code).toBe('method_not_allowed');
      }
    });
  });

  it('answers OPTIONS with 204 and Allow', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/things/1`, { method: 'OPTIONS' });
      expect(res.status).toBe(204);
      expect(res.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE, OPTIONS');
      expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    });
  });

  it('answers 404 for unknown paths and for routes that pass the request on', async () => {
    await use(await app(), async (server) => {
      for (const [method, path] of [
        ['GET', '/nope'],
        ['GET', '/pass'],
        ['POST', '/pass/deeper'],
        ['GET', '/v2/other'],
        ['GET', '/things/1/2'],
      ] as const) {
        const res = await fetch(server.url + path, { method });
        expect(res.status, `${method} ${path}`).toBe(404);
        const { error } = await errorOf(res);
        expect(error.code).toBe('not_found');
        expect(error.message).toBe(`No route matches ${method} ${path}.`);
      }
      const any = await fetch(`${server.url}/any`, { method: 'DELETE' });
      expect(any.status).toBe(200);
    });
  });

  it('refuses something that is not a router', () => {
    expect(() => errataExpress().methodNotAllowed({} as never)).toThrow(TypeError);
  });
});
