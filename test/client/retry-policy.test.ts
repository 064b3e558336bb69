import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiError } from '../../src/api-error.js';
import {
  createClient,
  type FetchLike,
  RetryBudget,
  type RetryEvent,
  type RetryOptions,
} from '../../src/client/index.js';
import type { FormatName } from '../../src/formats/types.js';
import { defineCatalog, idempotencyRoles, renderError } from '../../src/index.js';
import { apiError } from '../helpers/rejection.js';
import { json, type ScriptedServer, type Step, scripted } from './script.js';

// The client's side of Idempotency-Key (src/idempotency/): a 409 `idempotency_in_flight` means an
// earlier attempt with the same key still runs, and asking again with that key after Retry-After
// gets its one answer. Every other 409, and a 422 for a reused key, is final. The servers answer
// with the bytes errata's own renderer makes, so these tests follow the wire format.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Fast backoff: every wait below is the server's Retry-After. */
const FAST = { baseDelayMs: 1, maxDelayMs: 2 } as const;

const catalog = defineCatalog({
  roles: { ...idempotencyRoles },
  errors: {
    order_conflict: {
      status: 409,
      title: 'Order conflict',
      description: 'The order changed since it was read. Read it again, then retry.',
      message: 'The order changed since it was read.',
    },
  },
});

/** A catalog that gives the in-flight role a code of its own. */
const renamed = defineCatalog({
  roles: { ...idempotencyRoles, idempotency_in_flight: 'order_in_progress' },
  errors: {
    order_in_progress: {
      status: 409,
      title: 'Order in progress',
      description: 'The order with this Idempotency-Key is still being placed. Retry with it.',
      message: 'The order is still being placed.',
      retryable: true,
    },
  },
});

/** What errata's server sends for `error`, byte for byte, plus `headers`. */
function rendered(error: ApiError, format: FormatName = 'problem', headers = {}) {
  const { status, headers: own, body } = renderError(error, { catalog, format });
  return { status, headers: { ...own, ...headers }, body };
}

/** The 409 of a key still in flight (`Retry-After: 1`), in one of errata's formats. */
const inFlight = (format?: FormatName) =>
  rendered(catalog.roleError('idempotency_in_flight', { retryAfter: 1 }), format);
/** A 409 that is a plain conflict, even though it names a Retry-After. */
const conflict = rendered(catalog.error('order_conflict'), 'problem', { 'retry-after': '1' });
const reused = rendered(catalog.roleError('idempotency_key_reused'));

type Answer = { status: number; headers: Record<string, string>; body: string };
const step =
  (answer: Answer): Step =>
  (_req, res) => {
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  };
const created = json(201, { id: 7 }, { 'idempotent-replayed': 'true' });

/** Poll on real time (fake timers leave node:timers/promises alone) until `check` holds. */
async function until(check: () => boolean, what: string): Promise<void> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > 15_000) throw new Error(`gave up waiting for ${what}`);
    await delay(2);
  }
}

describe('a 409 idempotency_in_flight from a real server', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await server?.close();
    server = undefined;
  });

  it('is retried after each Retry-After with the same key; the 201 is a replay', async () => {
    // Fake timers for the waits only: the sockets and `until` run on real time.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    server = await scripted([step(inFlight()), step(inFlight()), created]);
    const events: RetryEvent[] = [];
    const client = createClient({
      baseUrl: server.url,
      retry: { ...FAST, idempotencyKey: 'auto', onRetry: (e) => events.push(e) },
    });
    const done = client.request('/v1/orders', {
      method: 'POST',
      body: '{"sku":"a1"}',
      headers: { 'content-type': 'application/json' },
    });
    done.catch(() => {});
    for (const n of [1, 2]) {
      await until(() => events.length === n, `retry ${n} to be scheduled`);
      expect(events[n - 1]).toMatchObject({ attempt: n + 1, delayMs: 1000, reason: 'status' });
      expect(events[n - 1]?.error).toMatchObject({
        status: 409,
        code: 'idempotency_in_flight',
        retryAfter: 1,
      });
      await vi.advanceTimersByTimeAsync(999);
      await delay(20); // a retry sent before the second was up would have arrived by now
      expect(server.hits).toHaveLength(n);
      await vi.advanceTimersByTimeAsync(1);
    }
    const res = await done;
    expect(res.status).toBe(201);
    expect(res.replayed).toBe(true);
    expect(await res.json()).toEqual({ id: 7 });
    const keys = server.hits.map((h) => h.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(UUID);
    expect(new Set(keys).size).toBe(1);
    expect(server.hits.map((h) => h.body)).toEqual(Array(3).fill('{"sku":"a1"}'));
  });

  it('is not retried for a request without a key: nothing ties a retry to the first', async () => {
    server = await scripted([step(inFlight()), created]);
    const client = createClient({ baseUrl: server.url, retry: FAST });
    const error = await apiError(client.post('/v1/orders', { sku: 'a1' }));
    expect(error).toMatchObject({ status: 409, code: 'idempotency_in_flight', retryAfter: 1 });
    expect(server.hits).toHaveLength(1);
  });

  it('leaves a plain 409 conflict and a 422 idempotency_key_reused unretried', async () => {
    server = await scripted([step(conflict), step(reused), step(conflict), created]);
    const client = createClient({
      baseUrl: server.url,
      retry: { ...FAST, idempotencyKey: 'auto' },
    });
    expect(await apiError(client.post('/v1/orders', {}))).toMatchObject({
      status: 409,
      code: 'order_conflict',
    });
    expect(await apiError(client.post('/v1/orders', {}))).toMatchObject({
      status: 422,
      code: 'idempotency_key_reused',
      retryable: false,
    });
    // With the catalog too: its entry says the conflict is final.
    const typed = createClient({ baseUrl: server.url, catalog, retry: { ...FAST, attempts: 5 } });
    const headers = { 'idempotency-key': 'order-7' };
    expect((await apiError(typed.post('/v1/orders', {}, { headers }))).code).toBe('order_conflict');
    expect(server.hits).toHaveLength(3);
  });
});

