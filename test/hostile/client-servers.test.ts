import { type AddressInfo, createServer as createNetServer, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient, type FetchLike, type RetryEvent } from '../../src/client/index.js';
import { json, type ScriptedServer, type Step, scripted } from '../client/script.js';
import { apiError } from '../helpers/rejection.js';

// Hostile servers for the client, the cases test/hostile/client-redirects.test.ts,
// client-bodies.test.ts and test/client/{odd-servers,retry}.test.ts leave out: redirect targets
// with credentials or on another host name, bodies that trickle, lie about their length or nest
// 100k deep, headers too large to hold, Retry-After and reset headers that point past the end of
// time, and a 429 storm. Every test asserts what came back and what the servers heard, never
// how long it took; slow paths run on short configured timeouts.

/** Fast retries for real sockets: waits of a millisecond or two. */
const FAST = { baseDelayMs: 1, maxDelayMs: 2 } as const;

type Closable = { close(): Promise<void> };
const open: Closable[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

async function serve(steps: readonly Step[]): Promise<ScriptedServer> {
  const server = await scripted(steps);
  open.push(server);
  return server;
}

/** A node:net server that writes `bytes(n)` (n: the request's number) once a request head arrived. */
async function raw(bytes: (n: number, socket: Socket) => string | undefined) {
  const requests: string[] = [];
  const sockets: Socket[] = [];
  const server = createNetServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      const end = buffered.indexOf('\r\n\r\n');
      if (end === -1) return;
      requests.push(buffered.slice(0, end));
      buffered = buffered.slice(end + 4);
      const out = bytes(requests.length, socket);
      if (out !== undefined) socket.end(out);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const running = {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  open.push(running);
  return running;
}

function redirect(status: number, location: string): Step {
  return (_req, res) => {
    res.writeHead(status, { location, 'content-type': 'text/html' });
    res.end('<html>moved</html>');
  };
}

/** An error answer with these headers and a small JSON body. */
function status(code: number, headers: Record<string, string>): Step {
  return (_req, res) => {
    res.writeHead(code, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify({ error: { code: `status_${code}`, message: 'slow down' } }));
  };
}

const echo: Step = (req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ from: 'evil', method: req.method }));
};

const CREDENTIALS = { authorization: 'Bearer s3cret-token', 'x-api-key': 'key_live_123' };

