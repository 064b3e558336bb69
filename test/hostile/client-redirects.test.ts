import { afterEach, describe, expect, it } from 'vitest';
import { type ApiError, isApiError } from '../../src/api-error.js';
import { createClient } from '../../src/client/index.js';
import { json, type ScriptedServer, type Step, scripted } from '../client/script.js';

// Hostile servers for the client's redirects. Two servers on 127.0.0.1 with different ports are
// two origins: `api` is the base URL's, `evil` any other. What `evil` received is the assertion.

const open: ScriptedServer[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

async function serve(steps: readonly Step[]): Promise<ScriptedServer> {
  const server = await scripted(steps);
  open.push(server);
  return server;
}

/** A redirect with this status to `location` (none when undefined), and an HTML page. */
function redirect(status: number, location: string | undefined): Step {
  return (_req, res) => {
    res.writeHead(status, {
      'content-type': 'text/html',
      ...(location === undefined ? {} : { location }),
    });
    res.end('<html>moved</html>');
  };
}

/** Answers each path as `routes` says; 404 JSON for others. */
function routes(table: Record<string, Step>): Step {
  return (req, res) => {
    const step = table[req.url ?? ''];
    if (step !== undefined) return step(req, res);
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":{"code":"not_found","message":"no"}}');
  };
}

/** An echo of what arrived, as the other origin would answer. */
const echo: Step = (req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ from: 'evil', method: req.method }));
};

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (isApiError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

const CREDENTIALS = {
  authorization: 'Bearer s3cret-token',
  'x-api-key': 'key_live_123',
  cookie: 'session=abc',
  'proxy-authorization': 'Basic cHJveHk6cHc=',
};

describe('cross-origin redirects are not followed by default', () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`a ${status} to another origin rejects with redirect_cross_origin; the other origin hears nothing`, async () => {
      const evil = await serve([echo]);
      const api = await serve([redirect(status, `${evil.url}/steal?sig=xyz`)]);
      const client = createClient({ baseUrl: api.url, headers: CREDENTIALS });
      const error = await rejection(client.get('/v1/secrets/db'));
      expect(error).toMatchObject({
        status: 502,
        code: 'redirect_cross_origin',
        retryable: false,
        format: 'network',
        details: { origin: evil.url },
      });
      // The target's query (a signed URL is a credential of its own) is not in the error.
      expect(JSON.stringify({ m: error.message, d: error.details })).not.toContain('sig=');
      expect(evil.hits).toHaveLength(0);
      expect(api.hits).toHaveLength(1);
    });
  }

  it('a 307 to a PUT with a body: the other origin receives nothing, the body is not re-sent', async () => {
    const evil = await serve([echo]);
    const api = await serve([redirect(307, `${evil.url}/v1/secrets/db`)]);
    const client = createClient({ baseUrl: api.url, headers: CREDENTIALS });
    const error = await rejection(client.put('/v1/secrets/db', { value: 'hunter2' }));
    expect(error.code).toBe('redirect_cross_origin');
    expect(evil.hits).toHaveLength(0);
    expect(api.hits[0]?.body).toBe('{"value":"hunter2"}');
  });

  it('a chain that starts on the origin and then leaves it stops at the hop that leaves', async () => {
    const evil = await serve([echo]);
    const api = await serve([
      routes({
        '/a': redirect(301, '/b'),
        '/b': redirect(302, `${evil.url}/c`),
      }),
    ]);
    const client = createClient({ baseUrl: api.url, headers: CREDENTIALS });
    const error = await rejection(client.request('/a'));
    expect(error.code).toBe('redirect_cross_origin');
    expect(api.hits.map((h) => h.url)).toEqual(['/a', '/b']);
    expect(evil.hits).toHaveLength(0);
  });

  it('is not retried (the same request gets the same redirect)', async () => {
    const evil = await serve([echo]);
    const api = await serve([redirect(302, `${evil.url}/x`)]);
    const client = createClient({ baseUrl: api.url, retry: { attempts: 3 } });
    expect((await rejection(client.get('/x'))).code).toBe('redirect_cross_origin');
    expect(api.hits).toHaveLength(1);
  });

  it('the other origin is the same host on another scheme or port', async () => {
    const api = await serve([redirect(302, 'https://127.0.0.1/x')]);
    const client = createClient({ baseUrl: api.url });
    expect((await rejection(client.get('/x'))).code).toBe('redirect_cross_origin');
  });
});

