import { describe, expect, it } from 'vitest';
import { definePolicy } from '../../src/rate-limit/policy.js';
import type { CheckResult, Policy, RateLimitStore } from '../../src/rate-limit/types.js';

/**
 * A settable clock in ms. Stores that take time from elsewhere (Redis: its server's TIME) must
 * offer a test hook that reads this clock instead, so every store runs the same exact sequences.
 */
export type TestClock = {
  now: () => number;
  advance: (ms: number) => void;
  set: (ms: number) => void;
};

/** Builds a fresh store on a clock; `cleanup` runs after each test. */
export type StoreFactory = (clock: TestClock) => RateLimitStore | Promise<RateLimitStore>;

// Aligned to every window used below (60 s, 10 s, 1 day is not needed).
const T0 = 1_800_000_000_000;

const rate = (name: string, limit: number, window: number, burst?: number): Policy =>
  definePolicy({ name, limit, window, ...(burst === undefined ? {} : { burst }) });
const quota = (name: string, limit: number, window: number): Policy =>
  definePolicy({ name, kind: 'quota', limit, window });

let unique = 0;
/** Keys unique per test, so a shared backend (one Redis) needs no flushing between tests. */
const freshKey = () => `contract:${process.pid}:${Date.now()}:${unique++}`;

const summary = (r: CheckResult) =>
  r.outcomes.map((o) => [o.name, o.allowed, o.remaining, o.resetMs, o.retryAfterMs]);

/**
 * The one behaviour every RateLimitStore must have. Run it from each store's test file:
 * `describeStoreContract('MemoryStore', (clock) => new MemoryStore({ now: clock.now }))`.
 */
