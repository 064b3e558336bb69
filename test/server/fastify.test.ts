import type { AddressInfo } from 'node:net';
import { Readable, Writable } from 'node:stream';
import { type } from 'arktype';
import Fastify, { errorCodes, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import pino from 'pino';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError, defineCatalog, parseErrorBody } from '../../src/index.js';
import {
  type ErrataFastifyOptions,
  type ErrorInfo,
  errataFastify,
  errataFrameworkErrors,
  errataGenReqId,
  fastifyApiError,
  type StandardSchemaProvider,
  validationFields,
} from '../../src/server/fastify.js';
import { rawRequest } from '../helpers/server.js';

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
});

const SECRET = 'db password is hunter2';

type Running = {
  app: FastifyInstance;
  url: string;
  port: number;
  errors: { error: unknown; info: ErrorInfo }[];
};

const running: FastifyInstance[] = [];

afterEach(async () => {
  for (const app of running.splice(0)) {
    app.server.closeAllConnections();
    await app.close();
  }
});

/** A real Fastify server on 127.0.0.1:0 with errata registered before `routes`. */
async function serve(
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
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, port, errors };
}

async function errorOf(res: Response) {
  const body = await res.text();
  return { error: parseErrorBody({ status: res.status, headers: res.headers, body }), body };
}

const json = (body: unknown, method = 'POST'): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

async function waitFor(check: () => boolean) {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

describe('errata/fastify: request ids', () => {
  it('sets X-Request-ID on success, 404 and error responses and exposes request.requestId', async () => {
    const s = await serve((app) => {
      app.get('/id', (request) => ({ id: request.requestId }));
      app.get('/fail', () => {
        throw catalog.error('thing_not_found', { id: 'x' });
      });
    });
    const ok = await fetch(`${s.url}/id`, { headers: { 'x-request-id': 'trace-1' } });
    expect(ok.headers.get('x-request-id')).toBe('trace-1');
    expect(await ok.json()).toEqual({ id: 'trace-1' });
    for (const path of ['/fail', '/nowhere']) {
      const res = await fetch(`${s.url}${path}`, { headers: { 'x-request-id': 'bad id' } });
      const id = res.headers.get('x-request-id');
      expect(id).toMatch(/^req_[A-Za-z0-9_-]{22}$/);
      const { error } = await errorOf(res);
      expect(error.requestId).toBe(id);
    }
  });

  it("makes pino's reqId equal X-Request-ID with genReqId: errataGenReqId()", async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const line of chunk.toString('utf8').split('\n')) {
          if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
        }
        callback();
      },
    });
    const logger = pino({ level: 'info' }, destination);
    const s = await serve(
      (app) => {
        app.get('/hello', (request) => {
          request.log.info({ marker: 'in-handler' }, 'handling');
          return { ok: true };
        });
      },
      {},
      { loggerInstance: logger, genReqId: errataGenReqId() },
    );
    const generated = await fetch(`${s.url}/hello`);
    const generatedId = generated.headers.get('x-request-id');
    expect(generatedId).toMatch(/^req_/);
    const echoed = await fetch(`${s.url}/hello`, { headers: { 'x-request-id': 'support-7' } });
    expect(echoed.headers.get('x-request-id')).toBe('support-7');
    await waitFor(() => lines.filter((l) => l.marker === 'in-handler').length === 2);
    const handlerLines = lines.filter((l) => l.marker === 'in-handler');
    expect(handlerLines.map((l) => l.reqId)).toEqual([generatedId, 'support-7']);
    // Fastify's own request/response lines carry it too.
    expect(lines.filter((l) => l.reqId === 'support-7').length).toBeGreaterThanOrEqual(2);
  });
});

