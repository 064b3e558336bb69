import { Buffer } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createNetServer, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { createGzip, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/api-error.js';
import { createClient, parseError, type RetryEvent } from '../../src/client/index.js';
import { codeForStatus, statusPhrase } from '../../src/status.js';
import { apiError, rejection } from '../helpers/rejection.js';
import { startServer } from '../helpers/server.js';
import { json, type ScriptedServer, type Step, scripted } from './script.js';

// Real servers sending what real servers and proxies send when things go wrong: HTML pages,
// nothing, half a body, an endless body, dates instead of seconds, or no answer at all. Every
// test asserts what came back, never how long it took (the machine is shared and loaded).

/** Fast retries for real sockets: waits of a millisecond or two. */
const FAST = { baseDelayMs: 1, maxDelayMs: 2 } as const;

/** A whole second, so HTTP dates (second precision) name exact delays under a fake clock. */
const NOW = Date.parse('2025-06-01T12:00:00Z');

const MiB = 1024 * 1024;

type Closable = { close(): Promise<void> };
const open: Closable[] = [];

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(open.splice(0).map((server) => server.close()));
});

/** A scripted node:http server (test/client/script.ts), closed after the test. */
async function http(steps: readonly Step[]): Promise<ScriptedServer> {
  const server = await scripted(steps);
  open.push(server);
  return server;
}

/** A raw TCP server: the test writes the response bytes itself, or nothing at all. */
type RawServer = {
  url: string;
  /** Every connection accepted, in order. */
  sockets: Socket[];
  /** The head of every request received (request line and headers). */
  requests: string[];
  /** The connection each request came on. */
  requestSockets: Socket[];
  close(): Promise<void>;
};

/**
 * Start a node:net server on 127.0.0.1:0 that calls `script` with the socket and the request's
 * number (1-based, across connections) once a request's head (and Content-Length body) arrived.
 */
async function raw(script: (socket: Socket, n: number) => void): Promise<RawServer> {
  const sockets: Socket[] = [];
  const requests: string[] = [];
  const requestSockets: Socket[] = [];
  const server = createNetServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {}); // resets from the client are expected here
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end === -1) return;
        const head = buffered.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? '0');
        if (buffered.length < end + 4 + length) return;
        buffered = buffered.subarray(end + 4 + length);
        requests.push(head);
        requestSockets.push(socket);
        script(socket, requests.length);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const running: RawServer = {
    url: `http://127.0.0.1:${port}`,
    sockets,
    requests,
    requestSockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  open.push(running);
  return running;
}

/** A response head as bytes on the wire. */
function head(status: number, headers: Record<string, string | number> = {}): string {
  let out = `HTTP/1.1 ${status} ${statusPhrase(status)}\r\n`;
  for (const [name, value] of Object.entries(headers)) out += `${name}: ${value}\r\n`;
  return `${out}\r\n`;
}

/** An answer with a body given as text, plus headers. */
function text(code: number, body: string | Buffer, headers: Record<string, string> = {}): Step {
  return (_req, res) => {
    res.writeHead(code, headers);
    res.end(body);
  };
}

/** Wait in real time (fake timers or not) until `check` holds; fails after 15 s. */
async function until(check: () => boolean, what: string): Promise<void> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > 15_000) throw new Error(`gave up waiting for ${what}`);
    await delay(2);
  }
}

const NGINX_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n';

const CLOUDFLARE_520 = `<!DOCTYPE html>
<html lang="en-US">
<head>
<title>shop.example.com | 520: Web server is returning an unknown error</title>
<meta charset="UTF-8" />
</head>
<body><div id="cf-wrapper"><h1>Web server is returning an unknown error <span>Error code 520</span></h1>
<p>Cloudflare Ray ID: <strong>8a1b2c3d4e5f6789</strong></p></div></body></html>`;

