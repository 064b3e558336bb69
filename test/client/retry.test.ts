import { createServer, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RetryBudget } from '../../src/client/budget.js';
import { createClient, type FetchLike } from '../../src/client/client.js';
import { type RetryEvent, resolveRetryOptions } from '../../src/client/retry-options.js';
import { defineCatalog } from '../../src/index.js';
import { apiError, rejection } from '../helpers/rejection.js';
import {
  destroy,
  freePort,
  hang,
  json,
  type ScriptedServer,
  type Step,
  scripted,
  status,
} from './script.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Fast retries for real sockets: waits of a millisecond or two. */
const FAST = { baseDelayMs: 1, maxDelayMs: 2 } as const;

describe('retries against a real server', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('retries 503, 503 and resolves with the 200', async () => {
    server = await scripted([status(503), status(503), json(200, { ok: true })]);
    const events: RetryEvent[] = [];
    const client = createClient({
      baseUrl: server.url,
      retry: { ...FAST, onRetry: (e) => events.push(e) },
    });
    expect(await client.get('/v1/thing')).toEqual({ ok: true });
    expect(server.hits).toHaveLength(3);
    expect(events.map((e) => [e.attempt, e.reason, e.error.status, e.method])).toEqual([
      [2, 'status', 503, 'GET'],
      [3, 'status', 503, 'GET'],
    ]);
    expect(events[0]?.url).toBe(`${server.url}/v1/thing`);
    expect(events[0]?.error.code).toBe('status_503');
  });

  it('rejects with the last error when the attempts run out', async () => {
    server = await scripted([status(502), status(503), status(504)]);
    const client = createClient({ baseUrl: server.url, retry: FAST });
    const error = await apiError(client.get('/'));
    expect(error.status).toBe(504);
    expect(error.code).toBe('status_504');
    expect(server.hits).toHaveLength(3);
  });

  it('retries 408 and 429 but not 500, unless statuses include 500', async () => {
    server = await scripted([status(408), status(429), status(500), json(200, 'ok')]);
    const client = createClient({ baseUrl: server.url, retry: { ...FAST, attempts: 5 } });
    const error = await apiError(client.get('/'));
    expect(error.status).toBe(500);
    expect(server.hits).toHaveLength(3);
    await server.close();

    server = await scripted([status(500), json(200, 'ok')]);
    const with500 = createClient({
      baseUrl: server.url,
      retry: { ...FAST, statuses: [429, 500, 502, 503, 504] },
    });
    expect(await with500.get('/')).toBe('ok');
    expect(server.hits).toHaveLength(2);
  });

  it('never retries other client errors', async () => {
    server = await scripted([status(404)]);
    const client = createClient({ baseUrl: server.url, retry: FAST });
    expect((await apiError(client.get('/'))).status).toBe(404);
    expect((await apiError(client.put('/', { a: 1 }))).status).toBe(404);
    expect(server.hits).toHaveLength(2);
  });

  it('does not retry a POST without an Idempotency-Key', async () => {
    server = await scripted([status(503), json(201, { id: 1 })]);
    const client = createClient({ baseUrl: server.url, retry: FAST });
    const error = await apiError(client.post('/orders', { sku: 'a' }));
    expect(error.status).toBe(503);
    expect(server.hits).toHaveLength(1);
    expect(server.hits[0]?.headers['idempotency-key']).toBeUndefined();
  });

  it("retries a POST with idempotencyKey 'auto', sending the same key on every attempt", async () => {
    server = await scripted([status(503), status(502), json(201, { id: 1 })]);
    const client = createClient({
      baseUrl: server.url,
      retry: { ...FAST, idempotencyKey: 'auto' },
    });
    expect(await client.post('/orders', { sku: 'a' })).toEqual({ id: 1 });
    expect(server.hits).toHaveLength(3);
    const keys = server.hits.map((h) => h.headers['idempotency-key']);
    expect(keys[0]).toMatch(UUID);
    expect(new Set(keys).size).toBe(1);
    expect(server.hits.map((h) => h.body)).toEqual(Array(3).fill('{"sku":"a"}'));

    // A new call is a new operation: a new key.
    await client.patch('/orders/1', { sku: 'b' });
    const next = server.hits[3]?.headers['idempotency-key'];
    expect(next).toMatch(UUID);
    expect(next).not.toBe(keys[0]);
  });

  it("keeps the caller's own Idempotency-Key, and retries with it even without 'auto'", async () => {
    server = await scripted([status(503), json(201, { id: 1 })]);
    const client = createClient({ baseUrl: server.url, retry: FAST });
    await client.post('/orders', { sku: 'a' }, { headers: { 'Idempotency-Key': 'order-7' } });
    expect(server.hits.map((h) => h.headers['idempotency-key'])).toEqual(['order-7', 'order-7']);
  });

  it("adds no key to GET, PUT or DELETE under 'auto'", async () => {
    server = await scripted([json(200, {})]);
    const client = createClient({ baseUrl: server.url, retry: { idempotencyKey: 'auto' } });
    await client.get('/');
    await client.put('/', {});
    await client.delete('/');
    expect(server.hits.map((h) => h.headers['idempotency-key'])).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('retries a POST on 429: the server refused it before doing anything', async () => {
    server = await scripted([status(429, { 'retry-after': '0' }), json(201, { id: 2 })]);
    const client = createClient({ baseUrl: server.url, retry: FAST });
    expect(await client.post('/orders', {})).toEqual({ id: 2 });
    expect(server.hits).toHaveLength(2);
  });

  it('honours Retry-After in seconds as the minimum wait', async () => {
    server = await scripted([status(503, { 'retry-after': '1' }), json(200, 'ok')]);
    const events: RetryEvent[] = [];
    const client = createClient({
      baseUrl: server.url,
      retry: { ...FAST, onRetry: (e) => events.push(e) },
    });
    const started = Date.now();
    expect(await client.get('/')).toBe('ok');
    expect(events[0]?.delayMs).toBe(1000);
    expect(events[0]?.error.retryAfter).toBe(1);
    // A lower bound only: the retry cannot have come before the wait.
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('gives up at once when Retry-After is above maxRetryAfter, keeping retryAfter', async () => {
    server = await scripted([status(503, { 'retry-after': '120' }), json(200, 'ok')]);
    const client = createClient({ baseUrl: server.url, retry: FAST });
    const error = await apiError(client.get('/'));
    expect(error.status).toBe(503);
    expect(error.retryAfter).toBe(120);
    expect(server.hits).toHaveLength(1);
    await server.close();

    server = await scripted([status(429, { 'retry-after': '1' }), json(200, 'ok')]);
    const strict = createClient({ baseUrl: server.url, retry: { ...FAST, maxRetryAfter: 0 } });
    const refused = await apiError(strict.get('/'));
    expect(refused.retryAfter).toBe(1);
    expect(server.hits).toHaveLength(1);
  });

  it('retries a refused connection, even for a POST (nothing was sent)', async () => {
    const port = await freePort();
    let late: Server | undefined;
    const events: RetryEvent[] = [];
    const client = createClient({
      baseUrl: `http://127.0.0.1:${port}`,
      retry: {
        baseDelayMs: 200,
        maxDelayMs: 200,
        random: () => 0.99,
        onRetry: (event) => {
          events.push(event);
          // The server comes up during the wait: the retry finds it.
          if (late === undefined) {
            late = createServer((_req, res) => {
              res.writeHead(201, { 'content-type': 'application/json' });
              res.end('{"id":3}');
            }).listen(port, '127.0.0.1');
          }
        },
      },
    });
    try {
      expect(await client.post('/orders', { sku: 'a' })).toEqual({ id: 3 });
      expect(events).toHaveLength(1);
      expect(events[0]?.reason).toBe('refused');
      expect(events[0]?.error).toMatchObject({ status: 503, code: 'connection_failed' });
    } finally {
      await new Promise((resolve) => late?.close(resolve));
    }
  });

  it('rejects with connection_failed when nothing ever listens', async () => {
    const port = await freePort();
    const client = createClient({ baseUrl: `http://127.0.0.1:${port}`, retry: FAST });
    const error = await apiError(client.get('/'));
    expect(error).toMatchObject({ status: 503, code: 'connection_failed', format: 'network' });
    expect(error.message).toContain('ECONNREFUSED');
    expect((error.cause as Error).message).toBe('fetch failed');
  });

  it('retries a GET whose connection was cut after it was sent, not a POST', async () => {
    server = await scripted([destroy, json(200, 'ok')]);
    const client = createClient({ baseUrl: server.url, retry: FAST });
    expect(await client.get('/')).toBe('ok');
    expect(server.hits).toHaveLength(2);
    await server.close();

    server = await scripted([destroy, json(201, 'ok')]);
    const events: RetryEvent[] = [];
    const posting = createClient({
      baseUrl: server.url,
      retry: { ...FAST, onRetry: (e) => events.push(e) },
    });
    const error = await apiError(posting.post('/orders', {}));
    expect(error).toMatchObject({ status: 503, code: 'connection_reset', retryable: true });
    expect(server.hits).toHaveLength(1);
    expect(events).toEqual([]);
  });

  it('retries a GET whose JSON body was cut, and times out a body that stalls', async () => {
    const cut: Step = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 10);
    };
    const stall: Step = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"partial":');
    };
    server = await scripted([cut, json(200, 'whole')]);
    const events: RetryEvent[] = [];
    const client = createClient({
      baseUrl: server.url,
      timeoutMs: 200,
      retry: { ...FAST, onRetry: (e) => events.push(e) },
    });
    expect(await client.get('/')).toBe('whole');
    expect(events.map((e) => [e.reason, e.error.code])).toEqual([['reset', 'connection_reset']]);
    await server.close();

    server = await scripted([stall]);
    const stalled = createClient({ baseUrl: server.url, timeoutMs: 200, retry: false });
    expect((await apiError(stalled.get('/'))).code).toBe('request_timeout');
    // `request` hands the body over unread: its timeout ends with the headers.
    const res = await stalled.request('/');
    expect(res.status).toBe(200);
    await res.body?.cancel();
  });

  it('stops retrying when the budget runs dry, and refills on success', async () => {
    server = await scripted([status(503)]);
    const budget = new RetryBudget({ capacity: 10 });
    const client = createClient({ baseUrl: server.url, retry: { ...FAST, attempts: 5, budget } });
    // 10 of capacity at 5 a retry: two retries, then none.
    await apiError(client.get('/'));
    expect(server.hits).toHaveLength(3);
    expect(budget.available).toBe(0);
    await apiError(client.get('/'));
    expect(server.hits).toHaveLength(4);
    await server.close();

    server = await scripted([json(200, 'ok'), json(200, 'ok'), status(503), json(200, 'ok')]);
    const refilled = createClient({
      baseUrl: server.url,
      retry: { ...FAST, attempts: 5, budget },
    });
    await refilled.get('/');
    await refilled.get('/');
    expect(budget.available).toBe(2); // +1 per success without a retry
    expect((await apiError(refilled.get('/'))).status).toBe(503);
    expect(server.hits).toHaveLength(3);
  });

  it('shares one budget between the requests of a client, not between clients', async () => {
    server = await scripted([status(503)]);
    const one = createClient({ baseUrl: server.url, retry: { ...FAST, attempts: 1000 } });
    await apiError(one.get('/'));
    // 500 / 5: a hundred retries, then the budget is dry.
    expect(server.hits).toHaveLength(101);
    await apiError(one.get('/'));
    expect(server.hits).toHaveLength(102);
    const other = createClient({ baseUrl: server.url, retry: { ...FAST, attempts: 2 } });
    await apiError(other.get('/'));
    expect(server.hits).toHaveLength(104);
  });

  it('retries without limit of capacity when the budget is off', async () => {
    server = await scripted([status(503)]);
    const budget = new RetryBudget({ capacity: 0 });
    const client = createClient({ baseUrl: server.url, retry: { ...FAST, attempts: 4, budget } });
    await apiError(client.get('/'));
    expect(server.hits).toHaveLength(1);
    await apiError(client.get('/', { retry: { budget: false } }));
    expect(server.hits).toHaveLength(5);
  });

  it('rejects at once with the signal reason when aborted during the backoff wait', async () => {
    server = await scripted([status(503)]);
    const controller = new AbortController();
    const reason = new Error('user navigated away');
    const client = createClient({
      baseUrl: server.url,
      // A wait that outlasts the test timeout: only a prompt abort lets this test pass.
      retry: {
        baseDelayMs: 600_000,
        maxDelayMs: 600_000,
        deadlineMs: 3_600_000,
        random: () => 0.99,
        onRetry: () => setTimeout(() => controller.abort(reason), 20),
      },
    });
    const error = await rejection(client.get('/', { signal: controller.signal }));
    expect(error).toBe(reason);
    expect(server.hits).toHaveLength(1);
  });

  it('aborts the request in flight with the signal reason, without retrying', async () => {
    server = await scripted([hang]);
    const controller = new AbortController();
    const client = createClient({ baseUrl: server.url, retry: FAST });
    const pending = client.get('/', { signal: controller.signal });
    while (server.hits.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const error = await rejection(pending);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(server.hits).toHaveLength(1);
  });

  it('times out each attempt against a server that never answers, and retries a GET', async () => {
    server = await scripted([hang]);
    const events: RetryEvent[] = [];
    const client = createClient({
      baseUrl: server.url,
      timeoutMs: 150,
      retry: { ...FAST, attempts: 2, onRetry: (e) => events.push(e) },
    });
    const error = await apiError(client.get('/'));
    expect(error).toMatchObject({ status: 504, code: 'request_timeout', retryable: true });
    expect(server.hits).toHaveLength(2);
    expect(events.map((e) => e.reason)).toEqual(['timeout']);
  });

  it('does not retry a timed-out POST without an Idempotency-Key', async () => {
    server = await scripted([hang]);
    const client = createClient({ baseUrl: server.url, timeoutMs: 150, retry: FAST });
    expect((await apiError(client.post('/', {}))).code).toBe('request_timeout');
    expect(server.hits).toHaveLength(1);
  });

  it('aborts the attempt in flight at the deadline with deadline_exceeded', async () => {
    server = await scripted([hang]);
    const client = createClient({ baseUrl: server.url, retry: { ...FAST, deadlineMs: 200 } });
    const error = await apiError(client.get('/'));
    expect(error).toMatchObject({ status: 504, code: 'deadline_exceeded', retryable: false });
    expect(server.hits).toHaveLength(1);
  });

  it('counts the deadline across attempts and waits', async () => {
    server = await scripted([status(503), status(503), hang]);
    const client = createClient({
      baseUrl: server.url,
      timeoutMs: 60_000,
      retry: { ...FAST, attempts: 10, deadlineMs: 400 },
    });
    const error = await apiError(client.get('/'));
    expect(error.code).toBe('deadline_exceeded');
    expect(server.hits).toHaveLength(3);
  });

  it('does not wait for a retry that could only start after the deadline', async () => {
    server = await scripted([status(503, { 'retry-after': '5' }), json(200, 'ok')]);
    const client = createClient({ baseUrl: server.url, retry: { ...FAST, deadlineMs: 2000 } });
    const error = await apiError(client.get('/'));
    expect(error).toMatchObject({ status: 503, retryAfter: 5 });
    expect(server.hits).toHaveLength(1);
  });

  it('lets a catalog entry override its status default: a hard 429 quota is final', async () => {
    const catalog = defineCatalog({
      errors: {
        quota_exhausted: { status: 429, title: 'Quota exhausted', retryable: false },
        busy_now: { status: 409, title: 'Busy', retryable: true },
      },
    });
    server = await scripted([status(429, {}, 'quota_exhausted'), json(200, 'ok')]);
    const client = createClient({ baseUrl: server.url, catalog, retry: FAST });
    const error = await apiError(client.get('/'));
    expect(client.is(error, 'quota_exhausted')).toBe(true);
    expect(error.retryable).toBe(false);
    expect(server.hits).toHaveLength(1);
    await server.close();

    server = await scripted([status(409, {}, 'busy_now'), json(200, 'ok')]);
    const busy = createClient({ baseUrl: server.url, catalog, retry: FAST });
    expect(await busy.get('/')).toBe('ok');
    expect(server.hits).toHaveLength(2);
  });

  it('sends a re-sendable body again on every attempt, but never a stream twice', async () => {
    server = await scripted([status(503), json(200, 'ok')]);
    const client = createClient({ baseUrl: server.url, retry: FAST });
    const form = new URLSearchParams({ a: '1' });
    await client.request('/', { method: 'PUT', body: form });
    expect(server.hits.map((h) => h.body)).toEqual(['a=1', 'a=1']);
    await client.request('/', { method: 'PUT', body: new Blob(['blob']) });
    expect(server.hits.map((h) => h.body).slice(2)).toEqual(['blob']);
    await server.close();

    server = await scripted([status(503), json(200, 'ok')]);
    const streaming = createClient({ baseUrl: server.url, retry: FAST });
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('streamed'));
        controller.close();
      },
    });
    const init = { method: 'PUT', body, duplex: 'half' } as RequestInit;
    expect((await apiError(streaming.request('/', init))).status).toBe(503);
    expect(server.hits.map((h) => h.body)).toEqual(['streamed']);
  });

  it('lets onRetry stop the retries by throwing', async () => {
    server = await scripted([status(503)]);
    const stop = new Error('enough');
    const client = createClient({
      baseUrl: server.url,
      retry: {
        ...FAST,
        onRetry: () => {
          throw stop;
        },
      },
    });
    expect(await rejection(client.get('/'))).toBe(stop);
    expect(server.hits).toHaveLength(1);
  });

  it('takes a per-request policy over the client one, or none', async () => {
    server = await scripted([status(503)]);
    const client = createClient({ baseUrl: server.url, retry: FAST });
    await apiError(client.get('/', { retry: false }));
    expect(server.hits).toHaveLength(1);
    await apiError(client.get('/', { retry: { attempts: 5 } }));
    expect(server.hits).toHaveLength(6);
    const never = createClient({ baseUrl: server.url, retry: false });
    await apiError(never.get('/'));
    expect(server.hits).toHaveLength(7);
    await apiError(never.get('/', { retry: { ...FAST, attempts: 2 } }));
    expect(server.hits).toHaveLength(9);
  });
});

