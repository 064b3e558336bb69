import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isApiError } from '../../src/api-error.js';
import { defineCatalog } from '../../src/catalog.js';
import { RateLimitConfigError } from '../../src/rate-limit/errors.js';
import { createRateLimiter } from '../../src/rate-limit/limiter.js';
import { MemoryStore } from '../../src/rate-limit/stores/memory.js';
import type { CheckRequest, CheckResult, RateLimitStore } from '../../src/rate-limit/types.js';

const T0 = 1_800_000_000_000;

/** A store that does what the test says: answer through a MemoryStore, throw, or hang. */
class FakeStore implements RateLimitStore {
  mode: 'ok' | 'throw' | 'reject' | 'hang' = 'ok';
  calls = 0;
  readonly inner = new MemoryStore({ sweepIntervalMs: 0 });
  check(request: CheckRequest): Promise<CheckResult> {
    this.calls++;
    if (this.mode === 'throw') throw new Error('connection refused');
    if (this.mode === 'reject') return Promise.reject(new Error('READONLY'));
    if (this.mode === 'hang') return new Promise(() => {});
    return this.inner.check(request);
  }
  reset(key: string) {
    return this.inner.reset(key);
  }
  close() {
    return this.inner.close();
  }
}

describe('createRateLimiter', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('admits, then refuses with the rate_limited role, Retry-After and headers', async () => {
    const limiter = createRateLimiter({ policies: '"burst";q=2;w=10', headers: 'both' });
    const first = await limiter.check({ key: 'ip:203.0.113.7' });
    expect(first).toMatchObject({ allowed: true, source: 'store' });
    expect(first.error).toBeUndefined();
    expect(first.headers).toEqual({
      'X-RateLimit-Limit': '2',
      'X-RateLimit-Remaining': '1',
      'X-RateLimit-Reset': '1800000005',
      'RateLimit-Policy': '"burst";q=2;w=10',
      RateLimit: '"burst";r=1;t=5',
    });
    await limiter.check({ key: 'ip:203.0.113.7' });
    const refused = await limiter.check({ key: 'ip:203.0.113.7' });
    expect(refused.allowed).toBe(false);
    expect(refused.headers['Retry-After']).toBe('5');
    expect(refused.headers.RateLimit).toBe('"burst";r=0;t=10');
    const error = refused.error;
    expect(isApiError(error, 'rate_limited')).toBe(true);
    expect(error).toMatchObject({
      status: 429,
      retryable: true,
      retryAfter: 5,
      details: { policy: 'burst' },
    });
    expect(error?.headers['X-RateLimit-Remaining']).toBe('0');
    expect(error?.headers['Retry-After']).toBeUndefined(); // the renderer writes it from retryAfter
    vi.advanceTimersByTime(5000);
    expect((await limiter.check({ key: 'ip:203.0.113.7' })).allowed).toBe(true);
    expect((await limiter.check({ key: 'ip:198.51.100.1' })).allowed).toBe(true);
    await limiter.close();
  });

  it('answers a spent quota with quota_exceeded until the window ends', async () => {
    const limiter = createRateLimiter({
      policies: [{ name: 'burst', limit: 10, window: 1 }, '"daily";q=2;w=86400;quota'],
      headers: 'ietf',
    });
    await limiter.check({ key: 'k', cost: 2 });
    const refused = await limiter.check({ key: 'k' });
    const secondsLeft = 86_400 - ((T0 / 1000) % 86_400);
    expect(refused.error).toMatchObject({
      code: 'quota_exceeded',
      status: 429,
      retryable: false,
      retryAfter: secondsLeft,
      details: { policy: 'daily' },
    });
    expect(refused.headers).toEqual({
      'RateLimit-Policy': '"burst";q=10;w=1, "daily";q=2;w=86400',
      RateLimit: `"burst";r=8;t=1, "daily";r=0;t=${secondsLeft}`,
      'Retry-After': String(secondsLeft),
    });
    // A cost no policy can ever admit: refused, without a Retry-After.
    const never = await limiter.check({ key: 'other', cost: 11 });
    expect(never.error?.code).toBe('quota_exceeded');
    expect(never.error?.retryAfter).toBeUndefined();
    expect(never.headers['Retry-After']).toBeUndefined();
    await limiter.close();
  });

  it('uses the catalog codes of the roles', async () => {
    const catalog = defineCatalog({
      errors: { TOO_MANY: { status: 429, title: 'Too many requests' } },
      roles: { rate_limited: 'TOO_MANY' },
    });
    const limiter = createRateLimiter({ policies: '"a";q=1;w=1', catalog, headers: 'none' });
    await limiter.check({ key: 'k' });
    const refused = await limiter.check({ key: 'k' });
    expect(refused.error?.code).toBe('TOO_MANY');
    expect(refused.headers).toEqual({ 'Retry-After': '1' });
    await limiter.close();
  });

  it('gives categories their own policies, sharing a counter by name', async () => {
    const daily = { name: 'daily', kind: 'quota', limit: 3, window: 86_400 } as const;
    const limiter = createRateLimiter({
      policies: ['"burst";q=100;w=60', daily],
      categories: { search: ['"search";q=1;w=10', daily], upload: '"upload";q=5;w=60' },
      headers: 'ietf',
    });
    expect(Object.keys(limiter.categories)).toEqual(['search', 'upload']);
    expect(Object.isFrozen(limiter.policies)).toBe(true);
    expect(Object.isFrozen(limiter.categories.search)).toBe(true);
    expect(limiter.categories.search?.map((p) => p.name)).toEqual(['search', 'daily']);
    const search = await limiter.check({ key: 'k', category: 'search' });
    expect(search.headers.RateLimit).toBe(
      `"search";r=0;t=10, "daily";r=2;t=${86_400 - ((T0 / 1000) % 86_400)}`,
    );
    expect((await limiter.check({ key: 'k', category: 'search' })).error?.code).toBe(
      'rate_limited',
    );
    expect((await limiter.check({ key: 'k', category: 'upload', cost: 5 })).allowed).toBe(true);
    expect((await limiter.check({ key: 'k' })).allowed).toBe(true);
    expect((await limiter.check({ key: 'k' })).allowed).toBe(true);
    const defaults = await limiter.check({ key: 'k' });
    expect(defaults.error?.code).toBe('quota_exceeded'); // search used 1 of the shared 3
    await expect(limiter.check({ key: 'k', category: 'nope' })).rejects.toThrow(
      /unknown rate-limit category/,
    );
    await expect(limiter.check({ key: 'k', category: 'toString' })).rejects.toThrow(
      /unknown rate-limit category/,
    );
    await expect(limiter.check({ key: 'k', cost: -1 })).rejects.toThrow(TypeError);
    await limiter.close();
  });

  it('rejects conflicting or bad configuration at creation', () => {
    expect(() =>
      createRateLimiter({ policies: '"a";q=1;w=1', categories: { x: '"a";q=2;w=1' } }),
    ).toThrow(expect.objectContaining({ code: 'ERR_POLICY_CONFLICT' }));
    expect(() => createRateLimiter({ policies: '"a";q=1;w=1', headers: 'x' as 'ietf' })).toThrow(
      RateLimitConfigError,
    );
    expect(() =>
      createRateLimiter({ policies: '"a";q=1;w=1', onStoreError: 'retry' as 'open' }),
    ).toThrow(RateLimitConfigError);
    expect(() => createRateLimiter({ policies: '"a";q=1;w=1', storeTimeoutMs: 0 })).toThrow(
      RateLimitConfigError,
    );
  });

  it('bounds hostile keys and namespaces them by prefix', async () => {
    const store = new FakeStore();
    const seen: string[] = [];
    const spy = vi.spyOn(store.inner, 'check').mockImplementation(async (r) => {
      seen.push(r.key);
      return { allowed: true, outcomes: [], now: T0 };
    });
    const limiter = createRateLimiter({ policies: '"a";q=1;w=1', store, prefix: 'rl:' });
    await limiter.check({ key: 'x'.repeat(5000) });
    await limiter.check({ key: 'ip:1.2.3.4' });
    expect(seen[0]).toMatch(/^rl:#[0-9a-f]{16}$/);
    expect(seen[1]).toBe('rl:ip:1.2.3.4');
    spy.mockRestore();
    await limiter.close();
  });

  describe('when the store fails', () => {
    const make = (onStoreError: 'open' | 'closed' | 'insurance') => {
      const store = new FakeStore();
      const reported: unknown[] = [];
      const limiter = createRateLimiter({
        policies: '"a";q=2;w=60',
        store,
        onStoreError,
        storeTimeoutMs: 100,
        recoverAfterMs: 1000,
        reportStoreError: (e) => reported.push(e),
      });
      return { store, limiter, reported };
    };

    it('fails open: requests pass without headers', async () => {
      const { store, limiter, reported } = make('open');
      store.mode = 'throw';
      const decision = await limiter.check({ key: 'k' });
      expect(decision).toEqual({ allowed: true, headers: {}, source: 'open' });
      store.mode = 'reject';
      vi.advanceTimersByTime(1000);
      expect((await limiter.check({ key: 'k' })).source).toBe('open');
      // The probe found the store still down: the same outage, not reported again.
      expect(reported).toHaveLength(1);
      store.mode = 'ok';
      vi.advanceTimersByTime(1000);
      expect((await limiter.check({ key: 'k' })).source).toBe('store');
      store.mode = 'throw';
      expect((await limiter.check({ key: 'k' })).source).toBe('open');
      expect(reported).toHaveLength(2); // a new outage after the store came back
    });

    it('fails closed: 503 service_unavailable with Retry-After', async () => {
      const { store, limiter } = make('closed');
      store.mode = 'reject';
      const decision = await limiter.check({ key: 'k' });
      expect(decision.allowed).toBe(false);
      expect(decision.source).toBe('closed');
      expect(decision.headers).toEqual({ 'Retry-After': '1' });
      expect(decision.error).toMatchObject({
        code: 'service_unavailable',
        status: 503,
        retryAfter: 1,
      });
    });

    it('times out a hanging store, then leaves it alone until a probe, then hands back', async () => {
      const { store, limiter, reported } = make('insurance');
      store.mode = 'hang';
      const pending = limiter.check({ key: 'k' });
      // storeTimeoutMs, then the turn in which the limiter decides (after polling for replies;
      // a fake setImmediate scheduled by a timer runs 1 ms later).
      await vi.advanceTimersByTimeAsync(101);
      const first = await pending;
      expect(first).toMatchObject({ allowed: true, source: 'insurance' });
      expect(first.headers['X-RateLimit-Remaining']).toBe('1');
      expect(reported[0]).toMatchObject({ name: 'StoreTimeoutError' });
      // Down: the insurance store answers at once, the store is not called, limits still hold.
      const calls = store.calls;
      expect((await limiter.check({ key: 'k' })).source).toBe('insurance');
      const third = await limiter.check({ key: 'k' });
      expect(third).toMatchObject({ allowed: false, source: 'insurance' });
      expect(third.error?.code).toBe('rate_limited');
      expect(store.calls).toBe(calls);
      // After recoverAfterMs one check probes; while it is in flight the others use insurance.
      vi.advanceTimersByTime(1000);
      const probe = limiter.check({ key: 'k2' });
      expect((await limiter.check({ key: 'k3' })).source).toBe('insurance');
      expect(store.calls).toBe(calls + 1);
      await vi.advanceTimersByTimeAsync(101);
      expect((await probe).source).toBe('insurance');
      // The store is back: the next probe hands back to it.
      store.mode = 'ok';
      vi.advanceTimersByTime(1000);
      expect((await limiter.check({ key: 'k' })).source).toBe('store');
      expect((await limiter.check({ key: 'k' })).source).toBe('store');
      // One outage, one report: the failed probe belonged to it.
      expect(reported).toHaveLength(1);
      await limiter.close();
      expect(vi.getTimerCount()).toBe(0); // no timeout timers left behind, the sweep stopped
    });

    it('survives a store that throws synchronously and a reporter that throws', async () => {
      const store = new FakeStore();
      store.mode = 'throw';
      const limiter = createRateLimiter({
        policies: '"a";q=1;w=1',
        store,
        reportStoreError: () => {
          throw new Error('logger down');
        },
      });
      expect((await limiter.check({ key: 'k' })).source).toBe('insurance');
      await limiter.close();
    });

    it('uses a given insurance store', async () => {
      const insurance = new MemoryStore({ sweepIntervalMs: 0 });
      const store = new FakeStore();
      store.mode = 'reject';
      const limiter = createRateLimiter({
        policies: '"a";q=1;w=1',
        store,
        insurance,
        reportStoreError: () => {},
      });
      await limiter.check({ key: 'k' });
      expect(insurance.size).toBe(1);
      await limiter.close();
      expect(insurance.size).toBe(1); // not the limiter's to close
    });
  });
});