describe('HTML error pages from proxies', () => {
  it('nginx 502: status, html format, the title as message, retryable, X-Request-ID', async () => {
    const server = await http([
      text(502, NGINX_502, { 'content-type': 'text/html', 'x-request-id': 'edge-7' }),
    ]);
    const expected = {
      status: 502,
      code: 'bad_gateway',
      format: 'html',
      message: '502 Bad Gateway',
      retryable: true,
      requestId: 'edge-7',
    };
    const parsed = await parseError(await fetch(server.url));
    expect(parsed).toBeInstanceOf(ApiError);
    expect(parsed).toMatchObject(expected);
    // The markup stays in `raw` for debugging; it never becomes the message.
    expect(parsed.raw).toBe(NGINX_502);

    const client = createClient({ baseUrl: server.url, retry: false });
    expect(await apiError(client.get('/'))).toMatchObject(expected);
    expect(await apiError(client.request('/'))).toMatchObject(expected);
  });

  it('retries a GET past the proxy page', async () => {
    const server = await http([
      text(502, NGINX_502, { 'content-type': 'text/html' }),
      json(200, { ok: true }),
    ]);
    const events: RetryEvent[] = [];
    const client = createClient({
      baseUrl: server.url,
      retry: { ...FAST, onRetry: (e) => events.push(e) },
    });
    expect(await client.get('/')).toEqual({ ok: true });
    expect(events.map((e) => [e.reason, e.error.status, e.error.format])).toEqual([
      ['status', 502, 'html'],
    ]);
  });

  it('takes the request id from Request-Id too, and the body id over any header', async () => {
    const server = await http([
      text(503, '<!doctype html><html><body><h1>Down for maintenance</h1></body></html>', {
        'content-type': 'text/html; charset=utf-8',
        'request-id': 'req-abc',
      }),
      text(404, JSON.stringify({ error: { code: 'nope', message: 'Nope.', request_id: 'body' } }), {
        'content-type': 'application/json',
        'x-request-id': 'header',
      }),
    ]);
    const page = await parseError(await fetch(server.url));
    expect(page).toMatchObject({
      status: 503,
      format: 'html',
      message: 'Down for maintenance',
      requestId: 'req-abc',
    });
    const envelope = await parseError(await fetch(server.url));
    expect(envelope).toMatchObject({ status: 404, code: 'nope', requestId: 'body' });
  });

  it('Cloudflare 520 page: the title, and the cf-ray header as request id', async () => {
    const server = await http([
      text(520, CLOUDFLARE_520, {
        'content-type': 'text/html; charset=UTF-8',
        'cf-ray': '8a1b2c3d4e5f6789-AMS',
      }),
    ]);
    const expected = {
      status: 520,
      format: 'html',
      message: 'shop.example.com | 520: Web server is returning an unknown error',
      requestId: '8a1b2c3d4e5f6789-AMS',
    };
    expect(await parseError(await fetch(server.url))).toMatchObject(expected);
    const client = createClient({ baseUrl: server.url, retry: FAST });
    expect(await apiError(client.get('/'))).toMatchObject(expected);
    // 520 is not in the default retry statuses: one attempt.
    expect(server.hits).toHaveLength(2);
  });

  it('knows a page sent without a content type by how it starts', async () => {
    const server = await raw((socket) => {
      const body = '<!DOCTYPE html><html><head><title>Bad gateway</title></head></html>';
      socket.end(head(502, { 'content-length': body.length, connection: 'close' }) + body);
    });
    expect(await parseError(await fetch(server.url))).toMatchObject({
      status: 502,
      format: 'html',
      message: 'Bad gateway',
    });
  });
});

