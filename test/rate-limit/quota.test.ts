import { describe, expect, it } from 'vitest';
import { quota } from '../../src/rate-limit/quota.js';

const DAY = 86_400_000;
const START = 20_000 * DAY * 1000; // a day boundary, in µs

describe('quota', () => {
  it('counts in epoch-aligned windows and resets at the window end', () => {
    const now = START + 3_600_000_000; // 01:00 UTC
    expect(quota(10, DAY, undefined, now, 4)).toEqual({
      allowed: true,
      state: { start: START, used: 4 },
      expiresUs: START + DAY * 1000,
      remaining: 6,
      resetMs: 23 * 3_600_000,
      retryAfterMs: 0,
    });
    expect(quota(10, DAY, { start: START, used: 8 }, now, 3)).toEqual({
      allowed: false,
      state: { start: START, used: 8 },
      expiresUs: START + DAY * 1000,
      remaining: 2,
      resetMs: 23 * 3_600_000,
      retryAfterMs: 23 * 3_600_000,
    });
  });

  it('starts from zero in a new window, rounds reset up to whole ms, and refuses cost > limit for ever', () => {
    const next = START + DAY * 1000 + 1; // 1 µs into the next day
    expect(quota(10, DAY, { start: START, used: 10 }, next, 10)).toMatchObject({
      allowed: true,
      state: { start: START + DAY * 1000, used: 10 },
      remaining: 0,
      resetMs: DAY,
    });
    expect(quota(10, DAY, undefined, next, 11)).toMatchObject({ allowed: false, retryAfterMs: -1 });
  });
});
