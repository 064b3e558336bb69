import { describe, expect, it } from 'vitest';
import { gcra, gcraParams } from '../../src/rate-limit/gcra.js';
import { definePolicy } from '../../src/rate-limit/policy.js';

const NOW = 1_800_000_000_000_000; // µs

describe('gcraParams', () => {
  it('derives the emission interval and tolerance in whole µs', () => {
    expect(gcraParams(definePolicy({ name: 'a', limit: 100, window: 60 }))).toEqual({
      intervalUs: 600_000,
      toleranceUs: 60_000_000,
      burst: 100,
    });
    // 1000 ms / 3 rounds up: never more than 3 per second.
    expect(gcraParams(definePolicy({ name: 'b', limit: 3, windowMs: 1000, burst: 2 }))).toEqual({
      intervalUs: 333_334,
      toleranceUs: 666_668,
      burst: 2,
    });
    // At least 1 µs per unit.
    expect(gcraParams(definePolicy({ name: 'c', limit: 5000, windowMs: 1 })).intervalUs).toBe(1);
  });
});

describe('gcra', () => {
  const p = gcraParams(definePolicy({ name: 'a', limit: 3, windowMs: 1000 }));

  it('admits from idle and moves the TAT by cost · T', () => {
    expect(gcra(p, undefined, NOW, 1)).toEqual({
      allowed: true,
      tat: NOW + 333_334,
      remaining: 2,
      resetMs: 334,
      retryAfterMs: 0,
    });
    // A TAT in the past counts as idle.
    expect(gcra(p, NOW - 5, NOW, 2)).toEqual({
      allowed: true,
      tat: NOW + 666_668,
      remaining: 1,
      resetMs: 667,
      retryAfterMs: 0,
    });
  });

  it('admits exactly the burst at one instant, with exact remaining counts', () => {
    let tat: number | undefined;
    const remaining: number[] = [];
    for (let i = 0; i < 3; i++) {
      const d = gcra(p, tat, NOW, 1);
      expect(d.allowed).toBe(true);
      remaining.push(d.remaining);
      tat = d.tat;
    }
    expect(remaining).toEqual([2, 1, 0]);
    expect(gcra(p, tat, NOW, 1)).toEqual({
      allowed: false,
      tat: NOW + 1_000_002,
      remaining: 0,
      resetMs: 1001,
      retryAfterMs: 334,
    });
    expect(gcra(p, tat, NOW + 333_334, 1).allowed).toBe(true);
    expect(gcra(p, tat, NOW + 333_333, 1).allowed).toBe(false);
  });

  it('refuses a cost above the burst for ever (-1) and treats cost 0 as a read', () => {
    expect(gcra(p, undefined, NOW, 4)).toMatchObject({
      allowed: false,
      retryAfterMs: -1,
      remaining: 3,
    });
    expect(gcra(p, NOW + 500_000, NOW, 0)).toEqual({
      allowed: true,
      tat: NOW + 500_000,
      remaining: 1,
      resetMs: 500,
      retryAfterMs: 0,
    });
  });
});