describe('empty bodies', () => {
  const statuses = [500, 503, 404] as const;

  /** The same empty error three ways: Content-Length 0, a close-delimited nothing, no chunks. */
  const id = { 'x-request-id': 'empty-1' };
  const variants: [string, (status: number) => string][] = [
    ['Content-Length: 0', (s) => head(s, { ...id, 'content-length': 0 })],
    ['no body and no length, then close', (s) => head(s, { ...id, connection: 'close' })],
    [
      'a chunked body with no chunks',
      (s) => `${head(s, { ...id, 'transfer-encoding': 'chunked' })}0\r\n\r\n`,
    ],
  ];

  it.each(variants)('%s: the status phrase as message, format empty', async (_name, bytes) => {
    const server = await raw((socket, n) => {
      const status = statuses[(n - 1) % statuses.length] ?? 500;
      const out = bytes(status);
      if (out.includes('connection: close')) socket.end(out);
      else socket.write(out);
    });
    for (const status of statuses) {
      const error = await parseError(await fetch(server.url));
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({
        status,
        code: codeForStatus(status),
        message: statusPhrase(status),
        format: 'empty',
        raw: '',
        requestId: 'empty-1',
      });
    }
    const client = createClient({ baseUrl: server.url, retry: false });
    for (const status of statuses) {
      const error = await apiError(client.get('/'));
      expect(error).toMatchObject({ status, format: 'empty', message: statusPhrase(status) });
    }
    expect(server.requests).toHaveLength(6);
  });

  it('a HEAD error (which has no body whatever its Content-Length says)', async () => {
    const step: Step = (_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json', 'content-length': '1234' });
      res.end();
    };
    const server = await http([step]);
    const expected = { status: 404, code: 'not_found', message: 'Not Found', format: 'empty' };
    expect(await parseError(await fetch(server.url, { method: 'HEAD' }))).toMatchObject(expected);
    const client = createClient({ baseUrl: server.url, retry: false });
    expect(await apiError(client.request('/', { method: 'HEAD' }))).toMatchObject(expected);
    expect(server.hits.map((h) => h.method)).toEqual(['HEAD', 'HEAD']);
  });
});

describe('bodies cut mid-stream', () => {
  const BODY = JSON.stringify({
    error: { code: 'upstream_broke', message: `Upstream broke: ${'x'.repeat(200)}` },
  });

  /** Content-Length promises 5000 bytes, 100 arrive, then the connection is destroyed. */
  const shortByLength =
    (status: number) =>
    (socket: Socket): void => {
      socket.write(
        head(status, {
          'content-type': 'application/json',
          'content-length': 5000,
          'x-request-id': 'cut-1',
        }) + BODY.slice(0, 100),
      );
      setTimeout(() => socket.destroy(), 20);
    };

  /** A chunk of 0x200 bytes is announced, 40 arrive, then the connection is destroyed. */
  const shortChunk =
    (status: number) =>
    (socket: Socket): void => {
      socket.write(
        `${head(status, { 'content-type': 'application/json', 'transfer-encoding': 'chunked', 'x-request-id': 'cut-1' })}200\r\n${BODY.slice(0, 40)}`,
      );
      setTimeout(() => socket.destroy(), 20);
    };

  it.each([
    ['Content-Length larger than what was sent', shortByLength],
    ['chunked encoding cut mid-chunk', shortChunk],
  ])('%s: still an ApiError with the status of the response line', async (_name, cut) => {
    const server = await raw(cut(503));
    const error = await parseError(await fetch(server.url));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 503,
      // Half a JSON body is never parsed as whole: the code comes from the status.
      code: 'service_unavailable',
      format: 'unknown',
      requestId: 'cut-1',
      retryable: true,
    });
    expect(typeof error.raw).toBe('string');
    expect(BODY.startsWith(String(error.raw))).toBe(true);
  });

  it('a cut HTML page still gives its title', async () => {
    const page = `<html><head><title>504 Gateway Time-out</title></head><body>${'<p>x</p>'.repeat(50)}`;
    const server = await raw((socket) => {
      socket.write(head(504, { 'content-type': 'text/html', 'content-length': 100_000 }) + page);
      setTimeout(() => socket.destroy(), 20);
    });
    expect(await parseError(await fetch(server.url))).toMatchObject({
      status: 504,
      format: 'html',
      message: '504 Gateway Time-out',
    });
  });

  it('the client judges a cut error body by its status: a GET 502 is retried as a status', async () => {
    const server = await raw((socket, n) => {
      if (n === 1) {
        shortByLength(502)(socket);
        return;
      }
      socket.end(
        `${head(200, { 'content-type': 'application/json', 'content-length': 2, connection: 'close' })}{}`,
      );
    });
    const events: RetryEvent[] = [];
    const client = createClient({
      baseUrl: server.url,
      retry: { ...FAST, onRetry: (e) => events.push(e) },
    });
    expect(await client.get('/')).toEqual({});
    // Not `reset`: the response arrived, its status decides (a 2xx whose body is cut is a
    // reset, see retry.test.ts).
    expect(events.map((e) => [e.reason, e.error.status, e.error.format])).toEqual([
      ['status', 502, 'unknown'],
    ]);
    expect(server.requests).toHaveLength(2);
  });

  it('a cut 500 is not retried, nor a cut 503 to a POST without a key', async () => {
    const server = await raw((socket, n) => shortChunk(n === 1 ? 500 : 503)(socket));
    const client = createClient({ baseUrl: server.url, retry: FAST });
    const first = await apiError(client.get('/'));
    expect(first).toMatchObject({ status: 500, code: 'internal_error', format: 'unknown' });
    const second = await apiError(client.post('/orders', { sku: 'a' }));
    expect(second).toMatchObject({ status: 503, format: 'unknown', requestId: 'cut-1' });
    expect(server.requests).toHaveLength(2);
  });
});