describe('same-origin redirects are followed, credentials kept', () => {
  it('follows a relative Location, resolved against the response URL', async () => {
    const api = await serve([
      routes({
        '/v1/old/item': redirect(301, 'new'),
        '/v1/old/new': json(200, { ok: true }),
      }),
    ]);
    const client = createClient({ baseUrl: api.url, headers: { 'x-api-key': 'k1' } });
    expect(await client.get('/v1/old/item')).toEqual({ ok: true });
    expect(api.hits.map((h) => h.url)).toEqual(['/v1/old/item', '/v1/old/new']);
    expect(api.hits[1]?.headers['x-api-key']).toBe('k1');
  });

  it('303 turns a POST into a GET without body or body headers; HEAD stays HEAD', async () => {
    const api = await serve([
      routes({
        '/orders': redirect(303, '/orders/7'),
        '/orders/7': json(200, { id: 7 }),
      }),
    ]);
    const client = createClient({ baseUrl: api.url });
    expect(await client.post('/orders', { sku: 'a1' })).toEqual({ id: 7 });
    const [post, get] = api.hits;
    expect(post).toMatchObject({ method: 'POST', body: '{"sku":"a1"}' });
    expect(get).toMatchObject({ method: 'GET', body: '' });
    expect(get?.headers['content-type']).toBeUndefined();
    const head = await client.request('/orders', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(api.hits.slice(2).map((h) => h.method)).toEqual(['HEAD', 'HEAD']);
  });

  it('301/302 turn a POST into a GET, and keep a PUT and its body', async () => {
    const api = await serve([
      routes({
        '/p301': redirect(301, '/done'),
        '/p302': redirect(302, '/done'),
        '/put302': redirect(302, '/done'),
        '/done': json(200, { ok: true }),
      }),
    ]);
    const client = createClient({ baseUrl: api.url });
    await client.post('/p301', { a: 1 });
    await client.post('/p302', { a: 1 });
    await client.put('/put302', { a: 2 });
    const done = api.hits.filter((h) => h.url === '/done');
    expect(done.map((h) => [h.method, h.body])).toEqual([
      ['GET', ''],
      ['GET', ''],
      ['PUT', '{"a":2}'],
    ]);
  });

  it('307 and 308 keep the method and the body', async () => {
    const api = await serve([
      routes({
        '/a': redirect(307, '/b'),
        '/b': redirect(308, '/c'),
        '/c': json(201, { created: true }),
      }),
    ]);
    const client = createClient({ baseUrl: api.url });
    expect(await client.post('/a', { n: 1 })).toEqual({ created: true });
    expect(api.hits.map((h) => [h.url, h.method, h.body])).toEqual([
      ['/a', 'POST', '{"n":1}'],
      ['/b', 'POST', '{"n":1}'],
      ['/c', 'POST', '{"n":1}'],
    ]);
  });

  it('a 307 with a stream body (not resendable) rejects with invalid_redirect', async () => {
    const api = await serve([redirect(307, '/b')]);
    const client = createClient({ baseUrl: api.url });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('chunk'));
        controller.close();
      },
    });
    const init = { method: 'POST', body, duplex: 'half' } as RequestInit;
    expect((await rejection(client.request('/a', init))).code).toBe('invalid_redirect');
    expect(api.hits).toHaveLength(1);
  });
});

