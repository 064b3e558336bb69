import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError, isApiError } from '../../src/api-error.js';
import {
  Client,
  createClient,
  type FetchLike,
  parseError,
  ApiError as ReexportedApiError,
  RetryBudget,
  isApiError as reexportedIsApiError,
} from '../../src/client/index.js';
import { defineCatalog } from '../../src/index.js';
import { rejection } from '../helpers/rejection.js';
import { json, type ScriptedServer, type Step, scripted } from './script.js';

const text =
  (code: number, body: string, headers: Record<string, string> = {}): Step =>
  (_req, res) => {
    res.writeHead(code, headers);
    res.end(body);
  };

const catalog = defineCatalog({
  errors: {
    secret_not_found: {
      status: 404,
      title: 'Secret not found',
      details: z.object({ name: z.string() }),
      message: (d) => `No secret '${d.name}'.`,
    },
  },
});

describe('createClient', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('sends JSON with the helpers and resolves to the parsed body', async () => {
    server = await scripted([json(200, { n: 1 })]);
    const client = createClient({ baseUrl: server.url });
    expect(await client.get('/a')).toEqual({ n: 1 });
    expect(await client.post('/b', { x: 1 })).toEqual({ n: 1 });
    expect(await client.put('/c', ['y'])).toEqual({ n: 1 });
    expect(await client.patch('/d', 'z')).toEqual({ n: 1 });
    expect(await client.delete('/e')).toEqual({ n: 1 });
    expect(server.hits.map((h) => [h.method, h.url, h.body])).toEqual([
      ['GET', '/a', ''],
      ['POST', '/b', '{"x":1}'],
      ['PUT', '/c', '["y"]'],
      ['PATCH', '/d', '"z"'],
      ['DELETE', '/e', ''],
    ]);
    for (const hit of server.hits) expect(hit.headers.accept).toBe('application/json');
    expect(server.hits.map((h) => h.headers['content-type'])).toEqual([
      undefined,
      'application/json',
      'application/json',
      'application/json',
      undefined,
    ]);
  });

  it('sends no body and no content type when a helper gets no body', async () => {
    server = await scripted([json(200, {})]);
    const client = createClient({ baseUrl: server.url });
    await client.post('/');
    expect(server.hits[0]?.body).toBe('');
    expect(server.hits[0]?.headers['content-type']).toBeUndefined();
    await client.post('/', null);
    expect(server.hits[1]?.body).toBe('null');
    // What JSON cannot represent is no body at all, not the text "undefined".
    await client.put('/', () => 1);
    expect(server.hits[2]?.body).toBe('');
    expect(server.hits[2]?.headers['content-type']).toBeUndefined();
  });

  it('resolves to undefined for 204 and for an empty 200', async () => {
    server = await scripted([text(204, ''), text(200, ''), text(200, '  \n')]);
    const client = createClient({ baseUrl: server.url });
    expect(await client.delete('/x')).toBeUndefined();
    expect(await client.get('/x')).toBeUndefined();
    expect(await client.get('/x')).toBeUndefined();
  });

  it('rejects a 2xx body that is not JSON with a 502 invalid_response, without retrying', async () => {
    server = await scripted([
      text(200, '<html>captive portal</html>', { 'content-type': 'text/html' }),
    ]);
    const client = createClient({ baseUrl: server.url });
    const error = await rejection(client.get('/x'));
    expect(isApiError(error, 'invalid_response')).toBe(true);
    expect(error).toMatchObject({
      status: 502,
      retryable: false,
      raw: '<html>captive portal</html>',
    });
    expect((error as ApiError).cause).toBeInstanceOf(SyntaxError);
    expect(server.hits).toHaveLength(1);
  });

  it('resolves request() with the Response below 400, and leaves the body unread', async () => {
    server = await scripted([
      text(200, 'hello', { 'content-type': 'text/plain' }),
      text(302, '', { location: '/elsewhere' }),
      text(304, ''),
    ]);
    const client = createClient({ baseUrl: server.url });
    const res = await client.request('/t');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('hello');
    // A redirect the caller asked to see, and a cache answer, are not errors.
    expect((await client.request('/r', { redirect: 'manual' })).status).toBe(302);
    expect((await client.request('/n', { headers: { 'if-none-match': '"1"' } })).status).toBe(304);
  });

  it('rejects with the parsed ApiError of any format', async () => {
    server = await scripted([
      text(
        404,
        JSON.stringify({
          type: 'https://api.example.com/errors/not_found',
          title: 'Not Found',
          status: 404,
          detail: 'No such thing.',
          code: 'thing_not_found',
        }),
        { 'content-type': 'application/problem+json', 'x-request-id': 'req_42' },
      ),
      text(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', {
        'content-type': 'text/html',
      }),
    ]);
    const client = createClient({ baseUrl: server.url, retry: false });
    const problem = await rejection(client.get('/thing'));
    expect(problem).toBeInstanceOf(ApiError);
    expect(problem).toMatchObject({
      status: 404,
      code: 'thing_not_found',
      message: 'No such thing.',
      requestId: 'req_42',
      format: 'problem',
    });
    const html = await rejection(client.request('/thing'));
    expect(html).toMatchObject({ status: 502, code: 'bad_gateway' });
  });

  it('reads at most maxErrorBytes of an error body', async () => {
    const long = JSON.stringify({ error: { code: 'big', message: 'x'.repeat(5000) } });
    server = await scripted([text(400, long, { 'content-type': 'application/json' })]);
    const client = createClient({ baseUrl: server.url, maxErrorBytes: 100 });
    const error = (await rejection(client.get('/'))) as ApiError;
    expect(error.status).toBe(400);
    // The cut JSON is not parsed as whole: no code from it.
    expect(error.code).not.toBe('big');
    expect(String(error.raw).length).toBeLessThanOrEqual(100);
  });

  it('normalizes codes to the catalog and types them for client.is', async () => {
    server = await scripted([
      json(404, { error: { code: 'SECRET_NOT_FOUND', message: 'gone', details: { name: 'db' } } }),
    ]);
    const client = createClient({ baseUrl: server.url, catalog });
    const error = await rejection(client.get('/v1/secrets/db'));
    expect(client.is(error, 'secret_not_found')).toBe(true);
    expect(client.is(error, 'not_found')).toBe(false);
    expect(isApiError(error, 'secret_not_found')).toBe(true);
    if (client.is(error, 'secret_not_found')) expect(error.details?.name).toBe('db');
    expect(client.is(new Error('x'), 'secret_not_found')).toBe(false);
    expect(client.is(undefined, 'secret_not_found')).toBe(false);
  });

  it('resolves paths under the base URL path, with or without slashes', async () => {
    server = await scripted([json(200, {})]);
    const withPath = createClient({ baseUrl: `${server.url}/api` });
    await withPath.get('/v1/x?q=1');
    await withPath.get('v1/y');
    await withPath.get('');
    const withSlash = createClient({ baseUrl: new URL(`${server.url}/api/`) });
    await withSlash.get('//v1/z');
    expect(server.hits.map((h) => h.url)).toEqual([
      '/api/v1/x?q=1',
      '/api/v1/y',
      '/api/',
      '/api/v1/z',
    ]);
  });

  it('refuses a path that leaves the base origin: its headers are for that API only', async () => {
    const client = createClient({
      baseUrl: 'http://api.test/v1',
      headers: { authorization: 'Bearer secret' },
      fetch: () => Promise.reject(new Error('must not be called')),
    });
    for (const path of ['http://evil.test/x', 'https://api.test/x', 'http://api.test:81/']) {
      await expect(client.get(path), path).rejects.toThrow(TypeError);
    }
  });

  it("merges the client's headers under the request's", async () => {
    server = await scripted([json(200, {})]);
    const client = createClient({
      baseUrl: server.url,
      headers: { authorization: 'Bearer t', 'x-app': 'a', accept: 'application/vnd.api+json' },
    });
    await client.get('/', { headers: { 'x-app': 'b', 'x-extra': 'c' } });
    await client.post(
      '/',
      { a: 1 },
      { headers: { 'content-type': 'application/merge-patch+json' } },
    );
    const [first, second] = server.hits;
    expect(first?.headers).toMatchObject({
      authorization: 'Bearer t',
      'x-app': 'b',
      'x-extra': 'c',
      // The client's own accept wins over the helper's default.
      accept: 'application/vnd.api+json',
    });
    expect(second?.headers['content-type']).toBe('application/merge-patch+json');
  });

  it('passes fetch options through and upper-cases the method', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const fake: FetchLike = (url, init) => {
      seen.push({ url, init });
      return Promise.resolve(new Response('{}', { status: 200 }));
    };
    const client = createClient({ baseUrl: 'http://api.test', fetch: fake });
    await client.request('/p', { method: 'patch', body: 'x', cache: 'no-store', keepalive: true });
    const [call] = seen;
    expect(call?.url).toBe('http://api.test/p');
    expect(call?.init).toMatchObject({
      method: 'PATCH',
      body: 'x',
      cache: 'no-store',
      keepalive: true,
    });
    expect(call?.init.signal).toBeInstanceOf(AbortSignal);
    expect(call?.init.headers).toBeInstanceOf(Headers);
    expect(call?.init).not.toHaveProperty('timeoutMs');
    expect(call?.init).not.toHaveProperty('retry');
  });

  it('uses the global fetch, looked up at call time and never called as a method', async () => {
    const original = globalThis.fetch;
    let self: unknown = 'unset';
    globalThis.fetch = function (this: unknown) {
      self = this;
      return Promise.resolve(Response.json({ stubbed: true }));
    } as typeof fetch;
    try {
      const client = createClient({ baseUrl: 'http://api.test' });
      expect(await client.get('/')).toEqual({ stubbed: true });
      expect(self).not.toBeInstanceOf(Client);
    } finally {
      globalThis.fetch = original;
    }
  });

  it('throws what fetch threw when it is no network failure, without retrying', async () => {
    let calls = 0;
    const bug = new TypeError('Headers.append: "a\\nb" is an invalid header value.');
    const client = createClient({
      baseUrl: 'http://api.test',
      fetch: () => {
        calls++;
        throw bug;
      },
    });
    expect(await rejection(client.get('/'))).toBe(bug);
    expect(calls).toBe(1);
  });

  it('checks its options', () => {
    expect(() => createClient({ baseUrl: 'not a url' })).toThrow(TypeError);
    expect(() => createClient(undefined as never)).toThrow(/baseUrl/);
    expect(() => createClient({ baseUrl: 'http://x', timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => createClient({ baseUrl: 'http://x', timeoutMs: Number.NaN })).toThrow(/timeoutMs/);
    expect(() => createClient({ baseUrl: 'http://x', maxErrorBytes: -1 })).toThrow(/maxErrorBytes/);
    expect(() => createClient({ baseUrl: 'http://x', fetch: 'f' as never })).toThrow(/fetch/);
    expect(() => createClient({ baseUrl: 'http://x', retry: { attempts: 0 } })).toThrow(
      /retry\.attempts/,
    );
    const client = createClient({ baseUrl: 'http://x', timeoutMs: undefined, retry: undefined });
    expect(client).toBeInstanceOf(Client);
    return expect(client.get('/', { timeoutMs: -1 })).rejects.toThrow(/timeoutMs/);
  });

  it('keeps its state private', () => {
    const client = createClient({ baseUrl: 'http://api.test', headers: { authorization: 'x' } });
    expect(Object.keys(client)).toEqual([]);
    expect(JSON.stringify(client)).toBe('{}');
  });

  it('exports the client API, and the ApiError and isApiError of the core', () => {
    expect(ReexportedApiError).toBe(ApiError);
    expect(reexportedIsApiError).toBe(isApiError);
    expect(typeof parseError).toBe('function');
    expect(new RetryBudget().available).toBe(500);
  });
});