describe('Retry-After and rate-limit headers', () => {
  /** Header sets that each say "come back in `seconds`", given the current time. */
  const waits: [string, number, (now: number) => Record<string, string>][] = [
    [
      'Retry-After as an HTTP date',
      30,
      (now) => ({ 'retry-after': new Date(now + 30_000).toUTCString() }),
    ],
    ['Retry-After in seconds', 7, () => ({ 'retry-after': '7' })],
    ['RateLimit with r=0 and t=', 3, () => ({ ratelimit: '"default";r=0;t=3' })],
    [
      'X-RateLimit-Reset as epoch seconds',
      12,
      (now) => ({ 'x-ratelimit-reset': String(now / 1000 + 12), 'x-ratelimit-remaining': '0' }),
    ],
  ];

  it.each(waits)('parseError reads %s on a 429', async (_name, seconds, headers) => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    const server = await http([
      (_req, res) => {
        res.writeHead(429, { 'content-type': 'text/plain', ...headers(Date.now()) });
        res.end('Too Many Requests');
      },
    ]);
    expect(await parseError(await fetch(server.url))).toMatchObject({
      status: 429,
      format: 'text',
      retryAfter: seconds,
    });
  });

  it('takes retry_after from the body over the headers', async () => {
    const problem = {
      type: 'about:blank',
      title: 'Too Many Requests',
      status: 429,
      retry_after: 9,
    };
    const server = await http([
      text(429, JSON.stringify(problem), {
        'content-type': 'application/problem+json',
        'retry-after': '2',
      }),
    ]);
    expect(await parseError(await fetch(server.url))).toMatchObject({
      format: 'problem',
      retryAfter: 9,
    });
  });

  it.each(waits)('the client waits out %s before retrying', async (_name, seconds, headers) => {
    // Fake timers for the waits only: the sockets, and `until`, run on real time.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: NOW });
    const server = await http([
      (_req, res) => {
        res.writeHead(429, { 'content-type': 'text/plain', ...headers(Date.now()) });
        res.end('slow down');
      },
      json(200, 'ok'),
    ]);
    const events: RetryEvent[] = [];
    const client = createClient({
      baseUrl: server.url,
      retry: { ...FAST, onRetry: (e) => events.push(e) },
    });
    const done = client.get('/');
    done.catch(() => {});
    await until(() => events.length === 1, 'the retry to be scheduled');
    expect(events[0]?.error).toMatchObject({ status: 429, retryAfter: seconds });
    expect(events[0]?.delayMs).toBeGreaterThanOrEqual(seconds * 1000);
    await vi.advanceTimersByTimeAsync(seconds * 1000 - 1);
    await delay(20);
    expect(server.hits).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await done).toBe('ok');
    expect(server.hits).toHaveLength(2);
  });
});

/**
 * A step sending a `total`-byte body (60 MB by default) in 64 KiB chunks as the socket drains,
 * so the test never holds it in memory. `sent()` resolves, once the socket closed, to the bytes
 * the server got onto the wire.
 */
