import { afterEach, describe, expect, it, vi } from 'vitest';
import { definePolicy } from '../../src/rate-limit/policy.js';
import { MemoryStore } from '../../src/rate-limit/stores/memory.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('MemoryStore', (clock) => new MemoryStore({ now: clock.now }));

const burst = definePolicy({ name: 'burst', limit: 2, window: 10 });
const daily = definePolicy({ name: 'daily', kind: 'quota', limit: 100, window: 86_400 });

describe('MemoryStore bounds', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('holds at most maxKeys keys under a flood of distinct keys', async () => {
    const store = new MemoryStore({ maxKeys: 10_000, now: () => 1_800_000_000_000 });
    let max = 0;
    for (let i = 0; i < 200_000; i++) {
      store.checkSync({ key: `k${i}`, policies: [burst, daily], cost: 1 });
      if (store.size > max) max = store.size;
    }
    expect(max).toBe(10_000);
    expect(store.size).toBe(10_000);
    await store.close();
  });

  it('evicts the least recently used key (recency kept to the second)', async () => {
    let now = 1_800_000_000_000;
    const store = new MemoryStore({ maxKeys: 2, now: () => now });
    const policies = [burst];
    await store.check({ key: 'a', policies, cost: 2 });
    await store.check({ key: 'b', policies, cost: 2 });
    now += 1000; // recency moves at most once a second per key (a hot key must not churn the Map)
    await store.check({ key: 'a', policies, cost: 0 }); // touch a: b is now the stalest
    await store.check({ key: 'c', policies, cost: 1 });
    expect(store.size).toBe(2);
    expect((await store.check({ key: 'a', policies, cost: 1 })).allowed).toBe(false); // kept
    expect((await store.check({ key: 'b', policies, cost: 1 })).allowed).toBe(true); // evicted
    await store.close();
  });

  it('drops expired state lazily and in an unref-ed periodic sweep', async () => {
    vi.useFakeTimers({ now: 1_800_000_000_000 });
    const store = new MemoryStore({ sweepIntervalMs: 1000 });
    await store.check({ key: 'short', policies: [burst], cost: 1 }); // expires after 5 s
    await store.check({ key: 'long', policies: [daily], cost: 1 }); // expires at the day's end
    expect(store.size).toBe(2);
    vi.advanceTimersByTime(4000);
    expect(store.size).toBe(2);
    vi.advanceTimersByTime(1000);
    expect(store.size).toBe(1);
    expect(store.sweep()).toBe(0);
    // Lazily: an expired key reads as idle even before a sweep.
    const lazy = new MemoryStore({ sweepIntervalMs: 0 });
    await lazy.check({ key: 'x', policies: [burst], cost: 2 });
    vi.advanceTimersByTime(10_000);
    expect(
      (await lazy.check({ key: 'x', policies: [burst], cost: 0 })).outcomes[0]?.remaining,
    ).toBe(2);
    await store.close();
    await lazy.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('sets no timer until it holds a key (a Worker may not set one at global scope)', async () => {
    vi.useFakeTimers({ now: 1_800_000_000_000 });
    const store = new MemoryStore({ sweepIntervalMs: 1000 });
    expect(vi.getTimerCount()).toBe(0);
    await store.check({ key: 'k', policies: [burst], cost: 1 });
    expect(vi.getTimerCount()).toBe(1);
    await store.check({ key: 'k2', policies: [burst], cost: 1 });
    expect(vi.getTimerCount()).toBe(1);
    await store.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("reuses an expired key's slot, which then counts as recently used", async () => {
    let now = 1_800_000_000_000;
    const store = new MemoryStore({ maxKeys: 2, sweepIntervalMs: 0, now: () => now });
    const policies = [burst];
    await store.check({ key: 'a', policies, cost: 2 });
    await store.check({ key: 'b', policies, cost: 2 });
    now += 20_000; // both expired, neither swept
    const again = await store.check({ key: 'a', policies, cost: 1 });
    expect(again.outcomes[0]).toMatchObject({ allowed: true, remaining: 1 }); // read as idle
    expect(store.size).toBe(2);
    await store.check({ key: 'c', policies, cost: 1 }); // evicts b, the stalest
    expect(store.size).toBe(2);
    expect((await store.check({ key: 'a', policies, cost: 0 })).outcomes[0]?.remaining).toBe(1);
    expect((await store.check({ key: 'b', policies, cost: 0 })).outcomes[0]?.remaining).toBe(2);
    await store.close();
  });

  it('stays exact to the microsecond far from the present', async () => {
    // Entries keep times as small integers around an epoch (2023); far from it they still count.
    const policies = [definePolicy({ name: 'p', limit: 3, windowMs: 1000 })]; // T = 333,334 µs
    for (const start of [0, 1_800_000_000_000.5, 7_000_000_000_000]) {
      let now = start;
      const store = new MemoryStore({ sweepIntervalMs: 0, now: () => now });
      const seen: unknown[] = [];
      for (let i = 0; i < 4; i++) {
        const o = (await store.check({ key: 'k', policies, cost: 1 })).outcomes[0];
        seen.push([o?.allowed, o?.remaining, o?.retryAfterMs]);
      }
      now += 333.333;
      seen.push((await store.check({ key: 'k', policies, cost: 1 })).allowed);
      now += 0.001;
      seen.push((await store.check({ key: 'k', policies, cost: 1 })).allowed);
      expect(seen).toEqual([
        [true, 2, 0],
        [true, 1, 0],
        [true, 0, 0],
        [false, 0, 334],
        false,
        true,
      ]);
      await store.close();
    }
  });

  it('does not keep the process alive and rejects checks after close', async () => {
    const store = new MemoryStore();
    await store.close();
    await expect(store.check({ key: 'a', policies: [burst], cost: 1 })).rejects.toThrow(/closed/);
  });

  it('refuses bad options', () => {
    expect(() => new MemoryStore({ maxKeys: 0 })).toThrow(TypeError);
    expect(() => new MemoryStore({ sweepIntervalMs: -1 })).toThrow(TypeError);
  });
});
