import { describe, expect, it } from 'vitest';
import { RateLimitConfigError } from '../../src/rate-limit/errors.js';
import {
  definePolicy,
  normalizePolicies,
  parsePolicies,
  parsePolicy,
} from '../../src/rate-limit/policy.js';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RateLimitConfigError);
    return (error as RateLimitConfigError).code;
  }
  throw new Error('did not throw');
};

describe('policies', () => {
  it('parses RateLimit-Policy style strings', () => {
    expect(parsePolicies('"burst";q=100;w=60, "daily";q=10000;w=86400;quota')).toEqual([
      { name: 'burst', kind: 'rate', limit: 100, windowMs: 60_000 },
      { name: 'daily', kind: 'quota', limit: 10_000, windowMs: 86_400_000 },
    ]);
    expect(parsePolicy(' "api" ; q=10 ; w=1 ; burst=20 ')).toEqual({
      name: 'api',
      kind: 'rate',
      limit: 10,
      windowMs: 1000,
      burst: 20,
    });
  });

  it('defines policies from objects, frozen', () => {
    const p = definePolicy({ name: 'daily', kind: 'quota', limit: 5, windowMs: 86_400_000 });
    expect(p).toEqual({ name: 'daily', kind: 'quota', limit: 5, windowMs: 86_400_000 });
    expect(Object.isFrozen(p)).toBe(true);
    expect(normalizePolicies(['"a";q=1;w=1', { name: 'b', limit: 2, window: 2 }])).toHaveLength(2);
  });

  it('fails with stable codes', () => {
    expect(codeOf(() => parsePolicies('burst;q=1;w=1'))).toBe('ERR_POLICY_SYNTAX');
    expect(codeOf(() => parsePolicies('"a";q=1;w=1,'))).toBe('ERR_POLICY_SYNTAX');
    expect(codeOf(() => parsePolicies('"a;q=1;w=1'))).toBe('ERR_POLICY_SYNTAX');
    expect(codeOf(() => parsePolicies('"a";q=1;w=1;x=2'))).toBe('ERR_POLICY_SYNTAX');
    expect(codeOf(() => parsePolicies('"a";q=1;q=2;w=1'))).toBe('ERR_POLICY_SYNTAX');
    expect(codeOf(() => parsePolicies('"a";w=1'))).toBe('ERR_POLICY_LIMIT');
    expect(codeOf(() => parsePolicies('"a";q=0;w=1'))).toBe('ERR_POLICY_LIMIT');
    expect(codeOf(() => parsePolicies('"a";q=1'))).toBe('ERR_POLICY_WINDOW');
    expect(codeOf(() => parsePolicies('"a";q=1;w=0'))).toBe('ERR_POLICY_WINDOW');
    expect(codeOf(() => parsePolicies('"a b";q=1;w=1'))).toBe('ERR_POLICY_NAME');
    expect(codeOf(() => parsePolicies('"a";q=1;w=1;quota;burst=2'))).toBe('ERR_POLICY_BURST');
    expect(codeOf(() => parsePolicies('"a";q=1;w=1;quota=1'))).toBe('ERR_POLICY_KIND');
    expect(codeOf(() => parsePolicies('"a";q=1;w=1, "a";q=2;w=1'))).toBe('ERR_POLICY_DUPLICATE');
    expect(codeOf(() => definePolicy({ name: 'a', limit: 1.5, window: 1 }))).toBe(
      'ERR_POLICY_LIMIT',
    );
    expect(codeOf(() => definePolicy({ name: 'a', limit: 1, window: 1, windowMs: 1000 }))).toBe(
      'ERR_POLICY_WINDOW',
    );
    expect(codeOf(() => definePolicy({ name: 'a', limit: 1, window: 0.0001 }))).toBe(
      'ERR_POLICY_WINDOW',
    );
    expect(codeOf(() => definePolicy({ name: 'a', limit: 1, window: 400 * 86_400 }))).toBe(
      'ERR_POLICY_WINDOW',
    );
    expect(
      codeOf(() => definePolicy({ name: 'a', kind: 'bad' as 'rate', limit: 1, window: 1 })),
    ).toBe('ERR_POLICY_KIND');
    expect(
      codeOf(() => definePolicy({ name: 'a', limit: 1, window: 86_400 * 365, burst: 1_000_000 })),
    ).toBe('ERR_POLICY_BURST');
    expect(codeOf(() => normalizePolicies([]))).toBe('ERR_POLICY_EMPTY');
  });
});