function endless(status: number, contentType: string, first: string, total = 60 * MiB) {
  let closed: Promise<number> | undefined;
  const filler = Buffer.alloc(64 * 1024, 'x');
  const step: Step = (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    closed = new Promise((resolve) => socket.once('close', () => resolve(socket.bytesWritten)));
    res.writeHead(status, { 'content-type': contentType, 'content-length': String(total) });
    let written = 0;
    const pump = (): void => {
      while (written < total && !res.destroyed) {
        const chunk =
          written === 0
            ? Buffer.from(first)
            : filler.subarray(0, Math.min(filler.length, total - written));
        written += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      if (written >= total) res.end();
    };
    pump();
  };
  const sent = async (): Promise<number> => {
    await until(() => closed !== undefined, 'the request');
    // A client that kept the connection open would leave this waiting: fail clearly instead.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const gaveUp = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('the client never closed the connection')), 15_000);
    });
    try {
      return await Promise.race([closed ?? 0, gaveUp]);
    } finally {
      clearTimeout(timer);
    }
  };
  return { step, sent };
}

describe('a 60 MB error body', () => {
  const PAGE = '<html><head><title>Upstream exploded</title></head><body><pre>';
  /** Far below 60 MB, far above what loopback socket buffers and undici's queue can hold. */
  const WIRE_LIMIT = 24 * MiB;

  it('parseError reads at most 1 MiB and drops the connection', async () => {
    const body = endless(500, 'text/html', PAGE);
    const server = await http([body.step]);
    const error = await parseError(await fetch(server.url));
    expect(error).toMatchObject({ status: 500, format: 'html', message: 'Upstream exploded' });
    expect(String(error.raw).length).toBeLessThanOrEqual(MiB);
    expect(await body.sent()).toBeLessThan(WIRE_LIMIT);
  });

  it('and at most maxBytes when asked for less', async () => {
    const body = endless(503, 'text/html', PAGE);
    const server = await http([body.step]);
    const error = await parseError(await fetch(server.url), { maxBytes: 1024 });
    expect(error).toMatchObject({ status: 503, format: 'html', message: 'Upstream exploded' });
    expect(String(error.raw).length).toBeLessThanOrEqual(1024);
    expect(await body.sent()).toBeLessThan(WIRE_LIMIT);
  });

  it('a JSON one through the client, bounded by maxErrorBytes', async () => {
    const body = endless(500, 'application/json', '{"error":{"code":"huge","message":"');
    const server = await http([body.step]);
    const client = createClient({ baseUrl: server.url, retry: false, maxErrorBytes: 4096 });
    const error = await apiError(client.get('/'));
    // Cut JSON is never parsed as whole: the status decides.
    expect(error).toMatchObject({ status: 500, code: 'internal_error', format: 'unknown' });
    expect(String(error.raw).length).toBeLessThanOrEqual(4096);
    expect(await body.sent()).toBeLessThan(WIRE_LIMIT);
  });
});

