import { describe, expect, it } from 'vitest';
import { createRateLimiter, type RateLimiter } from '../../src/rate-limit/index.js';
import type { RateLimitStore } from '../../src/rate-limit/types.js';

/**
 * What each adapter's test app must do: `GET /a` limited by `limiter` with `key` (when given,
 * else the default IP key) and the default policies; `GET /upload` limited by the same limiter
 * with `category: 'upload'` and `cost: 2`. Both answer 200 `{ ok: true }`; errors render in
 * the `problem` format.
 */
export type StartLimited = (setup: {
  limiter: RateLimiter;
  key?: ((header: (name: string) => string | undefined) => string) | undefined;
  /** The `skip` option of `GET /a`, over the request's headers. */
  skip?: ((header: (name: string) => string | undefined) => boolean) | undefined;
}) => Promise<{ url: string; close(): Promise<void> }>;

/** A store that is down: every call rejects. */
const downStore: RateLimitStore = {
  check: () => Promise.reject(new Error('ECONNREFUSED')),
  reset: () => Promise.reject(new Error('ECONNREFUSED')),
  close: () => Promise.resolve(),
};

function limiter(options: Partial<Parameters<typeof createRateLimiter>[0]> = {}) {
  return createRateLimiter({
    policies: '"default";q=2;w=60',
    categories: { upload: '"upload";q=2;w=60' },
    reportStoreError: () => {},
    ...options,
  });
}

/** The rate-limit middleware cases every adapter passes. */
export function rateLimitCases(adapter: string, start: StartLimited): void {
  describe(`${adapter} rate-limit middleware`, () => {
    it('leaves requests that `skip` exempts alone: no check, no headers, nothing spent', async () => {
      const app = await start({
        limiter: limiter(),
        skip: (header) => header('x-internal') === 'yes',
      });
      try {
        for (let i = 0; i < 4; i++) {
          const exempt = await fetch(`${app.url}/a`, { headers: { 'x-internal': 'yes' } });
          expect(exempt.status).toBe(200);
          expect(exempt.headers.get('x-ratelimit-limit')).toBeNull();
        }
        const counted = await fetch(`${app.url}/a`, { headers: { 'x-internal': 'no' } });
        expect(counted.status).toBe(200);
        expect(counted.headers.get('x-ratelimit-remaining')).toBe('1');
      } finally {
        await app.close();
      }
    });

    it('keys by the client IP by default, ignoring X-Forwarded-For, with headers on every response', async () => {
      const app = await start({ limiter: limiter() });
      try {
        const first = await fetch(`${app.url}/a`);
        expect(first.status).toBe(200);
        expect(await first.json()).toEqual({ ok: true });
        expect(first.headers.get('x-ratelimit-limit')).toBe('2');
        expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
        // A forged X-Forwarded-For is no new client.
        const forged = await fetch(`${app.url}/a`, {
          headers: { 'x-forwarded-for': '203.0.113.9' },
        });
        expect(forged.headers.get('x-ratelimit-remaining')).toBe('0');
        const refused = await fetch(`${app.url}/a`, {
          headers: { 'x-forwarded-for': '198.51.100.1', 'x-request-id': 'rl-1' },
        });
        expect(refused.status).toBe(429);
        expect(refused.headers.get('content-type')).toBe('application/problem+json');
        expect(refused.headers.get('x-request-id')).toBe('rl-1');
        expect(refused.headers.get('retry-after')).toMatch(/^(29|30)$/);
        expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
        expect(await refused.json()).toMatchObject({
          status: 429,
          code: 'rate_limited',
          request_id: 'rl-1',
        });
      } finally {
        await app.close();
      }
    });

    it('keys by a function of the request', async () => {
      const app = await start({
        limiter: limiter(),
        key: (header) => `tenant:${header('x-tenant') ?? 'none'}`,
      });
      try {
        const as = (tenant: string) =>
          fetch(`${app.url}/a`, { headers: { 'x-tenant': tenant } }).then((r) => r.status);
        expect([await as('a'), await as('a'), await as('a')]).toEqual([200, 200, 429]);
        expect([await as('b'), await as('b'), await as('b')]).toEqual([200, 200, 429]);
      } finally {
        await app.close();
      }
    });

    it('spends the cost of a category from its own policies', async () => {
      const app = await start({
        limiter: limiter({ headers: 'ietf' }),
        key: (header) => header('x-tenant') ?? 'none',
      });
      try {
        const upload = await fetch(`${app.url}/upload`);
        expect(upload.status).toBe(200);
        expect(upload.headers.get('ratelimit-policy')).toBe('"upload";q=2;w=60');
        expect(upload.headers.get('ratelimit')).toBe('"upload";r=0;t=60');
        const again = await fetch(`${app.url}/upload`);
        expect(again.status).toBe(429);
        expect(again.headers.get('ratelimit')).toBe('"upload";r=0;t=60');
        expect(again.headers.get('retry-after')).toMatch(/^(59|60)$/);
        // The default policies are another counter.
        const other = await fetch(`${app.url}/a`);
        expect(other.status).toBe(200);
        expect(other.headers.get('ratelimit')).toBe('"default";r=1;t=30');
      } finally {
        await app.close();
      }
    });

    it('answers 503 service_unavailable with Retry-After when the store fails closed', async () => {
      const app = await start({ limiter: limiter({ store: downStore, onStoreError: 'closed' }) });
      try {
        const res = await fetch(`${app.url}/a`, { headers: { 'x-request-id': 'down-1' } });
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('1');
        expect(res.headers.get('x-request-id')).toBe('down-1');
        expect(res.headers.get('x-ratelimit-limit')).toBeNull();
        expect(await res.json()).toMatchObject({ status: 503, code: 'service_unavailable' });
      } finally {
        await app.close();
      }
    });

    it('lets requests through without headers when the store fails open', async () => {
      const app = await start({ limiter: limiter({ store: downStore, onStoreError: 'open' }) });
      try {
        const res = await fetch(`${app.url}/a`);
        expect(res.status).toBe(200);
        expect(res.headers.get('x-ratelimit-limit')).toBeNull();
      } finally {
        await app.close();
      }
    });
  });
}