/** A fetch double answering from a list (the last answer repeats), recording every call. */
function fakeFetch(answers: readonly Answer[]) {
  const calls: Headers[] = [];
  const fn: FetchLike = (_url, init) => {
    calls.push(new Headers(init.headers));
    const answer = answers[Math.min(calls.length, answers.length) - 1] as Answer;
    return Promise.resolve(new Response(answer.body, answer));
  };
  return { fn, calls };
}

const replay: Answer = {
  status: 201,
  headers: { 'content-type': 'application/json', 'idempotent-replayed': 'true' },
  body: '{"id":7}',
};

describe('retrying a key in flight, within the retry policy (fake timers)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Post with the caller's own key; resolves to the body or the ApiError, and the calls made. */
  async function post(answers: readonly Answer[], retry: RetryOptions = {}, advanceMs = 10_000) {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const fake = fakeFetch(answers);
    const client = createClient({ baseUrl: 'http://api.test', fetch: fake.fn, retry });
    const done = client
      .post('/v1/orders', { sku: 'a1' }, { headers: { 'Idempotency-Key': 'order-7' } })
      .catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(advanceMs);
    return { outcome: await done, keys: fake.calls.map((h) => h.get('idempotency-key')) };
  }

  it.each(['problem', 'envelope', 'google', 'stripe', 'jsonapi'] as const)(
    'recognises the code in the %s format, in its spelling there',
    async (format) => {
      const { outcome, keys } = await post([inFlight(format), replay], {}, 1000);
      expect(outcome).toEqual({ id: 7 });
      expect(keys).toEqual(['order-7', 'order-7']);
    },
  );

  it('retries a code of the catalog’s own when the client has the catalog', async () => {
    const error = renamed.roleError('idempotency_in_flight', { retryAfter: 1 });
    const { status, headers, body } = renderError(error, { catalog: renamed });
    const answer = { status, headers, body };
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const fake = fakeFetch([answer, replay]);
    const init = { headers: { 'idempotency-key': 'k1' } };
    const typed = createClient({ baseUrl: 'http://api.test', fetch: fake.fn, catalog: renamed });
    const done = typed.post('/v1/orders', {}, init);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await done).toEqual({ id: 7 });
    expect(fake.calls).toHaveLength(2);
  });

  it('stops after `attempts`, with the in-flight error and its retryAfter', async () => {
    const { outcome, keys } = await post([inFlight()], { attempts: 4 });
    expect(outcome).toMatchObject({ status: 409, code: 'idempotency_in_flight', retryAfter: 1 });
    expect(keys).toEqual(Array(4).fill('order-7'));
  });

  it('does not wait past maxRetryAfter or the deadline', async () => {
    const long = rendered(catalog.roleError('idempotency_in_flight', { retryAfter: 120 }));
    const late = await post([long, replay]);
    expect(late.outcome).toMatchObject({ code: 'idempotency_in_flight', retryAfter: 120 });
    expect(late.keys).toHaveLength(1);
    // 1 s fits in 1.5 s once; the second wait would end past the deadline.
    const bounded = await post([inFlight()], { deadlineMs: 1500 });
    expect(bounded.outcome).toMatchObject({ code: 'idempotency_in_flight' });
    expect(bounded.keys).toHaveLength(2);
  });

  it('takes its retries from the budget, and makes none with attempts: 1', async () => {
    const budget = new RetryBudget({ capacity: 5 });
    const dry = await post([inFlight()], { budget, attempts: 5 });
    expect(dry.outcome).toMatchObject({ code: 'idempotency_in_flight' });
    expect(dry.keys).toHaveLength(2);
    expect(budget.available).toBe(0);
    const none = await post([inFlight(), replay], { attempts: 1 });
    expect(none.keys).toHaveLength(1);
  });
});