describe('servers that never answer', () => {
  it('accepts and never writes: request_timeout per attempt, with retries off', async () => {
    const server = await raw(() => {});
    const client = createClient({ baseUrl: server.url, timeoutMs: 200, retry: false });
    const expected = {
      status: 504,
      code: 'request_timeout',
      format: 'network',
      retryable: true,
    };
    expect(await apiError(client.get('/'))).toMatchObject(expected);
    expect(await apiError(client.request('/', { method: 'DELETE' }))).toMatchObject(expected);
    expect(server.requests.map((r) => r.split(' ')[0])).toEqual(['GET', 'DELETE']);
  });

  it('retries a GET on a new connection each time until the deadline ends it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: NOW });
    const server = await raw(() => {});
    const events: RetryEvent[] = [];
    const client = createClient({
      baseUrl: server.url,
      timeoutMs: 200,
      // No backoff: attempts start at 0, 200, 400, 600 and 800 ms; the deadline cuts the fifth.
      retry: { attempts: 10, deadlineMs: 900, random: () => 0, onRetry: (e) => events.push(e) },
    });
    const done = apiError(client.get('/'));
    for (let n = 1; n <= 4; n++) {
      await until(() => server.requests.length === n, `request ${n}`);
      await vi.advanceTimersByTimeAsync(200);
    }
    await until(() => server.requests.length === 5, 'request 5');
    await vi.advanceTimersByTimeAsync(100);
    const error = await done;
    expect(error).toMatchObject({
      status: 504,
      code: 'deadline_exceeded',
      format: 'network',
      retryable: false,
    });
    expect(server.requests).toHaveLength(5);
    // Each on a new connection: a timed-out one is dropped, never reused. (undici may open
    // spare connections too, so the accepted count can be higher.)
    expect(new Set(server.requestSockets).size).toBe(5);
    expect(events.map((e) => [e.attempt, e.reason, e.error.code])).toEqual([
      [2, 'timeout', 'request_timeout'],
      [3, 'timeout', 'request_timeout'],
      [4, 'timeout', 'request_timeout'],
      [5, 'timeout', 'request_timeout'],
    ]);
  });

  it("an abort rejects at once with the signal's reason, and is not retried", async () => {
    const server = await raw(() => {});
    const controller = new AbortController();
    const reason = new Error('the user left');
    const client = createClient({ baseUrl: server.url, timeoutMs: 600_000, retry: FAST });
    const pending = rejection(client.get('/', { signal: controller.signal }));
    await until(() => server.requests.length === 1, 'the request');
    controller.abort(reason);
    expect(await pending).toBe(reason);
    await delay(50);
    expect(server.requests).toHaveLength(1);
  });

  describe('headers, then never the body', () => {
    const stall = (socket: Socket): void => {
      socket.write(
        `${head(503, { 'content-type': 'application/json', 'content-length': 100 })}{"error":`,
      );
    };

    it("parseError rejects with the signal's reason when it aborts", async () => {
      const server = await raw(stall);
      const response = await fetch(server.url);
      const controller = new AbortController();
      const reason = new Error('waited long enough');
      setTimeout(() => controller.abort(reason), 200);
      expect(await rejection(parseError(response, { signal: controller.signal }))).toBe(reason);
      // An already aborted signal: at once, without reading.
      const again = await fetch(server.url);
      const early = AbortSignal.abort('early');
      expect(await rejection(parseError(again, { signal: early }))).toBe('early');
      await again.body?.cancel();
    });

    it('the client times the body out with the attempt, and retries a GET', async () => {
      const server = await raw(stall);
      const client = createClient({ baseUrl: server.url, timeoutMs: 200, retry: false });
      expect(await apiError(client.get('/'))).toMatchObject({
        status: 504,
        code: 'request_timeout',
      });
      // `request` reads an error body too: the same timeout covers it.
      expect((await apiError(client.request('/'))).code).toBe('request_timeout');
      expect(server.requests).toHaveLength(2);

      const events: RetryEvent[] = [];
      const retrying = createClient({
        baseUrl: server.url,
        timeoutMs: 200,
        retry: { ...FAST, attempts: 2, onRetry: (e) => events.push(e) },
      });
      expect((await apiError(retrying.get('/'))).code).toBe('request_timeout');
      expect(events.map((e) => e.reason)).toEqual(['timeout']);
      expect(server.requests).toHaveLength(4);
    });
  });
});