describe('redirect targets', () => {
  it('a protocol-relative Location (//host:port/…) is another origin', async () => {
    const evil = await serve([echo]);
    const api = await serve([redirect(302, `//127.0.0.1:${evil.port}/steal`)]);
    const client = createClient({ baseUrl: api.url, headers: CREDENTIALS });
    expect(await apiError(client.get('/x'))).toMatchObject({
      code: 'redirect_cross_origin',
      details: { origin: evil.url },
    });
    expect(evil.hits).toHaveLength(0);
  });

  it('the same server under another host name (localhost for 127.0.0.1) is another origin', async () => {
    const api = await serve([
      (req, res) =>
        req.url === '/a'
          ? redirect(301, `http://localhost:${api.port}/b`)(req, res)
          : echo(req, res),
    ]);
    const client = createClient({ baseUrl: api.url, headers: CREDENTIALS });
    expect((await apiError(client.get('/a'))).code).toBe('redirect_cross_origin');
    expect(api.hits.map((h) => h.url)).toEqual(['/a']);
  });

  it('a Location with userinfo is refused as invalid_redirect, even on the same origin, and the password is in no message', async () => {
    const evil = await serve([echo]);
    const api = await serve([
      (req, res) => {
        if (req.url === '/same')
          redirect(302, `http://u:hunter2@127.0.0.1:${api.port}/ok`)(req, res);
        else if (req.url === '/other')
          redirect(307, `http://u:hunter2@127.0.0.1:${evil.port}/`)(req, res);
        else json(200, { ok: true })(req, res);
      },
    ]);
    for (const redirects of ['same-origin', 'strip-credentials'] as const) {
      const client = createClient({ baseUrl: api.url, headers: CREDENTIALS, redirects });
      for (const path of ['/same', '/other']) {
        const error = await apiError(client.get(path));
        expect(error).toMatchObject({ status: 502, code: 'invalid_redirect', retryable: false });
        expect(`${error.message} ${JSON.stringify(error.details ?? {})}`).not.toContain('hunter2');
      }
    }
    expect(evil.hits).toHaveLength(0);
    expect(api.hits.map((h) => h.url)).not.toContain('/ok');
  });

  it('a cross-origin ping-pong under strip-credentials ends at maxRedirects', async () => {
    const api = await serve([(req, res) => redirect(302, `${evil.url}/pong`)(req, res)]);
    const evil = await serve([redirect(302, `${api.url}/ping`)]);
    const client = createClient({
      baseUrl: api.url,
      headers: CREDENTIALS,
      redirects: 'strip-credentials',
      maxRedirects: 4,
    });
    expect((await apiError(client.get('/ping'))).code).toBe('too_many_redirects');
    expect(api.hits.length + evil.hits.length).toBe(5);
    // Stripped at the first hop off the origin, and for good.
    expect(api.hits.slice(1).map((h) => h.headers['x-api-key'])).toEqual([undefined, undefined]);
  });

  it('a hop whose headers never come is ended by the attempt timeout, and the GET retried', async () => {
    const silent = await raw(() => undefined);
    const api = await serve([redirect(307, '/slow'), redirect(307, '/slow')]);
    // The hop stays on the base origin: the api forwards to its own /slow, served by `silent`.
    const base = api.url;
    const events: RetryEvent[] = [];
    const viaSilent: FetchLike = (input, init) =>
      globalThis.fetch(input.replace(`${base}/slow`, `${silent.url}/slow`), init);
    const client = createClient({
      baseUrl: base,
      fetch: viaSilent,
      timeoutMs: 200,
      retry: { ...FAST, attempts: 2, onRetry: (e) => events.push(e) },
    });
    expect((await apiError(client.get('/x'))).code).toBe('request_timeout');
    expect(events.map((e) => e.reason)).toEqual(['timeout']);
    expect(silent.requests).toHaveLength(2);
  });
});

describe('bodies', () => {
  it('a success body that trickles a byte at a time forever is ended by the attempt timeout', async () => {
    const api = await serve([
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('[');
        const tick = setInterval(() => res.write('0,'), 10);
        res.on('close', () => clearInterval(tick));
      },
    ]);
    const events: RetryEvent[] = [];
    const client = createClient({
      baseUrl: api.url,
      timeoutMs: 300,
      retry: { ...FAST, attempts: 2, onRetry: (e) => events.push(e) },
    });
    expect(await apiError(client.get('/feed'))).toMatchObject({
      status: 504,
      code: 'request_timeout',
    });
    expect(events.map((e) => e.reason)).toEqual(['timeout']);
    expect(api.hits).toHaveLength(2);
  });

  it('a Content-Length shorter than the body: the body is cut there, and not JSON', async () => {
    const api = await raw(
      () => 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 5\r\n\r\n{"a":1}',
    );
    const client = createClient({ baseUrl: api.url, retry: false });
    expect(await apiError(client.get('/x'))).toMatchObject({
      status: 502,
      code: 'invalid_response',
      raw: '{"a":',
    });
  });

  it('a Content-Length longer than the body, then close: a reset, retried for a GET', async () => {
    const api = await raw((n) =>
      n === 1
        ? 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{"a":1}'
        : 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 7\r\nconnection: close\r\n\r\n{"b":2}',
    );
    const events: RetryEvent[] = [];
    const client = createClient({
      baseUrl: api.url,
      retry: { ...FAST, onRetry: (e) => events.push(e) },
    });
    expect(await client.get('/x')).toEqual({ b: 2 });
    expect(events.map((e) => e.reason)).toEqual(['reset']);
  });

  it('JSON nested 100 000 deep: a success body parses, an error body is an ApiError of its status', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const deepObject = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const api = await serve([
      (req, res) => {
        const error = req.url !== '/ok';
        res.writeHead(error ? 422 : 200, { 'content-type': 'application/json' });
        res.end(req.url === '/ok' ? deep : `{"error":${deepObject}}`);
      },
    ]);
    const client = createClient({ baseUrl: api.url, retry: false });
    let level: unknown = await client.get('/ok');
    let depth = 0;
    while (Array.isArray(level) && level.length === 1) {
      level = level[0];
      depth++;
    }
    expect(depth).toBe(99_999);
    expect(await apiError(client.get('/error'))).toMatchObject({ status: 422 });
  });
});