describe('hostile redirect shapes', () => {
  it('a loop stops after maxRedirects hops with too_many_redirects', async () => {
    const api = await serve([redirect(302, '/loop')]);
    const client = createClient({ baseUrl: api.url });
    const error = await rejection(client.get('/loop'));
    expect(error).toMatchObject({ status: 502, code: 'too_many_redirects', retryable: false });
    // The first request and 5 hops.
    expect(api.hits).toHaveLength(6);
    const two = createClient({ baseUrl: api.url, maxRedirects: 2 });
    expect((await rejection(two.get('/loop'))).code).toBe('too_many_redirects');
    expect(api.hits).toHaveLength(9);
  });

  it('a redirect without a Location rejects with invalid_redirect', async () => {
    const api = await serve([redirect(302, undefined)]);
    const client = createClient({ baseUrl: api.url });
    expect((await rejection(client.get('/x'))).code).toBe('invalid_redirect');
    expect((await rejection(client.request('/x'))).code).toBe('invalid_redirect');
  });

  for (const location of ['file:///etc/passwd', 'javascript:alert(1)', 'data:,hi', 'http://[::1']) {
    it(`a Location of ${location} rejects with invalid_redirect`, async () => {
      const api = await serve([redirect(302, location)]);
      const client = createClient({ baseUrl: api.url });
      expect((await rejection(client.get('/x'))).code).toBe('invalid_redirect');
      expect(api.hits).toHaveLength(1);
    });
  }

  it("redirects: 'error' (or a request's redirect: 'error') follows none", async () => {
    const api = await serve([routes({ '/a': redirect(301, '/b'), '/b': json(200, { ok: true }) })]);
    const none = createClient({ baseUrl: api.url, redirects: 'error' });
    expect((await rejection(none.get('/a'))).code).toBe('redirect_refused');
    const client = createClient({ baseUrl: api.url });
    expect((await rejection(client.get('/a', { redirect: 'error' }))).code).toBe(
      'redirect_refused',
    );
    expect(api.hits.map((h) => h.url)).toEqual(['/a', '/a']);
    // A request's redirect: 'manual' gets the 3xx itself.
    expect((await client.request('/a', { redirect: 'manual' })).status).toBe(301);
  });

  it('rejects a bad redirects option', () => {
    const redirects = 'follow' as 'error';
    expect(() => createClient({ baseUrl: 'http://h', redirects })).toThrow(TypeError);
    expect(() => createClient({ baseUrl: 'http://h', maxRedirects: -1 })).toThrow(TypeError);
  });
});

describe("redirects: 'strip-credentials'", () => {
  it('follows a 307 PUT to another origin with the body, and without any credential header', async () => {
    const evil = await serve([echo]);
    const api = await serve([redirect(307, `${evil.url}/v1/secrets/db`)]);
    const client = createClient({
      baseUrl: api.url,
      headers: { ...CREDENTIALS, 'x-tenant': 'acme' },
      credentialHeaders: ['X-Vault-Token'],
      redirects: 'strip-credentials',
    });
    const answer = await client.put(
      '/v1/secrets/db',
      { value: 'v' },
      {
        headers: { 'x-vault-token': 'hvs.1', authorization: 'Bearer per-request', 'x-trace': 't1' },
      },
    );
    expect(answer).toEqual({ from: 'evil', method: 'PUT' });
    expect(api.hits[0]?.headers).toMatchObject({
      'x-api-key': 'key_live_123',
      'x-vault-token': 'hvs.1',
    });
    const [hit] = evil.hits;
    expect(hit).toMatchObject({ method: 'PUT', body: '{"value":"v"}' });
    for (const name of [...Object.keys(CREDENTIALS), 'x-tenant', 'x-vault-token']) {
      expect(hit?.headers[name], name).toBeUndefined();
    }
    // Not credentials: the request's own other headers, and the body's type.
    expect(hit?.headers).toMatchObject({ 'x-trace': 't1', 'content-type': 'application/json' });
  });

  it('keeps them stripped when a later hop comes back to the origin', async () => {
    const api = await serve([
      routes({
        '/a': (_req, res) => redirect(302, `${evil.url}/b`)(_req, res),
        '/c': json(200, { ok: 1 }),
      }),
    ]);
    const evil = await serve([redirect(302, `${api.url}/c`)]);
    const client = createClient({
      baseUrl: api.url,
      headers: CREDENTIALS,
      redirects: 'strip-credentials',
    });
    expect(await client.get('/a')).toEqual({ ok: 1 });
    expect(api.hits.map((h) => [h.url, h.headers['x-api-key']])).toEqual([
      ['/a', 'key_live_123'],
      ['/c', undefined],
    ]);
    expect(evil.hits[0]?.headers.authorization).toBeUndefined();
  });

  it('a request may choose it for itself', async () => {
    const evil = await serve([echo]);
    const api = await serve([redirect(302, `${evil.url}/x`)]);
    const client = createClient({ baseUrl: api.url, headers: CREDENTIALS });
    expect(await client.get('/x', { redirects: 'strip-credentials' })).toEqual({
      from: 'evil',
      method: 'GET',
    });
    expect(evil.hits[0]?.headers['x-api-key']).toBeUndefined();
  });
});
