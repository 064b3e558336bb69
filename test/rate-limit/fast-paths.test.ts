// The fast paths of issue 14: `limiter.checkSync`, the memory store's lazily kept recency order,
// the Lua script's single-policy branch and RedisStore's `clientClock`.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/rate-limit/limiter.js';
import { definePolicy, parsePolicies } from '../../src/rate-limit/policy.js';
import { MemoryStore } from '../../src/rate-limit/stores/memory.js';
import { RedisStore } from '../../src/rate-limit/stores/redis.js';
import type { RateLimitStore } from '../../src/rate-limit/types.js';
import { type RedisServer, startRedis } from '../helpers/redis-server.js';

describe('limiter.checkSync', () => {
  it('decides as check does, ceiling included, without a promise', async () => {
    let now = 1_800_000_000_000;
    const make = () =>
      createRateLimiter({
        policies: '"burst";q=3;w=60',
        categories: { upload: '"upload";q=1;w=60' },
        store: new MemoryStore({ now: () => now }),
        headers: 'both',
      });
    const sync = make();
    const async = make();
    const ceiling = { key: 'ip:1', policies: parsePolicies('"burst.ip";q=4;w=60') };
    const inputs = [
      { key: 'a' },
      { key: 'a', cost: 2 },
      { key: 'a' },
      { key: 'b', ceiling },
      { key: 'c', ceiling, cost: 3 },
      { key: 'a', category: 'upload' },
      { key: 'a', category: 'upload' },
      { key: 'a', cost: 0 },
    ];
    for (const input of inputs) {
      now += 250;
      const decision = sync.checkSync?.(input);
      expect(decision).not.toBeInstanceOf(Promise);
      const expected = await async.check(input);
      expect(decision).toMatchObject({
        allowed: expected.allowed,
        headers: expected.headers,
        result: expected.result,
        source: 'store',
      });
      expect(decision?.error?.status).toBe(expected.error?.status);
    }
    expect(() => sync.checkSync?.({ key: 'a', category: 'nope' })).toThrow(TypeError);
    await expect(async.check({ key: 'a', category: 'nope' })).rejects.toThrow(TypeError);
    expect(() => sync.checkSync?.({ key: 'a', cost: -1 })).toThrow(TypeError);
  });

  it('is undefined, and checks nothing, with a store that answers asynchronously', async () => {
    let checks = 0;
    const store: RateLimitStore = {
      check: () => {
        checks++;
        return Promise.resolve({ allowed: true, outcomes: [], now: 0 });
      },
      reset: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
    const limiter = createRateLimiter({ policies: '"burst";q=3;w=60', store });
    expect(limiter.checkSync?.({ key: 'a' })).toBeUndefined();
    expect(checks).toBe(0);
    expect((await limiter.check({ key: 'a' })).source).toBe('store');
    expect(checks).toBe(1);
  });
});

describe('MemoryStore recency order', () => {
  it('keeps evicting the least recently used key once the first eviction ordered the Map', async () => {
    let now = 1_800_000_000_000;
    const store = new MemoryStore({ maxKeys: 3, sweepIntervalMs: 0, now: () => now });
    const policies = [definePolicy({ name: 'p', limit: 5, window: 600 })];
    const spend = (key: string, cost = 1) => store.check({ key, policies, cost });
    const remaining = async (key: string) =>
      (await store.check({ key, policies, cost: 0 })).outcomes[0]?.remaining;
    await spend('a');
    await spend('b');
    await spend('c');
    now += 1000;
    await spend('a', 0); // a touched before the store ever filled
    await spend('d'); // first eviction: b, the stalest
    expect(store.size).toBe(3);
    expect(await remaining('b')).toBe(5);
    now += 1000;
    await spend('c', 0); // c touched after: the order is kept on every touch from now on
    await spend('e'); // evicts a (touched at +1 s), not c (+2 s) nor d (+1 s, inserted after a)
    expect(await remaining('a')).toBe(5);
    expect(await remaining('c')).toBe(4);
    expect(await remaining('d')).toBe(4);
    await store.close();
  });
});

describe('RedisStore fast paths', () => {
  let server: RedisServer;
  let io: Redis;
  let admin: Redis;
  beforeAll(async () => {
    server = await startRedis();
    io = new Redis({ port: server.port, host: '127.0.0.1' });
    admin = new Redis({ port: server.port, host: '127.0.0.1' });
  }, 30_000);
  afterAll(async () => {
    await io?.quit();
    await admin?.quit();
    await server?.stop();
  });

  const timeCalls = async () =>
    Number(/^cmdstat_time:calls=(\d+)/m.exec(await admin.info('commandstats'))?.[1] ?? 0);

  it('clientClock: the host clock decides, no TIME in the script, TTLs with a second of slack', async () => {
    expect(() => new RedisStore({ client: io, clientClock: 'yes' as never })).toThrow(TypeError);
    const store = new RedisStore({ client: io, clientClock: true, prefix: 'cc' });
    const policies = [definePolicy({ name: 'b', limit: 5, window: 10 })]; // T = 2 s
    const before = await timeCalls();
    const lo = Date.now();
    const result = await store.check({ key: 'k', policies, cost: 1 });
    const hi = Date.now();
    expect(await timeCalls()).toBe(before);
    expect(result.now).toBeGreaterThanOrEqual(lo);
    expect(result.now).toBeLessThanOrEqual(hi);
    expect(result.outcomes[0]).toMatchObject({ allowed: true, remaining: 4, resetMs: 2000 });
    const ttl = await admin.pttl('{cc:k}:b');
    expect(ttl).toBeGreaterThan(2000);
    expect(ttl).toBeLessThanOrEqual(3000);
    // The default still reads the server's clock.
    await new RedisStore({ client: io }).check({ key: 'k', policies, cost: 1 });
    expect(await timeCalls()).toBe(before + 1);
  });

  it('single-policy checks read a state that is not a whole number as idle', async () => {
    let t = 1_800_000_000_000;
    const store = new RedisStore({ client: io, now: () => t, prefix: 'odd' });
    const policies = [definePolicy({ name: 'b', limit: 2, window: 10 })];
    for (const odd of ['1e20', '99999999999999999999.5', 'x', '12:3']) {
      await admin.set('{odd:k}:b', odd);
      const result = await store.check({ key: 'k', policies, cost: 1 });
      expect(result.outcomes[0]).toMatchObject({ allowed: true, remaining: 1 });
      await admin.del('{odd:k}:b');
      t += 1;
    }
    // A refusal reports the unchanged state and when the cost would pass.
    await store.check({ key: 'k', policies, cost: 2 });
    const refused = await store.check({ key: 'k', policies, cost: 1 });
    expect(refused.outcomes[0]).toMatchObject({
      allowed: false,
      remaining: 0,
      retryAfterMs: 5000,
    });
    expect((await store.check({ key: 'k', policies, cost: 3 })).outcomes[0]?.retryAfterMs).toBe(-1);
  });
});
