// Redis outages under load, against a real redis-server the test hangs (SIGSTOP), kills
// (SIGKILL) and starts again. Assertions are on counts and decision sources, never on elapsed
// time: the limiter's storeTimeoutMs bounds every check, and a stall would show as this file's
// timeout.
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterEach, describe, expect, it } from 'vitest';
import { isApiError } from '../../src/api-error.js';
import {
  createRateLimiter,
  type DecisionSource,
  type RateLimitDecision,
  type StoreFailurePolicy,
} from '../../src/rate-limit/limiter.js';
import { RedisStore } from '../../src/rate-limit/stores/redis.js';
import { freePort, type RedisServer, startRedis } from '../helpers/redis-server.js';

type ClientKind = 'ioredis' | 'node-redis';

/** A client configured to fail fast while Redis is away (what RedisStore's docs recommend). */
function connectClient(kind: ClientKind, port: number) {
  if (kind === 'ioredis') {
    const client = new Redis({
      port,
      host: '127.0.0.1',
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      retryStrategy: () => 20,
    });
    client.on('error', () => {});
    return {
      client,
      ready: new Promise<void>((resolve) => client.once('ready', () => resolve())),
      close: () => client.disconnect(),
    };
  }
  const client = createClient({
    socket: { port, host: '127.0.0.1', reconnectStrategy: () => 20, connectTimeout: 500 },
    disableOfflineQueue: true,
  });
  client.on('error', () => {});
  const ready = client.connect().then(
    () => undefined,
    () => undefined,
  );
  return {
    client,
    ready,
    close: () => {
      if (client.isOpen) client.destroy();
    },
  };
}

type Tally = Record<DecisionSource | 'thrown', number>;
const emptyTally = (): Tally => ({ store: 0, insurance: 0, open: 0, closed: 0, thrown: 0 });

/**
 * Fire checks in batches of 5 concurrent ones (a steady stream) until `done(tally)` holds, or
 * fail after `maxBatches`. Every decision goes to `onDecision`.
 */
async function pump(
  check: () => Promise<RateLimitDecision>,
  done: (t: Tally) => boolean,
  onDecision: (d: RateLimitDecision) => void = () => {},
  maxBatches = 2000,
): Promise<Tally> {
  const tally = emptyTally();
  for (let batch = 0; batch < maxBatches; batch++) {
    const settled = await Promise.allSettled(Array.from({ length: 5 }, () => check()));
    for (const s of settled) {
      if (s.status === 'rejected') tally.thrown++;
      else {
        tally[s.value.source]++;
        onDecision(s.value);
      }
    }
    if (done(tally)) return tally;
    await sleep(5);
  }
  throw new Error(`pump gave up: ${JSON.stringify(tally)}`);
}

let server: RedisServer | undefined;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await server?.stop();
  server = undefined;
});

function limiterOn(kind: ClientKind, port: number, onStoreError: StoreFailurePolicy) {
  const conn = connectClient(kind, port);
  cleanups.push(conn.close);
  const store = new RedisStore({ client: conn.client });
  const failures: unknown[] = [];
  const limiter = createRateLimiter({
    policies: '"burst";q=1000000;w=1',
    store,
    onStoreError,
    storeTimeoutMs: 100,
    recoverAfterMs: 20,
    reportStoreError: (error) => failures.push(error),
  });
  cleanups.push(() => limiter.close());
  let i = 0;
  // Spread over keys, as real traffic is.
  const check = () => limiter.check({ key: `client-${i++ % 7}` });
  return { conn, store, limiter, failures, check };
}