describe('response headers too large to hold', () => {
  const cases: [string, Step][] = [
    [
      'one 200 kB header',
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'x-big': 'v'.repeat(200_000) });
        res.end('{}');
      },
    ],
    [
      '2000 headers',
      (_req, res) => {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        for (let i = 0; i < 2000; i++) headers[`x-h${i}`] = 'v'.repeat(40);
        res.writeHead(503, headers);
        res.end('{}');
      },
    ],
  ];

  it.each(cases)('%s: response_too_large, not a reset, and not retried', async (_name, step) => {
    const api = await serve([step]);
    const client = createClient({ baseUrl: api.url, retry: FAST });
    expect(await apiError(client.get('/x'))).toMatchObject({
      status: 502,
      code: 'response_too_large',
      retryable: false,
    });
    expect(api.hits).toHaveLength(1);
  });
});

describe('Retry-After and reset headers past the end of time', () => {
  /** Headers each saying "come back in more than maxRetryAfter (60 s)". */
  const far: [string, Record<string, string>, number][] = [
    ['Retry-After in year 9999', { 'retry-after': 'Fri, 31 Dec 9999 23:59:59 GMT' }, 429],
    ['Retry-After of 10 digits', { 'retry-after': '9999999999' }, 503],
    ['RateLimit t= of 10 digits', { ratelimit: '"default";r=0;t=9999999999' }, 429],
    ['X-RateLimit-Reset in epoch ms, year 2286', { 'x-ratelimit-reset': '9999999999999' }, 429],
  ];

  it.each(far)(
    '%s: no retry; the error keeps retryAfter for the caller',
    async (_n, headers, code) => {
      const api = await serve([status(code, headers), json(200, 'ok')]);
      const client = createClient({ baseUrl: api.url, retry: { ...FAST, attempts: 5 } });
      const error = await apiError(client.get('/x'));
      expect(error.status).toBe(code);
      expect(error.retryAfter).toBeGreaterThan(60);
      expect(Number.isFinite(error.retryAfter)).toBe(true);
      expect(api.hits).toHaveLength(1);
    },
  );

  /** Values the parser does not accept as a delay: the retry falls back to backoff. */
  const garbage: [string, Record<string, string>][] = [
    ['1e12', { 'retry-after': '1e12' }],
    ['13 digits', { 'retry-after': '1000000000000' }],
    ['negative', { 'retry-after': '-5' }],
    ['garbage', { 'retry-after': 'soon, maybe' }],
    ['a negative X-RateLimit-Reset', { 'x-ratelimit-reset': '-1' }],
    ['an Infinity RateLimit t=', { ratelimit: '"d";r=0;t=Infinity' }],
  ];

  it.each(garbage)(
    'Retry-After %s: ignored, the attempts still bound the retries',
    async (_n, headers) => {
      const api = await serve([status(429, headers)]);
      const events: RetryEvent[] = [];
      const client = createClient({
        baseUrl: api.url,
        retry: { ...FAST, attempts: 3, onRetry: (e) => events.push(e) },
      });
      const error = await apiError(client.get('/x'));
      expect(error).toMatchObject({ status: 429, retryAfter: undefined });
      expect(api.hits).toHaveLength(3);
      for (const event of events) expect(event.delayMs).toBeLessThanOrEqual(2);
    },
  );
});

