import { describe, expect, it } from 'vitest';
import {
  mostRestrictive,
  rateLimitHeaders,
  sfInteger,
  sfList,
  sfString,
} from '../../src/rate-limit/headers.js';
import type { CheckResult } from '../../src/rate-limit/types.js';

const result: CheckResult = {
  allowed: true,
  now: 1_800_000_000_500,
  outcomes: [
    {
      name: 'burst',
      kind: 'rate',
      limit: 100,
      remaining: 42,
      resetMs: 16_200,
      retryAfterMs: 0,
      allowed: true,
    },
    {
      name: 'daily',
      kind: 'quota',
      limit: 10_000,
      remaining: 9_000,
      resetMs: 3_600_000,
      retryAfterMs: 0,
      allowed: true,
    },
  ],
};
const windows: Record<string, number> = { burst: 60_000, daily: 86_400_000 };
const windowOf = (name: string) => windows[name] ?? 0;

describe('rate-limit headers', () => {
  it('writes the legacy headers from the most restrictive outcome', () => {
    expect(rateLimitHeaders(result, windowOf, 'legacy')).toEqual({
      'X-RateLimit-Limit': '100',
      'X-RateLimit-Remaining': '42',
      'X-RateLimit-Reset': '1800000017',
    });
  });

  it('writes the IETF structured fields, one item per policy', () => {
    expect(rateLimitHeaders(result, windowOf, 'ietf')).toEqual({
      'RateLimit-Policy': '"burst";q=100;w=60, "daily";q=10000;w=86400',
      RateLimit: '"burst";r=42;t=17, "daily";r=9000;t=3600',
    });
    expect(Object.keys(rateLimitHeaders(result, windowOf, 'both'))).toEqual([
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
      'RateLimit-Policy',
      'RateLimit',
    ]);
    expect(rateLimitHeaders(result, windowOf, 'none')).toEqual({});
  });

  it('picks a refusing outcome first, then the fewest remaining, then the longest reset', () => {
    const [burst, daily] = result.outcomes as [
      CheckResult['outcomes'][0],
      CheckResult['outcomes'][0],
    ];
    expect(mostRestrictive([burst, { ...daily, allowed: false, remaining: 50 }])?.name).toBe(
      'daily',
    );
    expect(mostRestrictive([burst, { ...daily, remaining: 42 }])?.name).toBe('daily');
    expect(mostRestrictive([])).toBeUndefined();
  });

  it('serializes RFC 8941 strings and integers', () => {
    expect(sfString('a "b" \\c')).toBe('"a \\"b\\" \\\\c"');
    expect(() => sfString('é')).toThrow(TypeError);
    expect(() => sfString('a\nb')).toThrow(TypeError);
    expect(sfInteger(-999_999_999_999_999)).toBe('-999999999999999');
    expect(() => sfInteger(1e15)).toThrow(TypeError);
    expect(() => sfInteger(1.5)).toThrow(TypeError);
    expect(sfList([{ value: 'x', params: { a: 1, b: true, c: false } }])).toBe('"x";a=1;b;c=?0');
    expect(() => sfList([{ value: 'x', params: { A: 1 } }])).toThrow(TypeError);
  });
});