/** A fetch double that answers from a list, and never answers past its end (until aborted). */
function fakeFetch(responses: (() => Response)[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fn: FetchLike = (url, init) => {
    calls.push({ url, init });
    const next = responses[calls.length - 1];
    if (next !== undefined) return Promise.resolve(next());
    return new Promise((_resolve, reject) => {
      const signal = init.signal;
      if (signal?.aborted) reject(signal.reason);
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  };
  return { fn, calls };
}

const unavailable =
  (headers: Record<string, string> = {}) =>
  () =>
    new Response('{"error":{"code":"busy","message":"busy"}}', {
      status: 503,
      headers: { 'content-type': 'application/json', ...headers },
    });
const ok = () => () => Response.json({ ok: true });

describe('waits, timeouts and deadlines (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(Date.parse('2025-06-01T12:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits for full jitter: random() * min(cap, base * 2^(n-1))', async () => {
    const fake = fakeFetch([unavailable(), unavailable(), unavailable(), ok()]);
    const events: RetryEvent[] = [];
    const client = createClient({
      baseUrl: 'http://api.test',
      fetch: fake.fn,
      retry: {
        attempts: 4,
        baseDelayMs: 1000,
        maxDelayMs: 3000,
        random: () => 0.5,
        onRetry: (e) => events.push(e),
      },
    });
    const done = client.get('/');
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(499);
    expect(fake.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(fake.calls).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1500); // capped: 0.5 * min(3000, 4000)
    expect(await done).toEqual({ ok: true });
    expect(events.map((e) => e.delayMs)).toEqual([500, 1000, 1500]);
  });

  it('waits at least Retry-After seconds', async () => {
    const fake = fakeFetch([unavailable({ 'retry-after': '30' }), ok()]);
    const client = createClient({ baseUrl: 'http://api.test', fetch: fake.fn });
    const done = client.get('/');
    await vi.advanceTimersByTimeAsync(29_999);
    expect(fake.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await done).toEqual({ ok: true });
    expect(fake.calls).toHaveLength(2);
  });

  it('waits until a Retry-After HTTP date', async () => {
    const at = new Date(Date.now() + 45_000).toUTCString();
    const fake = fakeFetch([unavailable({ 'retry-after': at }), ok()]);
    const events: RetryEvent[] = [];
    const client = createClient({
      baseUrl: 'http://api.test',
      fetch: fake.fn,
      retry: { onRetry: (e) => events.push(e) },
    });
    const done = client.get('/');
    await vi.advanceTimersByTimeAsync(44_000);
    expect(fake.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await done).toEqual({ ok: true });
    expect(events[0]?.delayMs).toBe(45_000);
    expect(events[0]?.error.retryAfter).toBe(45);
  });

  it('keeps jitter when it is longer than Retry-After', async () => {
    const fake = fakeFetch([unavailable({ 'retry-after': '1' }), ok()]);
    const events: RetryEvent[] = [];
    const client = createClient({
      baseUrl: 'http://api.test',
      fetch: fake.fn,
      retry: { baseDelayMs: 4000, random: () => 0.5, onRetry: (e) => events.push(e) },
    });
    const done = client.get('/');
    await vi.advanceTimersByTimeAsync(2000);
    await done;
    expect(events[0]?.delayMs).toBe(2000);
  });

  it('times out each attempt after timeoutMs (10 s by default)', async () => {
    const fake = fakeFetch([]);
    const events: RetryEvent[] = [];
    const client = createClient({
      baseUrl: 'http://api.test',
      fetch: fake.fn,
      retry: { random: () => 0, onRetry: (e) => events.push(e) },
    });
    const done = apiError(client.get('/'));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(fake.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(20_000);
    const error = await done;
    expect(error.code).toBe('request_timeout');
    expect(fake.calls).toHaveLength(3);
    expect(events.map((e) => e.reason)).toEqual(['timeout', 'timeout']);
    // Every attempt's signal was aborted with a TimeoutError.
    for (const call of fake.calls) {
      expect(call.init.signal?.aborted).toBe(true);
      expect((call.init.signal?.reason as DOMException | undefined)?.name).toBe('TimeoutError');
    }
  });

  it('ends the call at the deadline (60 s by default) with deadline_exceeded', async () => {
    const fake = fakeFetch([unavailable(), unavailable()]);
    const client = createClient({
      baseUrl: 'http://api.test',
      fetch: fake.fn,
      timeoutMs: Number.POSITIVE_INFINITY,
      retry: { attempts: 10, random: () => 0 },
    });
    const done = apiError(client.get('/'));
    await vi.advanceTimersByTimeAsync(59_999);
    expect(fake.calls).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    const error = await done;
    expect(error.code).toBe('deadline_exceeded');
    expect(error.retryable).toBe(false);
    expect(fake.calls).toHaveLength(3);
  });

  it('cuts the last attempt short at the deadline, not at its own timeout', async () => {
    const fake = fakeFetch([]);
    const client = createClient({
      baseUrl: 'http://api.test',
      fetch: fake.fn,
      timeoutMs: 30_000,
      retry: { deadlineMs: 45_000, random: () => 0 },
    });
    const done = apiError(client.get('/'));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(fake.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(15_000);
    expect((await done).code).toBe('deadline_exceeded');
    expect(fake.calls).toHaveLength(2);
  });

  it('does not start a wait that would end past the deadline', async () => {
    const fake = fakeFetch([unavailable(), unavailable(), ok()]);
    const client = createClient({
      baseUrl: 'http://api.test',
      fetch: fake.fn,
      retry: { deadlineMs: 1000, baseDelayMs: 800, random: () => 0.99 },
    });
    // First wait 792 ms fits; the second (1584) would end past 1000 ms: no retry.
    const done = apiError(client.get('/'));
    await vi.advanceTimersByTimeAsync(792);
    const error = await done;
    expect(error.status).toBe(503);
    expect(fake.calls).toHaveLength(2);
  });

  it('returns the cost of the retry that led to a success to the budget', async () => {
    const budget = new RetryBudget();
    const fake = fakeFetch([unavailable(), unavailable(), ok(), ok()]);
    const client = createClient({
      baseUrl: 'http://api.test',
      fetch: fake.fn,
      retry: { budget, random: () => 0 },
    });
    const done = client.get('/');
    await vi.advanceTimersByTimeAsync(0);
    await done;
    // Two retries at 5, then the success returns the second one's 5.
    expect(budget.available).toBe(495);
    await client.get('/');
    expect(budget.available).toBe(496);
  });

  it('charges a retry after a timeout more than one after a status', async () => {
    const budget = new RetryBudget();
    const fake = fakeFetch([]);
    const client = createClient({
      baseUrl: 'http://api.test',
      fetch: fake.fn,
      timeoutMs: 1000,
      retry: { budget, attempts: 2, random: () => 0 },
    });
    const done = apiError(client.get('/'));
    await vi.advanceTimersByTimeAsync(2000);
    await done;
    expect(budget.available).toBe(490);
  });

  it('cancels the wait and the timers when the caller aborts', async () => {
    const fake = fakeFetch([unavailable()]);
    const controller = new AbortController();
    const client = createClient({
      baseUrl: 'http://api.test',
      fetch: fake.fn,
      retry: { random: () => 0.5 },
    });
    const done = rejection(client.get('/', { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(1); // the backoff wait
    controller.abort('stop');
    expect(await done).toBe('stop');
    expect(vi.getTimerCount()).toBe(0);
    expect(fake.calls).toHaveLength(1);
  });

  it('rejects with the reason of an already aborted signal without calling fetch', async () => {
    const fake = fakeFetch([ok()]);
    const client = createClient({ baseUrl: 'http://api.test', fetch: fake.fn });
    expect(await rejection(client.get('/', { signal: AbortSignal.abort('early') }))).toBe('early');
    expect(fake.calls).toHaveLength(0);
  });
});

describe('resolveRetryOptions', () => {
  it('applies the defaults', () => {
    const resolved = resolveRetryOptions();
    expect(resolved).toMatchObject({
      attempts: 3,
      idempotencyKey: false,
      baseDelayMs: 100,
      maxDelayMs: 20_000,
      maxRetryAfter: 60,
      deadlineMs: 60_000,
    });
    expect([...resolved.statuses]).toEqual([408, 429, 502, 503, 504]);
    expect([...resolved.methods]).toEqual(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);
    expect(resolved.budget).toBeInstanceOf(RetryBudget);
    expect(resolved.random).toBe(Math.random);
  });

  it('treats an explicit undefined as the default, and keeps the base budget', () => {
    const base = resolveRetryOptions({ attempts: 5 });
    const over = resolveRetryOptions({ attempts: undefined, baseDelayMs: 1 }, base);
    expect(over.attempts).toBe(5);
    expect(over.baseDelayMs).toBe(1);
    expect(over.budget).toBe(base.budget);
    expect(resolveRetryOptions({ methods: ['get', 'post'] }).methods.has('POST')).toBe(true);
  });

  it('refuses bad values with a TypeError naming the option', () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ attempts: 0 }, /retry\.attempts/],
      [{ attempts: 1.5 }, /retry\.attempts/],
      [{ statuses: [200] }, /retry\.statuses/],
      [{ statuses: '503' }, /retry\.statuses/],
      [{ methods: ['GET POST'] }, /retry\.methods/],
      [{ idempotencyKey: true }, /retry\.idempotencyKey/],
      [{ baseDelayMs: -1 }, /retry\.baseDelayMs/],
      [{ maxDelayMs: Number.POSITIVE_INFINITY }, /retry\.maxDelayMs/],
      [{ maxRetryAfter: Number.NaN }, /retry\.maxRetryAfter/],
      [{ deadlineMs: 0 }, /retry\.deadlineMs/],
      [{ budget: {} }, /retry\.budget/],
      [{ onRetry: 'log' }, /retry\.onRetry/],
      [{ random: 0.5 }, /retry\.random/],
    ];
    for (const [options, message] of bad) {
      expect(() => resolveRetryOptions(options as never), JSON.stringify(options)).toThrow(message);
      expect(() => createClient({ baseUrl: 'http://x', retry: options as never })).toThrow(
        TypeError,
      );
    }
    expect(resolveRetryOptions({ maxRetryAfter: Number.POSITIVE_INFINITY }).maxRetryAfter).toBe(
      Number.POSITIVE_INFINITY,
    );
  });
});
