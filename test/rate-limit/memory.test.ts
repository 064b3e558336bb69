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
