import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ApiError, isApiError } from '../../src/api-error.js';
import { createClient } from '../../src/client/client.js';
import type { RetryEvent } from '../../src/client/retry-options.js';
import { defineCatalog } from '../../src/index.js';
import { json, type ScriptedServer, scripted } from './script.js';

// The catalog's `retryable` decides retries, also when a body names no code (seed 000's bodies
// are `{"message"}` only). Real sockets; fake timers for the backoff between attempts.

/** Seed 000: plain `{ message }` bodies, and every 5xx is worth retrying. */
const seed000 = defineCatalog({
  format: 'message',
  errors: {
    server_error: { status: 500, title: 'Server error', retryable: true },
  },
  roles: { internal_error: 'server_error' },
});

const message = (status: number) => json(status, { message: 'Something went wrong' });

/** Let real I/O happen and fake time pass (by at most 10 ms past it) until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    if (done()) return;
    await vi.advanceTimersByTimeAsync(10);
  }
  expect(done()).toBe(true);
}

async function settled(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => value,
    (error: unknown) => error,
  );
}

describe("retries follow the catalog's retryable by status (fake timers)", () => {
  let server: ScriptedServer | undefined;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await server?.close();
    server = undefined;
  });

  it('retries a code-less 500 the catalog marks retryable, after the backoff', async () => {
    server = await scripted([message(500), json(200, { ok: true })]);
    const events: RetryEvent[] = [];
    const client = createClient({
      baseUrl: server.url,
      catalog: seed000,
      retry: { baseDelayMs: 1000, random: () => 0.5, onRetry: (e) => events.push(e) },
    });
    const done = settled(client.get('/v1/secrets/db'));
    await until(() => events.length === 1);
    expect(events[0]).toMatchObject({ attempt: 2, reason: 'status', delayMs: 500 });
    // The body names no code: the parser's code for the status, unknown to this catalog.
    expect(events[0]?.error.code).toBe('internal_error');
    // Nothing is sent again before the backoff has passed.
    const hits = server.hits;
    expect(hits).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(480);
    await new Promise((resolve) => setImmediate(resolve));
    expect(hits).toHaveLength(1);
    await until(() => hits.length === 2);
    expect(await done).toEqual({ ok: true });
  });

  it('leaves a code-less 500 alone without a catalog, or when its 500s disagree', async () => {
    const mixed = defineCatalog({
      errors: {
        storage_error: { status: 500, title: 'Storage error', retryable: true },
        bug: { status: 500, title: 'Bug' },
      },
    });
    for (const catalog of [undefined, mixed]) {
      server = await scripted([message(500), json(200, { ok: true })]);
      const client = createClient({ baseUrl: server.url, catalog, retry: { baseDelayMs: 1 } });
      const error = await settled(client.get('/'));
      expect(isApiError(error) && error.status).toBe(500);
      expect(server.hits).toHaveLength(1);
      await server.close();
      server = undefined;
    }
  });

  it('keeps a redefined quota_exceeded non-retryable, by code and by status', async () => {
    const catalog = defineCatalog({
      errors: { quota_exceeded: { status: 429, title: 'Quota used up' } },
      roles: { rate_limited: false },
    });
    const quota = json(429, { error: { code: 'quota_exceeded', message: 'Used up' } });
    for (const [first, code] of [
      [quota, 'quota_exceeded'],
      [message(429), 'rate_limited'],
    ] as const) {
      server = await scripted([first, json(200, { ok: true })]);
      const client = createClient({ baseUrl: server.url, catalog, retry: { baseDelayMs: 1 } });
      const error = (await settled(client.get('/'))) as ApiError;
      expect(isApiError(error)).toBe(true);
      expect([error.status, error.code]).toEqual([429, code]);
      expect(server.hits).toHaveLength(1);
      await server.close();
      server = undefined;
    }
  });
});
