// MemoryStore.checkKey (the limiter's path, with a fast path for one rate policy) against
// evaluate(), the pure reference every store mirrors, over random sequences of checks that mix
// one-policy and several-policy checks on the same keys (the fast path must hand over to the
// general one and back without losing state).
import { describe, expect, it } from 'vitest';
import { evaluate, type PolicyState } from '../../src/rate-limit/evaluate.js';
import { definePolicy } from '../../src/rate-limit/policy.js';
import { MemoryStore } from '../../src/rate-limit/stores/memory.js';
import type { Policy } from '../../src/rate-limit/types.js';

const burst = definePolicy({ name: 'burst', limit: 3, window: 2 });
const slow = definePolicy({ name: 'slow', limit: 5, window: 60, burst: 2 });
const daily = definePolicy({ name: 'daily', kind: 'quota', limit: 7, window: 10 });
const sets: Policy[][] = [[burst], [slow], [burst, daily], [daily], [daily, burst, slow]];

/** A small deterministic generator, so that a failure replays. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0;
    return s / 2 ** 32;
  };
}

describe('MemoryStore.checkKey', () => {
  it.each([1, 2, 3])('decides as evaluate() over a random sequence (seed %i)', async (seed) => {
    const next = random(seed);
    let now = 1_800_000_000_000;
    const store = new MemoryStore({ now: () => now, sweepIntervalMs: 0 });
    const states = new Map<string, PolicyState>();
    for (let i = 0; i < 3000; i++) {
      now += Math.floor(next() * 400);
      const key = `k${Math.floor(next() * 3)}`;
      const policies = sets[Math.floor(next() * sets.length)] as Policy[];
      const cost = Math.floor(next() * 3);
      const before = policies.map((p) => states.get(`${key}/${p.name}`));
      const want = evaluate(policies, before, now * 1000, cost);
      const got =
        next() < 0.5
          ? store.checkKey(key, policies, cost)
          : store.checkSync({ key, policies, cost });
      expect(got.allowed).toBe(want.allowed);
      expect(got.outcomes).toEqual(want.outcomes);
      expect(got.now).toBe(now);
      for (const [j, state] of (want.next ?? []).entries()) {
        states.set(`${key}/${(policies[j] as Policy).name}`, state);
      }
    }
    await store.close();
  });
});
