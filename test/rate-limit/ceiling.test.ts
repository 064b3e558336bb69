import { describe, expect, it } from 'vitest';
import {
  ceilingName,
  ceilingPolicies,
  createIpKeyGenerator,
  createRateLimiter,
  MemoryStore,
  parsePolicies,
  RateLimitConfigError,
} from '../../src/rate-limit/index.js';
import { rateLimit } from '../../src/rate-limit/node.js';

describe('ceilingPolicies', () => {
  it('makes each policy ten times looser under `<name>.ip`, windows and kinds kept', () => {
    const derived = ceilingPolicies(
      parsePolicies('"api";q=100;w=60;burst=20, "daily";q=1000;w=86400;quota'),
    );
    expect(derived).toEqual([
      { name: 'api.ip', kind: 'rate', limit: 1000, windowMs: 60_000, burst: 200 },
      { name: 'daily.ip', kind: 'quota', limit: 10_000, windowMs: 86_400_000 },
    ]);
  });

  it('keeps names valid and limits within bounds', () => {
    const long = 'n'.repeat(64);
    expect(ceilingName(long)).toHaveLength(64);
    const [p] = ceilingPolicies([{ name: long, kind: 'rate', limit: 900_000_000, windowMs: 1000 }]);
    expect(p).toMatchObject({ name: `${'n'.repeat(61)}.ip`, limit: 1_000_000_000 });
  });
});

describe('createIpKeyGenerator', () => {
  it('keys on the client address only, trust-proxy aware and IPv6 grouped', () => {
    const key = createIpKeyGenerator({ trustProxy: 1 });
    const headers = { 'x-forwarded-for': '2001:db8:1:2::7', 'x-api-key': 'k' };
    expect(key({ remoteAddress: '127.0.0.1', headers })).toBe('ip:2001:db8:1::/56');
    expect(createIpKeyGenerator()({ remoteAddress: '127.0.0.1', headers })).toBe('ip:127.0.0.1');
    expect(createIpKeyGenerator()({ remoteAddress: undefined, headers: {} })).toBe('ip:unknown');
  });
});

describe('limiter.check with a ceiling', () => {
  const policies = parsePolicies('"ip";q=2;w=60');

  it('checks the ceiling first: refused there, the identity is neither counted nor created', async () => {
    const store = new MemoryStore();
    const limiter = createRateLimiter({ policies: '"api";q=5;w=60', store, headers: 'ietf' });
    const ceiling = { key: 'ip:198.51.100.1', policies };
    const first = await limiter.check({ key: 'id:a', ceiling });
    expect(first.allowed).toBe(true);
    expect(first.headers.RateLimit).toBe('"api";r=4;t=12, "ip";r=1;t=30');
    expect(first.headers['RateLimit-Policy']).toBe('"api";q=5;w=60, "ip";q=2;w=60');
    expect((await limiter.check({ key: 'id:b', ceiling })).allowed).toBe(true);
    const refused = await limiter.check({ key: 'id:c', ceiling });
    expect(refused.allowed).toBe(false);
    expect(refused.error?.details).toEqual({ policy: 'ip' });
    expect(refused.headers.RateLimit).toBe('"ip";r=0;t=60');
    // `id:c` was never counted: alone, it has its whole budget.
    const alone = await limiter.check({ key: 'id:c' });
    expect(alone.headers.RateLimit).toBe('"api";r=4;t=12');
    await limiter.close();
  });

  it('refuses on the identity with the ceiling reported beside it', async () => {
    const limiter = createRateLimiter({ policies: '"api";q=1;w=60' });
    const ceiling = { key: 'ip:198.51.100.1', policies };
    expect((await limiter.check({ key: 'id:a', ceiling })).allowed).toBe(true);
    const refused = await limiter.check({ key: 'id:a', ceiling });
    expect(refused.allowed).toBe(false);
    expect(refused.error?.details).toEqual({ policy: 'api' });
    expect(refused.result?.outcomes.map((o) => o.name)).toEqual(['api', 'ip']);
    await limiter.close();
  });

  it('refuses a ceiling policy that is another counter of the limiter', async () => {
    const limiter = createRateLimiter({ policies: '"api";q=1;w=60' });
    const clash = parsePolicies('"api";q=9;w=60');
    await expect(
      limiter.check({ key: 'id:a', ceiling: { key: 'ip:x', policies: clash } }),
    ).rejects.toThrow(RateLimitConfigError);
    await limiter.close();
  });
});

describe('the ipCeiling option', () => {
  const limiter = createRateLimiter({
    policies: '"api";q=1;w=60',
    categories: { upload: '"upload";q=1;w=60' },
  });
  const by = () => 'k';

  it('is checked at start-up', () => {
    expect(() => rateLimit(limiter, { by, ipCeiling: '"api";q=9;w=60' })).toThrow(
      /ipCeiling: policy 'api' differs/,
    );
    expect(() => rateLimit(limiter, { by, ipCeiling: '"x";q=0;w=60' })).toThrow(
      RateLimitConfigError,
    );
    expect(() => rateLimit(limiter, { by, ipCeiling: 42 as never })).toThrow(
      /ipCeiling\b.*policies or false/,
    );
    expect(() => rateLimit(limiter, { by, ipCeiling: false })).not.toThrow();
    expect(() => rateLimit(limiter, { by, ipCeiling: '"api";q=1;w=60' })).not.toThrow();
  });
});