export function describeStoreContract(name: string, makeStore: StoreFactory): void {
  describe(`${name} (store contract)`, () => {
    const setup = async () => {
      let t = T0;
      const clock: TestClock = {
        now: () => t,
        advance: (ms) => {
          t += ms;
        },
        set: (ms) => {
          t = ms;
        },
      };
      const store = await makeStore(clock);
      return { clock, store, key: freshKey() };
    };

    it('admits a burst from idle, then one unit per emission interval (GCRA)', async () => {
      const { clock, store, key } = await setup();
      const policies = [rate('burst', 5, 10)]; // T = 2 s
      const seen: unknown[] = [];
      for (let i = 0; i < 6; i++) seen.push(summary(await store.check({ key, policies, cost: 1 })));
      expect(seen).toEqual([
        [['burst', true, 4, 2000, 0]],
        [['burst', true, 3, 4000, 0]],
        [['burst', true, 2, 6000, 0]],
        [['burst', true, 1, 8000, 0]],
        [['burst', true, 0, 10000, 0]],
        [['burst', false, 0, 10000, 2000]],
      ]);
      clock.advance(1999);
      expect(summary(await store.check({ key, policies, cost: 1 }))).toEqual([
        ['burst', false, 0, 8001, 1],
      ]);
      clock.advance(1);
      expect(summary(await store.check({ key, policies, cost: 1 }))).toEqual([
        ['burst', true, 0, 10000, 0],
      ]);
      clock.advance(10_000);
      expect(summary(await store.check({ key, policies, cost: 0 }))).toEqual([
        ['burst', true, 5, 0, 0],
      ]);
      await store.close();
    });

    it('honours a burst smaller than the limit', async () => {
      const { clock, store, key } = await setup();
      const policies = [rate('api', 10, 10, 3)]; // T = 1 s, tolerance 3 s
      const admitted: boolean[] = [];
      for (let i = 0; i < 4; i++)
        admitted.push((await store.check({ key, policies, cost: 1 })).allowed);
      expect(admitted).toEqual([true, true, true, false]);
      const refused = await store.check({ key, policies, cost: 1 });
      expect(summary(refused)).toEqual([['api', false, 0, 3000, 1000]]);
      clock.advance(1000);
      expect((await store.check({ key, policies, cost: 1 })).allowed).toBe(true);
      expect((await store.check({ key, policies, cost: 1 })).allowed).toBe(false);
      await store.close();
    });

    it('spends a cost greater than 1 at once, and never admits a cost above the burst', async () => {
      const { store, key } = await setup();
      const policies = [rate('burst', 5, 10)];
      expect(summary(await store.check({ key, policies, cost: 3 }))).toEqual([
        ['burst', true, 2, 6000, 0],
      ]);
      expect(summary(await store.check({ key, policies, cost: 3 }))).toEqual([
        ['burst', false, 2, 6000, 2000],
      ]);
      expect(summary(await store.check({ key, policies, cost: 6 }))).toEqual([
        ['burst', false, 2, 6000, -1],
      ]);
      expect(summary(await store.check({ key, policies, cost: 2 }))).toEqual([
        ['burst', true, 0, 10000, 0],
      ]);
      await store.close();
    });

    it('consumes from every policy or from none', async () => {
      const { clock, store, key } = await setup();
      const policies = [rate('burst', 5, 10), quota('hourly', 3, 60)];
      for (let i = 0; i < 3; i++)
        expect((await store.check({ key, policies, cost: 1 })).allowed).toBe(true);
      const refused = await store.check({ key, policies, cost: 1 });
      expect(refused.allowed).toBe(false);
      // The rate admitted on its own but was not charged: still 2 left, as after 3 checks.
      expect(summary(refused)).toEqual([
        ['burst', true, 2, 6000, 0],
        ['hourly', false, 0, 60000, 60000],
      ]);
      // The other way round: a refusing rate leaves the quota untouched.
      clock.advance(60_000); // new quota window; the rate is idle again
      expect((await store.check({ key, policies, cost: 5 })).allowed).toBe(false); // quota 3 < 5
      expect(summary(await store.check({ key, policies, cost: 0 }))).toEqual([
        ['burst', true, 5, 0, 0],
        ['hourly', true, 3, 60000, 0],
      ]);
      expect((await store.check({ key, policies, cost: 3 })).allowed).toBe(true);
      const next = await store.check({ key, policies, cost: 3 });
      expect(summary(next)).toEqual([
        ['burst', false, 2, 6000, 2000],
        ['hourly', false, 0, 60000, 60000],
      ]);
      expect(next.now).toBe(T0 + 60_000);
      await store.close();
    });

    it('counts quotas in fixed windows aligned to the epoch', async () => {
      const { clock, store, key } = await setup();
      const policies = [quota('minute', 2, 60)];
      clock.set(T0 + 45_000); // 15 s before the window ends
      expect(summary(await store.check({ key, policies, cost: 1 }))).toEqual([
        ['minute', true, 1, 15000, 0],
      ]);
      expect(summary(await store.check({ key, policies, cost: 1 }))).toEqual([
        ['minute', true, 0, 15000, 0],
      ]);
      clock.advance(14_999);
      expect(summary(await store.check({ key, policies, cost: 1 }))).toEqual([
        ['minute', false, 0, 1, 1],
      ]);
      clock.advance(1); // the next window starts
      expect(summary(await store.check({ key, policies, cost: 1 }))).toEqual([
        ['minute', true, 1, 60000, 0],
      ]);
      expect(summary(await store.check({ key, policies, cost: 3 }))).toEqual([
        ['minute', false, 1, 60000, -1],
      ]);
      await store.close();
    });

    it('keeps keys apart, and reset forgets one key', async () => {
      const { store, key } = await setup();
      const other = `${key}:other`;
      const policies = [rate('burst', 1, 10), quota('daily', 5, 86_400)];
      expect((await store.check({ key, policies, cost: 1 })).allowed).toBe(true);
      expect((await store.check({ key, policies, cost: 1 })).allowed).toBe(false);
      expect((await store.check({ key: other, policies, cost: 1 })).allowed).toBe(true);
      await store.reset(key);
      const again = await store.check({ key, policies, cost: 1 });
      expect(again.allowed).toBe(true);
      expect(again.outcomes[1]?.remaining).toBe(4);
      expect((await store.check({ key: other, policies, cost: 1 })).allowed).toBe(false);
      await store.reset(`${key}:never-seen`);
      await store.close();
    });

    it('admits exactly the limit under concurrent checks', async () => {
      const { store, key } = await setup();
      const policies = [rate('burst', 10, 60), quota('daily', 25, 86_400)];
      const results = await Promise.all(
        Array.from({ length: 50 }, () => store.check({ key, policies, cost: 1 })),
      );
      expect(results.filter((r) => r.allowed)).toHaveLength(10);
      const other = `${key}:q`;
      const quotaOnly = [quota('daily', 25, 86_400)];
      const many = await Promise.all(
        Array.from({ length: 40 }, () => store.check({ key: other, policies: quotaOnly, cost: 2 })),
      );
      expect(many.filter((r) => r.allowed)).toHaveLength(12);
      await store.close();
    });

    it('reports outcomes in policy order with the store time', async () => {
      const { store, key } = await setup();
      const policies = [quota('daily', 100, 86_400), rate('burst', 10, 1)];
      const result = await store.check({ key, policies, cost: 1 });
      expect(result.now).toBe(T0);
      expect(result.outcomes.map((o) => [o.name, o.kind, o.limit])).toEqual([
        ['daily', 'quota', 100],
        ['burst', 'rate', 10],
      ]);
      await store.close();
    });
  });
}