describe("errata/fastify: Fastify's own errors", () => {
  it('maps FST_ERR_CTP_INVALID_MEDIA_TYPE to 415 unsupported_media_type', async () => {
    const s = await serve((app) => {
      app.post('/things', (request) => request.body ?? null);
    });
    const res = await fetch(`${s.url}/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: '<a/>',
    });
    expect(res.status).toBe(415);
    expect((await errorOf(res)).error.code).toBe('unsupported_media_type');
    // A JSON type with another charset is refused by errata's parser the same way.
    const latin = await fetch(`${s.url}/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=latin1' },
      body: '{}',
    });
    expect(latin.status).toBe(415);
  });

  it('maps FST_ERR_CTP_BODY_TOO_LARGE to 413 payload_too_large, honouring bodyLimit', async () => {
    const s = await serve(
      (app) => {
        app.post('/things', (request) => request.body ?? null);
        app.post('/big', { bodyLimit: 4096 }, (request) => request.body ?? null);
      },
      { bodyLimit: 1024 },
    );
    const body = { value: 'x'.repeat(2000) };
    const res = await fetch(`${s.url}/things`, json(body));
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close');
    expect((await errorOf(res)).error.code).toBe('payload_too_large');
    // A route's own bodyLimit wins over the plugin's.
    const big = await fetch(`${s.url}/big`, json(body));
    expect(big.status).toBe(200);
    expect(await big.json()).toEqual(body);
    // Content-Length announcing too much is refused before reading.
    const raw = await rawRequest(
      s.port,
      'POST /things HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 999999\r\n\r\n{}',
    );
    expect(raw.status).toBe(413);
    expect(raw.headers['x-request-id']).toMatch(/^req_/);
  });

  it('answers malformed, empty and non-UTF-8 JSON with 400 invalid_request', async () => {
    const s = await serve((app) => {
      app.post('/things', (request) => request.body ?? null);
    });
    for (const body of ['{"a":', '', '   ', Buffer.from([0x22, 0xff, 0x22])]) {
      const res = await fetch(`${s.url}/things`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(res.status, String(body)).toBe(400);
      expect((await errorOf(res)).error.code).toBe('invalid_request');
    }
    expect(s.errors).toHaveLength(0);
  });

  it('maps FST_ERR_CTP_EMPTY_JSON_BODY, FST_ERR_CTP_INVALID_JSON_BODY, JSON SyntaxErrors and FST_ERR_NOT_FOUND', async () => {
    const thrown: Record<string, () => Error> = {
      empty: () => new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY(),
      invalid: () => new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(),
      length: () => new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH(),
      syntax: () =>
        Object.assign(new SyntaxError(`Unexpected token in ${SECRET}`), { statusCode: 400 }),
      missing: () => new errorCodes.FST_ERR_NOT_FOUND(),
      media: () => new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(),
      large: () => new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE(),
    };
    const s = await serve((app) => {
      app.get<{ Params: { which: string } }>('/throw/:which', (request) => {
        throw (thrown[request.params.which] as () => Error)();
      });
    });
    const expected: Record<string, [number, string]> = {
      empty: [400, 'invalid_request'],
      invalid: [400, 'invalid_request'],
      length: [400, 'invalid_request'],
      syntax: [400, 'invalid_request'],
      missing: [404, 'not_found'],
      media: [415, 'unsupported_media_type'],
      large: [413, 'payload_too_large'],
    };
    for (const [which, [status, code]] of Object.entries(expected)) {
      const res = await fetch(`${s.url}/throw/${which}`);
      const { error, body } = await errorOf(res);
      expect(res.status, which).toBe(status);
      expect(error.code, which).toBe(code);
      expect(body).not.toContain('hunter2');
      expect(body).not.toContain('FST_');
    }
    expect(s.errors).toHaveLength(0);
  });

  it('turns other 4xx errors into the catalog error of that status with a generic message', async () => {
    const s = await serve((app) => {
      app.get('/auth', () => {
        throw Object.assign(new Error(SECRET), {
          statusCode: 401,
          headers: { 'www-authenticate': 'Bearer' },
        });
      });
      app.get('/gone', () => {
        throw Object.assign(new Error(SECRET), { statusCode: 404 });
      });
    });
    const auth = await fetch(`${s.url}/auth`);
    const { error, body } = await errorOf(auth);
    expect(auth.status).toBe(401);
    expect(auth.headers.get('www-authenticate')).toBe('Bearer');
    expect(error.code).toBe('unauthorized');
    expect(body).not.toContain('hunter2');
    const gone = await fetch(`${s.url}/gone`);
    expect(gone.status).toBe(404);
    expect((await errorOf(gone)).error.code).toBe('not_found');
    expect(s.errors).toHaveLength(0);
  });

  it('answers a malformed URL through errataFrameworkErrors in the app format', async () => {
    const s = await serve(
      (app) => {
        app.get('/things/:id', () => ({ ok: true }));
      },
      {},
      { frameworkErrors: errataFrameworkErrors },
    );
    const res = await fetch(`${s.url}/things/%E0%A4%A`, { headers: { 'x-request-id': 'bad-url' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-request-id')).toBe('bad-url');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect((await errorOf(res)).error.code).toBe('invalid_request');
  });

  it('maps unit cases: validation arrays, unknown values', () => {
    expect(fastifyApiError('nope', catalog)).toBeUndefined();
    expect(fastifyApiError(Object.assign(new Error('x'), { statusCode: 503 }), catalog)).toBe(
      undefined,
    );
    const apiError = new ApiError({ status: 409 });
    expect(fastifyApiError(apiError, catalog)).toBe(apiError);
    expect(
      validationFields([
        { instancePath: '/items/0/qty', keyword: 'minimum', params: {}, message: 'must be >= 1' },
        {
          instancePath: '/a~1b',
          keyword: 'required',
          params: { missingProperty: 'c' },
          message: 'm',
        },
        { path: [{ key: 'x' }, 2], message: 'from a Standard Schema' },
      ]),
    ).toEqual([
      { path: ['items', 0, 'qty'], message: 'must be >= 1', code: 'minimum' },
      { path: ['a/b', 'c'], message: 'm', code: 'required' },
      { path: ['x', 2], message: 'from a Standard Schema' },
    ]);
  });
});

describe('errata/fastify: AJV (JSON Schema) validation', () => {
  it('answers 422 validation_error with fields relative to the body, query or params', async () => {
    const s = await serve((app) => {
      app.post(
        '/items/:id',
        {
          schema: {
            params: {
              type: 'object',
              properties: { id: { type: 'integer' } },
              required: ['id'],
            },
            querystring: {
              type: 'object',
              properties: { page: { type: 'integer', minimum: 1 } },
            },
            body: {
              type: 'object',
              properties: {
                name: { type: 'string', minLength: 1 },
                tags: { type: 'array', items: { type: 'integer' } },
              },
              required: ['name'],
              additionalProperties: false,
            },
          },
        },
        (request) => ({ params: request.params, body: request.body }),
      );
    });
    const cases: [string, unknown, (string | number)[][]][] = [
      ['/items/1', {}, [['name']]],
      ['/items/1', { name: '' }, [['name']]],
      ['/items/1', { name: 'a', tags: [1, 'x'] }, [['tags', 1]]],
      ['/items/1?page=0', { name: 'a' }, [['page']]],
      ['/items/abc', { name: 'a' }, [['id']]],
    ];
    for (const [path, body, paths] of cases) {
      const res = await fetch(`${s.url}${path}`, json(body));
      const { error, body: text } = await errorOf(res);
      expect(res.status, text).toBe(422);
      expect(error.code).toBe('validation_error');
      expect(error.fields?.map((f) => f.path)).toEqual(paths);
    }
    const ok = await fetch(`${s.url}/items/7`, json({ name: 'a' }));
    expect(await ok.json()).toEqual({ params: { id: 7 }, body: { name: 'a' } });
  });
});

describe('errata/fastify: Standard Schema route schemas', () => {
  const libraries = {
    zod: {
      body: z.object({ name: z.string().min(1), qty: z.number().int().positive() }),
      query: z.object({ limit: z.coerce.number().int().max(10) }),
      params: z.object({ id: z.string().regex(/^\d+$/).transform(Number) }),
    },
    valibot: {
      body: v.object({
        name: v.pipe(v.string(), v.minLength(1)),
        qty: v.pipe(v.number(), v.integer(), v.minValue(1)),
      }),
      query: v.object({
        limit: v.pipe(v.string(), v.transform(Number), v.number(), v.maxValue(10)),
      }),
      params: v.object({ id: v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number)) }),
    },
    arktype: {
      body: type({ name: 'string > 0', qty: 'number.integer > 0' }),
      query: type({ limit: type('string.numeric.parse').to('number <= 10') }),
      params: type({ id: type('string.integer.parse') }),
    },
  };

  for (const [library, schemas] of Object.entries(libraries)) {
    it(`validates body, query and params with ${library} (fields point at the value; output replaces input)`, async () => {
      const s = await serve((app) => {
        app
          .withTypeProvider<StandardSchemaProvider>()
          .post(
            '/orders/:id',
            { schema: { body: schemas.body, querystring: schemas.query, params: schemas.params } },
            (request) => ({ id: request.params, query: request.query, body: request.body }),
          );
      });
      const ok = await fetch(`${s.url}/orders/42?limit=5`, json({ name: 'a', qty: 2 }));
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({
        id: { id: 42 },
        query: { limit: 5 },
        body: { name: 'a', qty: 2 },
      });
      const cases: [string, unknown, (string | number)[]][] = [
        ['/orders/42?limit=5', { name: '', qty: 2 }, ['name']],
        ['/orders/42?limit=5', { name: 'a', qty: 0 }, ['qty']],
        ['/orders/42?limit=50', { name: 'a', qty: 1 }, ['limit']],
        ['/orders/x1?limit=5', { name: 'a', qty: 1 }, ['id']],
      ];
      for (const [path, body, field] of cases) {
        const res = await fetch(`${s.url}${path}`, json(body));
        const { error, body: text } = await errorOf(res);
        expect(res.status, `${library} ${path} ${text}`).toBe(422);
        expect(error.code).toBe('validation_error');
        expect(error.fields?.map((f) => f.path)).toContainEqual(field);
      }
    });
  }

  it('supports async schemas, keeps AJV for JSON Schema parts, and refuses Standard response schemas', async () => {
    const s = await serve((app) => {
      app.post(
        '/mixed',
        {
          schema: {
            body: z.object({ name: z.string() }).refine(async (b) => b.name !== 'taken', {
              message: 'taken',
              path: ['name'],
            }),
            querystring: { type: 'object', properties: { n: { type: 'integer' } } },
          },
        },
        (request) => ({ body: request.body, query: request.query }),
      );
    });
    const ok = await fetch(`${s.url}/mixed?n=3`, json({ name: 'free' }));
    expect(await ok.json()).toEqual({ body: { name: 'free' }, query: { n: 3 } });
    const taken = await fetch(`${s.url}/mixed`, json({ name: 'taken' }));
    expect(taken.status).toBe(422);
    expect((await errorOf(taken)).error.fields?.[0]?.path).toEqual(['name']);
    const ajv = await fetch(`${s.url}/mixed?n=x`, json({ name: 'free' }));
    expect(ajv.status).toBe(422);
    expect((await errorOf(ajv)).error.fields?.[0]?.path).toEqual(['n']);

    const app = Fastify();
    running.push(app);
    await app.register(errataFastify);
    expect(() =>
      app.get('/r', { schema: { response: { 200: z.object({}) } } }, () => ({})),
    ).toThrow(/response schema 200 is a Standard Schema/);
  });

  it('validates values in handlers with app.errata.validate', async () => {
    const s = await serve((app) => {
      app.post('/check', async (request) =>
        app.errata.validate(z.object({ a: z.string() }), request.body),
      );
    });
    const res = await fetch(`${s.url}/check`, json({ a: 1 }));
    expect(res.status).toBe(422);
    expect((await errorOf(res)).error.fields?.[0]?.path).toEqual(['a']);
  });
});

describe('errata/fastify: 404, 405 and Allow', () => {
  it('answers 405 with Allow in METHODS order, 204 to OPTIONS, 404 elsewhere', async () => {
    const s = await serve((app) => {
      app.get('/things/:id', () => ({}));
      app.put('/things/:id', () => ({}));
      app.delete('/things/:id', () => ({}));
      app.post('/only-post', () => ({}));
    });
    const res = await fetch(`${s.url}/things/1`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE, OPTIONS');
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    expect((await errorOf(res)).error.code).toBe('method_not_allowed');
    const patch = await fetch(`${s.url}/things/1`, { method: 'PATCH', ...json({}) });
    expect(patch.status).toBe(405);
    const options = await fetch(`${s.url}/things/1`, { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE, OPTIONS');
    const post = await fetch(`${s.url}/only-post`);
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('POST, OPTIONS');
    const missing = await fetch(`${s.url}/things`, { method: 'POST' });
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).error.code).toBe('not_found');
  });
});

describe('errata/fastify: encapsulation and formats', () => {
  it('applies to routes registered in child contexts, with prefixes', async () => {
    const s = await serve(async (app) => {
      await app.register(
        async (child) => {
          child.get('/things/:id', (request) => {
            throw catalog.error('thing_not_found', { id: (request.params as { id: string }).id });
          });
          child.post('/z', { schema: { body: z.object({ n: z.number() }) } }, (r) => r.body);
          await child.register(async (grandchild) => {
            grandchild.get('/deep', () => {
              throw new Error(SECRET);
            });
          });
        },
        { prefix: '/v2' },
      );
    });
    const res = await fetch(`${s.url}/v2/things/a`, { headers: { 'x-request-id': 'child-1' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('child-1');
    expect(await res.json()).toMatchObject({
      error: { code: 'thing_not_found', details: { id: 'a' }, request_id: 'child-1' },
    });
    const invalid = await fetch(`${s.url}/v2/z`, json({ n: 'x' }));
    expect(invalid.status).toBe(422);
    const deep = await fetch(`${s.url}/v2/deep`);
    expect(deep.status).toBe(500);
    expect(await deep.text()).not.toContain('hunter2');
    expect(s.errors).toHaveLength(1);
    const wrong = await fetch(`${s.url}/v2/things/a`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  it('pins a route format over the app format and Accept, which beats the app format', async () => {
    const s = await serve((app) => {
      app.get('/pinned', { config: { errata: { format: 'stripe' } } }, () => {
        throw catalog.error('thing_not_found', { id: 'p' });
      });
      app.get('/free', () => {
        throw catalog.error('thing_not_found', { id: 'f' });
      });
    });
    const accept = { accept: 'application/problem+json' };
    const pinned = await fetch(`${s.url}/pinned`, { headers: accept });
    expect((await errorOf(pinned)).error.format).toBe('stripe');
    const free = await fetch(`${s.url}/free`, { headers: accept });
    expect(free.headers.get('content-type')).toBe('application/problem+json');
    expect(await free.json()).toMatchObject({ instance: '/free', code: 'thing_not_found' });
    const plain = await fetch(`${s.url}/free?x=1`);
    expect((await errorOf(plain)).error.format).toBe('envelope');
  });

  it('refuses a wrong format name at start-up and a second registration', async () => {
    const bad = Fastify();
    running.push(bad);
    // biome-ignore lint/suspicious/noExplicitAny: a wrong name on purpose.
    await expect(bad.register(errataFastify, { format: 'nope' as any })).rejects.toThrow(/nope/);
    const twice = Fastify();
    running.push(twice);
    await twice.register(errataFastify);
    await expect(twice.register(errataFastify)).rejects.toThrow(/already registered/);
  });
});

describe('errata/fastify: failures', () => {
  it('answers async throws with a generic 500 and hands the original to onError', async () => {
    const s = await serve((app) => {
      app.get('/async', async () => {
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error(SECRET);
      });
      app.get('/thrown-string', () => {
        throw 'a string with hunter2';
      });
    });
    const res = await fetch(`${s.url}/async?q=1`, { headers: { 'x-request-id': 'a-1' } });
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(text)).toMatchObject({
      error: { code: 'internal_error', request_id: 'a-1' },
    });
    expect(text).not.toContain('hunter2');
    expect(s.errors[0]?.info).toEqual({ requestId: 'a-1', method: 'GET', url: '/async?q=1' });
    expect((s.errors[0]?.error as Error | undefined)?.message).toBe(SECRET);
    const str = await fetch(`${s.url}/thrown-string`);
    expect(str.status).toBe(500);
    expect(await str.text()).not.toContain('hunter2');
    expect(s.errors[1]?.error).toBe('a string with hunter2');
  });

  it('reports errors thrown after reply.send and keeps serving', async () => {
    const s = await serve((app) => {
      app.get('/sync', (_request, reply) => {
        reply.send({ ok: true });
        throw new Error('after send (sync)');
      });
      app.get('/async', async (_request, reply) => {
        reply.send({ ok: true });
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error('after send (async)');
      });
    });
    for (const path of ['/sync', '/async']) {
      const res = await fetch(`${s.url}${path}`, {
        headers: { 'x-request-id': `sent${path.replace('/', '-')}` },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true });
    }
    await waitFor(() => s.errors.length === 2);
    expect(s.errors.map((e) => [(e.error as Error).message, e.info.requestId])).toEqual([
      ['after send (sync)', 'sent-sync'],
      ['after send (async)', 'sent-async'],
    ]);
  });

  it('cuts a started response (raw write, failing stream), reports it, and keeps serving', async () => {
    const s = await serve((app) => {
      app.get('/raw', (_request, reply) => {
        reply.raw.writeHead(200, { 'content-type': 'text/plain' });
        reply.raw.write('partial ');
        throw new Error(SECRET);
      });
      app.get('/stream', () => {
        let sent = false;
        return new Readable({
          read() {
            if (!sent) {
              sent = true;
              this.push('first chunk ');
            } else setImmediate(() => this.destroy(new Error('stream broke')));
          },
        });
      });
    });
    for (const path of ['/raw', '/stream']) {
      const outcome = await fetch(`${s.url}${path}`, {
        headers: { 'x-request-id': `cut${path.replace('/', '-')}` },
      })
        .then((res) => res.text())
        .then(
          (text) => ({ ok: true, text }),
          () => ({ ok: false, text: '' }),
        );
      expect(outcome.ok, path).toBe(false);
      expect(outcome.text).not.toContain('hunter2');
    }
    await waitFor(() => s.errors.length === 2);
    expect(s.errors.map((e) => e.info.requestId).sort()).toEqual(['cut-raw', 'cut-stream']);
    expect((await fetch(`${s.url}/nowhere`)).status).toBe(404);
  });

  it('parses JSON without prototype pollution (__proto__ and constructor.prototype)', async () => {
    const s = await serve((app) => {
      app.post('/merge', (request) => {
        const target: Record<string, unknown> = {};
        Object.assign(target, request.body);
        return {
          keys: Object.keys(request.body as object),
          polluted: (target as { polluted?: unknown }).polluted ?? null,
        };
      });
    });
    const res = await fetch(
      `${s.url}/merge`,
      json(
        '{"a":1,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"\\u005f_proto__":{"polluted":1}}',
      ),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ keys: ['a'], polluted: null });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('errata/fastify: 405 pins, bad encodings, declined routes, kept headers', () => {
  it('renders the 405 of a path in the format its route pins', async () => {
    const s = await serve((app) => {
      app.get('/legacy/:id', { config: { errata: { format: 'stripe' } } }, () => ({ ok: true }));
      app.get('/plain', () => ({ ok: true }));
    });
    const legacy = await fetch(`${s.url}/legacy/7`, { method: 'DELETE' });
    expect(legacy.status).toBe(405);
    expect((await errorOf(legacy)).error.format).toBe('stripe');
    const plain = await fetch(`${s.url}/plain`, { method: 'DELETE' });
    expect((await errorOf(plain)).error.format).toBe('envelope');
  });

  it('answers a bad percent-encoding with 400 on a known path, 404 elsewhere', async () => {
    const s = await serve(
      (app) => {
        app.get('/things/:id', () => ({ ok: true }));
      },
      {},
      { frameworkErrors: errataFrameworkErrors },
    );
    const known = await fetch(`${s.url}/things/%zz`);
    expect(known.status).toBe(400);
    expect((await errorOf(known)).error.message).toBe(
      'The request path holds an invalid percent-encoding.',
    );
    const unknown = await fetch(`${s.url}/nope/%zz`);
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).error.code).toBe('not_found');
  });

  it('answers 404 (not 405) when a route declines a request with callNotFound()', async () => {
    const s = await serve((app) => {
      app.get<{ Params: { id: string } }>('/things/:id', (request, reply) => {
        if (request.params.id === '') return reply.callNotFound();
        return { ok: true };
      });
    });
    const res = await fetch(`${s.url}/things/`);
    expect(res.status).toBe(404);
    expect((await errorOf(res)).error.code).toBe('not_found');
  });

  it('keeps headers other than representation ones on an error', async () => {
    const s = await serve((app) => {
      app.get('/half', (_request, reply) => {
        reply.header('access-control-allow-origin', '*');
        reply.header('etag', '"7"');
        reply.raw.setHeader('last-modified', 'Wed, 01 Jan 2025 00:00:00 GMT');
        throw new ApiError({ status: 409, code: 'conflict' });
      });
    });
    const res = await fetch(`${s.url}/half`);
    expect(res.status).toBe(409);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('etag')).toBeNull();
    expect(res.headers.get('last-modified')).toBeNull();
  });
});
