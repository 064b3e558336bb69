import fc from 'fast-check';
import { type Item, serializeList } from 'structured-headers';
import { describe, expect, it } from 'vitest';
import {
  mostRestrictive,
  rateLimitHeaders,
  sfInteger,
  sfList,
  sfString,
} from '../../src/rate-limit/headers.js';
import type { CheckResult, PolicyOutcome } from '../../src/rate-limit/types.js';

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

  it('prints the IETF fields exactly as sfList and the structured-headers package do', () => {
    const int = fc.integer({ min: 0, max: 999_999_999_999 });
    const outcome = fc.record({
      // Printable ASCII, quotes and backslashes included (a custom store may name anything).
      name: fc.string({
        unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
      }),
      limit: fc.integer({ min: 1, max: 999_999_999_999 }),
      remaining: fc.integer({ min: -5, max: 999_999_999_999 }),
      resetMs: int,
      window: int,
    });
    fc.assert(
      fc.property(fc.array(outcome, { minLength: 1, maxLength: 5 }), (list) => {
        const r: CheckResult = {
          allowed: true,
          now: 0,
          outcomes: list.map((o) => ({
            name: o.name,
            kind: 'rate',
            limit: o.limit,
            remaining: o.remaining,
            resetMs: o.resetMs,
            retryAfterMs: 0,
            allowed: true,
          })),
        };
        const windowOfName = (name: string) => list.find((o) => o.name === name)?.window ?? 0;
        const got = rateLimitHeaders(r, windowOfName, 'ietf');
        const secs = (ms: number) => Math.max(0, Math.ceil(ms / 1000));
        const policyParams = r.outcomes.map((o) => ({
          q: o.limit,
          w: secs(windowOfName(o.name)),
        }));
        const limitParams = r.outcomes.map((o) => ({
          r: Math.max(0, o.remaining),
          t: secs(o.resetMs),
        }));
        const bySfList = {
          'RateLimit-Policy': sfList(
            r.outcomes.map((o, i) => ({ value: o.name, params: policyParams[i] ?? {} })),
          ),
          RateLimit: sfList(
            r.outcomes.map((o, i) => ({ value: o.name, params: limitParams[i] ?? {} })),
          ),
        };
        const item = (name: string, params: Record<string, number>): Item => [
          name,
          new Map(Object.entries(params)),
        ];
        const byPackage = {
          'RateLimit-Policy': serializeList(
            r.outcomes.map((o, i) => item(o.name, policyParams[i] ?? {})),
          ),
          RateLimit: serializeList(r.outcomes.map((o, i) => item(o.name, limitParams[i] ?? {}))),
        };
        expect(got).toEqual(bySfList);
        expect(got).toEqual(byPackage);
      }),
    );
    expect(() =>
      rateLimitHeaders(
        { ...result, outcomes: [{ ...(result.outcomes[0] as PolicyOutcome), name: 'é' }] },
        windowOf,
        'ietf',
      ),
    ).toThrow(TypeError);
  });
});