describe('bodies that need decoding care', () => {
  it('problem JSON served as text/plain is still parsed as a problem', async () => {
    const problem = {
      type: 'https://api.example.com/errors/out_of_stock',
      title: 'Out of stock',
      status: 409,
      detail: 'Only 2 left.',
    };
    const server = await http([
      text(409, JSON.stringify(problem), { 'content-type': 'text/plain' }),
    ]);
    expect(await parseError(await fetch(server.url))).toMatchObject({
      status: 409,
      format: 'problem',
      code: 'out_of_stock',
      message: 'Only 2 left.',
    });
  });

  it('a UTF-8 byte order mark before JSON is skipped', async () => {
    const body = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(JSON.stringify({ error: { code: 'bom_ok', message: 'Behind a BOM.' } })),
    ]);
    const server = await http([text(422, body, { 'content-type': 'application/json' })]);
    expect(await parseError(await fetch(server.url))).toMatchObject({
      status: 422,
      format: 'envelope',
      code: 'bom_ok',
      message: 'Behind a BOM.',
    });
  });

  it('a character split across chunks is decoded whole', async () => {
    const server = await raw((socket) => {
      const bytes = Buffer.from('Café indisponible');
      socket.write(head(503, { 'content-type': 'text/plain', 'content-length': bytes.length }));
      const split = bytes.indexOf(0xa9); // the second byte of é
      socket.write(bytes.subarray(0, split));
      setTimeout(() => socket.write(bytes.subarray(split)), 20);
    });
    expect(await parseError(await fetch(server.url))).toMatchObject({
      format: 'text',
      message: 'Café indisponible',
    });
  });

  it('a character cut by maxBytes gives no throw, at most a replacement character', async () => {
    // 1023 ASCII bytes, then the three bytes of €, split across chunks at the 1024-byte bound.
    const bytes = Buffer.concat([Buffer.from('a'.repeat(1023)), Buffer.from('€ and more')]);
    const server = await raw((socket) => {
      socket.write(head(500, { 'content-type': 'text/plain', 'content-length': bytes.length }));
      socket.write(bytes.subarray(0, 1024));
      setTimeout(() => socket.write(bytes.subarray(1024)), 20);
    });
    for (const maxBytes of [1024, 1025]) {
      const error = await parseError(await fetch(server.url), { maxBytes });
      expect(error).toMatchObject({ status: 500, format: 'text' });
      expect(String(error.raw)).toMatch(/^a{1023}\uFFFD?$/);
      expect(error.message).not.toContain('€');
    }
  });

  it('a gzip bomb: 60 MB inflated from a few kB, read to maxBytes only', async () => {
    const step: Step = (_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      async function* inflated() {
        yield Buffer.from('<html><head><title>Bomb</title></head><body>');
        for (let sent = 0; sent < 60 * MiB; sent += chunk.length) yield chunk;
      }
      Readable.from(inflated())
        .pipe(createGzip())
        .pipe(res)
        .on('error', () => {});
    };
    const server = await http([step]);
    const error = await parseError(await fetch(server.url), { maxBytes: 64 * 1024 });
    expect(error).toMatchObject({ status: 502, format: 'html', message: 'Bomb' });
    expect(String(error.raw).length).toBeLessThanOrEqual(64 * 1024);
  });

  it('a body whose gzip breaks off into garbage still gives an ApiError', async () => {
    const whole = gzipSync(`<html><title>Bad gateway</title>${'x'.repeat(10_000)}</html>`);
    const broken = Buffer.concat([whole.subarray(0, 40), Buffer.alloc(100, 7)]);
    const server = await http([
      text(502, broken, {
        'content-type': 'text/html',
        'content-encoding': 'gzip',
        'x-request-id': 'gz-1',
      }),
    ]);
    const error = await parseError(await fetch(server.url));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 502, code: 'bad_gateway', requestId: 'gz-1' });
    const client = createClient({ baseUrl: server.url, retry: false });
    expect(await apiError(client.get('/'))).toMatchObject({ status: 502, requestId: 'gz-1' });
  });
});

describe('an answer before the request was read', () => {
  it('a 413 sent while an 8 MB upload is still going: the 413, not a reset', async () => {
    const server = await startServer((_req, res) => {
      // Not a byte of the body read: Node closes the connection after the answer.
      res.writeHead(413, { 'content-type': 'text/plain', 'x-request-id': 'big-1' });
      res.end('Request Entity Too Large');
    });
    open.push(server);
    const upload = 'x'.repeat(8 * MiB);
    const expected = {
      status: 413,
      code: 'payload_too_large',
      format: 'text',
      message: 'Request Entity Too Large',
      requestId: 'big-1',
      retryable: false,
    };
    const response = await fetch(server.url, { method: 'PUT', body: upload });
    expect(await parseError(response)).toMatchObject(expected);
    const client = createClient({ baseUrl: server.url, retry: FAST });
    expect(await apiError(client.post('/', { upload }))).toMatchObject(expected);
  });
});