describe('a 429 storm with Retry-After: 0', () => {
  it('the retry budget bounds it, whatever attempts allows', async () => {
    const api = await serve([status(429, { 'retry-after': '0' })]);
    const client = createClient({
      baseUrl: api.url,
      retry: { ...FAST, attempts: 1000, deadlineMs: 600_000 },
    });
    expect((await apiError(client.get('/x'))).status).toBe(429);
    // The default budget: 500 of capacity at 5 a retry, so 100 retries and the first request.
    expect(api.hits).toHaveLength(101);
    // The budget is spent: the next call of the client gets no retry at all.
    await apiError(client.get('/x'));
    expect(api.hits).toHaveLength(102);
  });

  it('without a budget, attempts bound it', async () => {
    const api = await serve([status(429, { 'retry-after': '0' })]);
    const client = createClient({
      baseUrl: api.url,
      retry: { ...FAST, attempts: 7, budget: false },
    });
    expect((await apiError(client.post('/orders', { n: 1 }))).status).toBe(429);
    expect(api.hits).toHaveLength(7);
  });
});

/**
 * The fetch of a browser, as far as redirects go: `redirect: 'manual'` turns a 3xx into an
 * opaque redirect (type `opaqueredirect`, status 0, no headers, no URL); `'follow'` follows.
 * The requests are real (Node's fetch against the test servers): only the answer to a manual
 * redirect is masked. `modes` records the redirect mode of every call.
 */
function browserLikeFetch() {
  const modes: (RequestRedirect | undefined)[] = [];
  const fetch: FetchLike = async (input, init) => {
    modes.push(init.redirect);
    const response = await globalThis.fetch(input, init);
    if (init.redirect !== 'manual' || response.status < 300 || response.status > 399) {
      return response;
    }
    await response.body?.cancel();
    const opaque = { type: 'opaqueredirect', status: 0, ok: false, url: '', redirected: false };
    return Object.assign(opaque, { headers: new Headers(), body: null }) as unknown as Response;
  };
  return { fetch, modes };
}

