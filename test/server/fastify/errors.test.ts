import { errorCodes } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/index.js';
import {
  errataFrameworkErrors,
  fastifyApiError,
  validationFields,
} from '../../../src/server/fastify/index.js';
import { rawRequest } from '../../helpers/server.js';
import { catalog, closeServers, errorOf, json, SECRET, serve } from './fixtures.js';

afterEach(closeServers);

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