describe.each(['ioredis', 'node-redis'] as ClientKind[])('Redis outage under load (%s)', (kind) => {
  it('insurance: hangs, dies and returns; the memory limiter takes over and hands back', async () => {
    server = await startRedis();
    const redis = server;
    const { conn, store, failures, check } = limiterOn(kind, redis.port, 'insurance');
    await conn.ready;

    const healthy = await pump(check, (t) => t.store >= 20);
    expect(healthy).toMatchObject({ store: healthy.store, insurance: 0, thrown: 0 });

    redis.pause(); // hung: connections open, no answers
    const hung = await pump(check, (t) => t.insurance >= 40);
    expect(hung).toMatchObject({ store: 0, thrown: 0, open: 0, closed: 0 });
    expect(failures.some((e) => e instanceof Error && e.name === 'StoreTimeoutError')).toBe(true);

    await redis.kill(); // dead: connection refused
    const dead = await pump(check, (t) => t.insurance >= 40);
    expect(dead).toMatchObject({ store: 0, thrown: 0 });

    await redis.restart(); // back, empty, without the script
    const back = await pump(check, (t) => t.store >= 40);
    expect(back.thrown).toBe(0);
    // Handed back for good: a whole run of checks answered by Redis again.
    const after = await pump(check, (t) => t.store + t.insurance >= 50);
    expect(after).toMatchObject({ store: 50, insurance: 0, thrown: 0 });
    expect(store.stats.noscriptFallbacks).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('insurance: Redis down at start does not crash; Redis takes over when it comes up', async () => {
    const port = await freePort();
    const { check } = limiterOn(kind, port, 'insurance');
    const down = await pump(check, (t) => t.insurance >= 30);
    expect(down).toMatchObject({ store: 0, thrown: 0 });
    server = await startRedis({ port });
    const up = await pump(check, (t) => t.store >= 30);
    expect(up.thrown).toBe(0);
  }, 60_000);
});

describe('Redis outage under the open and closed policies', () => {
  it('open: requests pass without headers while Redis hangs, and Redis answers again after', async () => {
    server = await startRedis();
    const redis = server;
    const { conn, check } = limiterOn('ioredis', redis.port, 'open');
    await conn.ready;
    expect(await pump(check, (t) => t.store >= 10)).toMatchObject({ store: 10, open: 0 });
    redis.pause();
    const seen: RateLimitDecision[] = [];
    const hung = await pump(
      check,
      (t) => t.open >= 30,
      (d) => seen.push(d),
    );
    expect(hung).toMatchObject({ store: 0, insurance: 0, closed: 0, thrown: 0 });
    for (const d of seen) {
      expect(d).toMatchObject({ allowed: true, headers: {}, source: 'open' });
      expect(d.error).toBeUndefined();
    }
    redis.resume();
    expect((await pump(check, (t) => t.store >= 20)).thrown).toBe(0);
  }, 60_000);

  it('closed: 503 service_unavailable with Retry-After while Redis is dead, then Redis again', async () => {
    server = await startRedis();
    const redis = server;
    const { conn, check } = limiterOn('node-redis', redis.port, 'closed');
    await conn.ready;
    expect(await pump(check, (t) => t.store >= 10)).toMatchObject({ store: 10, closed: 0 });
    await redis.kill();
    const seen: RateLimitDecision[] = [];
    const dead = await pump(
      check,
      (t) => t.closed >= 30,
      (d) => seen.push(d),
    );
    expect(dead).toMatchObject({ store: 0, insurance: 0, open: 0, thrown: 0 });
    for (const d of seen) {
      expect(d).toMatchObject({ allowed: false, source: 'closed' });
      expect(d.headers['Retry-After']).toBe('1');
      expect(isApiError(d.error, 'service_unavailable')).toBe(true);
      expect(d.error).toMatchObject({ status: 503, retryAfter: 1 });
    }
    await redis.restart();
    expect((await pump(check, (t) => t.store >= 20)).thrown).toBe(0);
  }, 60_000);

  it.each(['open', 'closed'] as StoreFailurePolicy[])(
    '%s: Redis down at start does not crash',
    async (policy) => {
      const port = await freePort();
      const { check } = limiterOn('ioredis', port, policy);
      const down = await pump(check, (t) => t[policy as DecisionSource] >= 20);
      expect(down).toMatchObject({ store: 0, insurance: 0, thrown: 0 });
      server = await startRedis({ port });
      expect((await pump(check, (t) => t.store >= 10)).thrown).toBe(0);
    },
    60_000,
  );
});
