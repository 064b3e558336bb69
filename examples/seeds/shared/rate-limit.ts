import type { Catalog } from '../../../src/catalog-types.js';
import type { HeaderMode } from '../../../src/rate-limit/headers.js';
import { createRateLimiter } from '../../../src/rate-limit/limiter.js';
import { rateLimit } from '../../../src/rate-limit/node.js';
import { MemoryStore } from '../../../src/rate-limit/stores/memory.js';
import type { NodeRateLimit } from '../../../src/server/node/options.js';
import type { SeedRateLimit } from './env.js';

/** How a seed limits its callers. */
export type SeedRateLimitOptions = {
  /** The seed's catalog: its roles answer the refusals. */
  catalog: Catalog;
  /** The rate-limit headers the seed's API documents. */
  headers: HeaderMode;
  /** Clock in ms since the epoch. @default Date.now */
  now?: (() => number) | undefined;
};

/**
 * The limiter every seed puts in front of all its routes: one policy, `api`, counted per client
 * IP in memory; `undefined` (no limiting) without a limit.
 * @example errata({ rateLimit: seedRateLimit(env.rateLimit, { catalog, headers: 'none' }) })
 */
export function seedRateLimit(
  limit: SeedRateLimit | undefined,
  options: SeedRateLimitOptions,
): NodeRateLimit | undefined {
  if (limit === undefined) return undefined;
  return rateLimit(
    createRateLimiter({
      policies: [{ name: 'api', limit: limit.limit, window: limit.windowSeconds }],
      headers: options.headers,
      catalog: options.catalog,
      store: new MemoryStore({ now: options.now }),
    }),
  );
}