describe('runtimes that hide manual redirects (browsers)', () => {
  it('a same-origin redirect is followed by the runtime; later requests follow at once', async () => {
    const api = await serve([
      (req, res) =>
        req.url === '/a' ? redirect(301, '/b')(req, res) : json(200, { at: req.url })(req, res),
    ]);
    const browser = browserLikeFetch();
    const client = createClient({ baseUrl: api.url, fetch: browser.fetch, headers: CREDENTIALS });
    expect(await client.get('/a')).toEqual({ at: '/b' });
    // The first GET went out twice: once to learn that this fetch hides redirects.
    expect(browser.modes).toEqual(['manual', 'follow']);
    expect(api.hits.map((h) => h.url)).toEqual(['/a', '/a', '/b']);
    expect(await client.get('/a')).toEqual({ at: '/b' });
    expect(browser.modes).toEqual(['manual', 'follow', 'follow']);
    expect(api.hits.map((h) => h.url).slice(3)).toEqual(['/a', '/b']);
  });

  it("a redirect off the origin rejects with redirect_cross_origin under 'same-origin'", async () => {
    const evil = await serve([echo]);
    const api = await serve([redirect(302, `${evil.url}/steal?sig=xyz`)]);
    const browser = browserLikeFetch();
    const client = createClient({ baseUrl: api.url, fetch: browser.fetch, headers: CREDENTIALS });
    for (let n = 0; n < 2; n++) {
      const error = await apiError(client.get('/x'));
      expect(error).toMatchObject({
        status: 502,
        code: 'redirect_cross_origin',
        retryable: false,
        details: { origin: evil.url },
      });
      expect(error.message).not.toContain('sig=');
    }
    // The residual risk (see followByRuntime): the runtime did reach the other origin.
    expect(evil.hits).toHaveLength(2);
  });

  it("'strip-credentials' accepts the other origin's answer", async () => {
    const evil = await serve([echo]);
    const api = await serve([redirect(307, `${evil.url}/x`)]);
    const browser = browserLikeFetch();
    const client = createClient({
      baseUrl: api.url,
      fetch: browser.fetch,
      redirects: 'strip-credentials',
    });
    expect(await client.get('/x')).toEqual({ from: 'evil', method: 'GET' });
  });

  it('a POST without Idempotency-Key is not sent twice to learn it: redirect_refused, then followed', async () => {
    const api = await serve([
      (req, res) =>
        req.url === '/orders'
          ? redirect(303, '/orders/7')(req, res)
          : json(200, { id: 7 })(req, res),
    ]);
    const browser = browserLikeFetch();
    const client = createClient({ baseUrl: api.url, fetch: browser.fetch });
    expect((await apiError(client.post('/orders', { sku: 'a' }))).code).toBe('redirect_refused');
    expect(api.hits.map((h) => h.method)).toEqual(['POST']);
    // Now known to hide redirects: the runtime follows from the first send.
    expect(await client.post('/orders', { sku: 'b' })).toEqual({ id: 7 });
    expect(api.hits.map((h) => [h.method, h.url]).slice(1)).toEqual([
      ['POST', '/orders'],
      ['GET', '/orders/7'],
    ]);
    // With a key, a second send is safe.
    const keyed = createClient({
      baseUrl: api.url,
      fetch: browserLikeFetch().fetch,
      retry: { idempotencyKey: 'auto' },
    });
    expect(await keyed.post('/orders', { sku: 'c' })).toEqual({ id: 7 });
  });

  it("redirects: 'error' and maxRedirects: 0 follow none", async () => {
    const api = await serve([redirect(302, '/b')]);
    const none = createClient({
      baseUrl: api.url,
      fetch: browserLikeFetch().fetch,
      redirects: 'error',
    });
    expect((await apiError(none.get('/a'))).code).toBe('redirect_refused');
    expect((await apiError(none.get('/a'))).code).toBe('redirect_refused');
    const zero = createClient({
      baseUrl: api.url,
      fetch: browserLikeFetch().fetch,
      maxRedirects: 0,
    });
    expect((await apiError(zero.get('/a'))).code).toBe('too_many_redirects');
    expect(api.hits.map((h) => h.url)).toEqual(['/a', '/a', '/a']);
  });
});

describe('a Retry-After longer than a timer can wait', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('30 days, when the caller accepts any wait: no retry before the 30 days are over', async () => {
    // Fake timers for the wait only: the sockets run on real time.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const days = 24 * 3600;
    const api = await serve([status(503, { 'retry-after': String(30 * days) }), json(200, 'ok')]);
    const events: RetryEvent[] = [];
    const client = createClient({
      baseUrl: api.url,
      retry: {
        ...FAST,
        maxRetryAfter: Number.POSITIVE_INFINITY,
        deadlineMs: Number.POSITIVE_INFINITY,
        onRetry: (e) => events.push(e),
      },
    });
    const done = client.get('/x');
    done.catch(() => {});
    while (events.length === 0) await delay(2);
    expect(events[0]?.delayMs).toBe(30 * days * 1000);
    // setTimeout holds at most 2^31 - 1 ms (24.8 days): past that, the wait must go on.
    await vi.advanceTimersByTimeAsync(29 * days * 1000);
    await delay(20);
    expect(api.hits).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(days * 1000);
    expect(await done).toBe('ok');
    expect(api.hits).toHaveLength(2);
  });
});
