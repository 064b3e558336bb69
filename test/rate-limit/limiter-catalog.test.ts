import { describe, expect, it } from 'vitest';
import { defineCatalog } from '../../src/catalog.js';
import type { Catalog } from '../../src/catalog-types.js';
import {
  createRateLimiter,
  MemoryStore,
  RateLimitConfigError,
} from '../../src/rate-limit/index.js';
import { rateLimit } from '../../src/rate-limit/node.js';
import { errata } from '../../src/server/node/index.js';
import { startServer } from '../helpers/server.js';

// What the limiter takes from the app's catalog: the message of its refusals (which may state
// the delay), the roles it needs, and whether refusals name their policy.

/** Seed 003: UPPER_SNAKE codes, the `success` envelope, a 429 that says how long to wait. */
const seed003 = defineCatalog({
  baseCodes: 'UPPER_SNAKE',
  format: 'success',
  errors: {
    RATE_LIMITED: {
      status: 429,
      title: 'Too many requests',
      message: (_, { retryAfter }) => `Rate limit exceeded. Try again in ${retryAfter} seconds.`,
    },
  },
});

async function limitedServer(
  limiter: ReturnType<typeof createRateLimiter>,
  catalog: Catalog = seed003,
) {
  const app = errata({ catalog, rateLimit: rateLimit(limiter, { key: () => 'one-client' }) });
  app.route('/v1/tickets', { GET: () => ({ body: { ok: true } }) });
  return startServer(app);
}

describe('the limiter and the catalog', () => {
  it("hands the refusal's Retry-After seconds to the message (seed 003)", async () => {
    // A fixed clock: the refusal comes exactly 42 s before the next admission.
    const store = new MemoryStore({ now: () => 1_765_000_000_000 });
    const limiter = createRateLimiter({
      policies: '"burst";q=1;w=42',
      catalog: seed003,
      exposePolicy: false,
      store,
    });
    const server = await limitedServer(limiter);
    try {
      expect((await fetch(`${server.url}/v1/tickets`)).status).toBe(200);
      const res = await fetch(`${server.url}/v1/tickets`);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('42');
      const body = (await res.json()) as { success: boolean; error: Record<string, unknown> };
      expect(body.success).toBe(false);
      expect(body.error).toEqual({
        code: 'RATE_LIMITED',
        message: 'Rate limit exceeded. Try again in 42 seconds.',
        retryAfter: 42,
      });
    } finally {
      await server.close();
      await limiter.close();
      await store.close();
    }
  });

  it('names the refusing policy in details.policy unless exposePolicy is false', async () => {
    const catalog = defineCatalog({ errors: {}, format: 'envelope' });
    const bodies: unknown[] = [];
    for (const exposePolicy of [undefined, false]) {
      const limiter = createRateLimiter({ policies: '"burst";q=1;w=60', catalog, exposePolicy });
      const server = await limitedServer(limiter, catalog);
      try {
        await fetch(`${server.url}/v1/tickets`);
        const res = await fetch(`${server.url}/v1/tickets`);
        expect(res.status).toBe(429);
        bodies.push(((await res.json()) as { error: unknown }).error);
      } finally {
        await server.close();
        await limiter.close();
      }
    }
    expect(bodies[0]).toMatchObject({ code: 'rate_limited', details: { policy: 'burst' } });
    expect(bodies[1]).toMatchObject({ code: 'rate_limited' });
    expect(bodies[1]).not.toHaveProperty('details');
  });

  it('answers a quota refusal with rate_limited when quota_exceeded is switched off', async () => {
    const catalog = defineCatalog({ errors: {}, roles: { quota_exceeded: false } });
    const limiter = createRateLimiter({ policies: '"daily";q=1;w=86400;quota', catalog });
    await limiter.check({ key: 'k' });
    const refused = await limiter.check({ key: 'k' });
    expect(refused.allowed).toBe(false);
    expect(refused.error).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(refused.error?.headers).toMatchObject({ 'X-RateLimit-Limit': '1' });
    expect(refused.error?.details).toEqual({ policy: 'daily' });
    await limiter.close();
  });

  it('refuses a catalog that cannot answer its refusals', () => {
    const noRate = defineCatalog({ errors: {}, roles: { rate_limited: false } });
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(RateLimitConfigError);
        return (error as RateLimitConfigError).code;
      }
      return undefined;
    };
    expect(code(() => createRateLimiter({ policies: '"p";q=1;w=60', catalog: noRate }))).toBe(
      'ERR_CATALOG_ROLE',
    );
    // A quota-only limiter needs quota_exceeded only.
    expect(
      code(() => createRateLimiter({ policies: '"d";q=1;w=60;quota', catalog: noRate })),
    ).toBeUndefined();
    const neither = defineCatalog({
      errors: {},
      roles: { rate_limited: false, quota_exceeded: false },
    });
    expect(
      code(() =>
        createRateLimiter({
          policies: '"p";q=1;w=60',
          categories: { day: '"d";q=1;w=60;quota' },
          catalog: defineCatalog({ errors: {}, roles: { quota_exceeded: false } }),
        }),
      ),
    ).toBeUndefined();
    expect(
      code(() => createRateLimiter({ policies: '"d";q=1;w=60;quota', catalog: neither })),
    ).toBe('ERR_CATALOG_ROLE');
    expect(
      code(() =>
        createRateLimiter({ policies: '"p";q=1;w=60', exposePolicy: 'no' as unknown as boolean }),
      ),
    ).toBe('ERR_OPTION');
  });
});
