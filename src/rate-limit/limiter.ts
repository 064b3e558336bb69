import type { ApiError } from '../api-error.js';
import { baseCatalog } from '../catalog.js';
import type { Catalog } from '../catalog-types.js';
import { RateLimitConfigError } from './errors.js';
import { type HeaderMode, rateLimitHeaders } from './headers.js';
import { boundKey } from './keys.js';
import { normalizePolicies, type PolicyInput, samePolicy } from './policy.js';
import { MemoryStore } from './stores/memory.js';
import type { CheckResult, Policy, PolicyOutcome, RateLimitStore } from './types.js';

/** Policies as accepted by the limiter: `RateLimit-Policy` strings, objects or defined policies. */
export type PoliciesInput = string | readonly (string | PolicyInput | Policy)[];

/**
 * What happens when the store fails or does not answer within `storeTimeoutMs`:
 * - `open`: requests pass, without rate-limit headers;
 * - `closed`: requests get the `service_unavailable` role (503) with `Retry-After`;
 * - `insurance`: an in-memory store counts instead (per process) until the store is back.
 */
export type StoreFailurePolicy = 'open' | 'closed' | 'insurance';

export type RateLimiterOptions = {
  /** The policies of requests without a category. */
  policies: PoliciesInput;
  /**
   * Route groups with their own policies, chosen by `check({ category })`. A policy name is a
   * counter: reuse a policy (same name, same numbers) in several categories to share it.
   * @example categories: { search: '"search";q=10;w=1', upload: [{ name: 'upload', limit: 5, window: 60 }] }
   */
  categories?: Readonly<Record<string, PoliciesInput>> | undefined;
  /** @default a new MemoryStore */
  store?: RateLimitStore | undefined;
  /** The catalog whose roles `rate_limited`, `quota_exceeded` and `service_unavailable` answer. */
  catalog?: Catalog | undefined;
  /** Which rate-limit headers to produce. @default 'legacy' */
  headers?: HeaderMode | undefined;
  /** Prepended to every key in the store, so several limiters can share one. @default '' */
  prefix?: string | undefined;
  /** Keys longer than this (or with control characters) are hashed. @default 256 */
  maxKeyLength?: number | undefined;
  /** What to do when the store fails. @default 'insurance' */
  onStoreError?: StoreFailurePolicy | undefined;
  /** Longest wait for the store per check, in ms. @default 200 */
  storeTimeoutMs?: number | undefined;
  /** After a failure, the store is left alone this long (ms) before one check probes it. @default 1000 */
  recoverAfterMs?: number | undefined;
  /** `Retry-After` seconds of the 503 when failing closed. @default 1 */
  closedRetryAfter?: number | undefined;
  /** The store used under `insurance`. @default a new MemoryStore */
  insurance?: RateLimitStore | undefined;
  /** Hears every store failure (errors it throws are ignored). @default console.warn */
  reportStoreError?: ((error: unknown) => void) | undefined;
  /** Clock in ms, for the recovery delay. @default Date.now */
  now?: (() => number) | undefined;
};

export type CheckInput = {
  /** The client key (see `createKeyGenerator`). */
  key: string;
  /** A category of `options.categories`; absent for the default policies. */
  category?: string | undefined;
  /** Units to spend. @default 1 */
  cost?: number | undefined;
};

/** Where a decision came from. */
export type DecisionSource = 'store' | 'insurance' | 'open' | 'closed';

export type RateLimitDecision = {
  allowed: boolean;
  /** Headers for the response, whether allowed or not (`Retry-After` too when refused). */
  headers: Record<string, string>;
  /** The error to send when refused (it carries the same headers but `Retry-After`). */
  error?: ApiError;
  /** The store's answer; absent when failing open or closed. */
  result?: CheckResult;
  source: DecisionSource;
};

export interface RateLimiter {
  check(input: CheckInput): Promise<RateLimitDecision>;
  /** Forget a key's state (under this limiter's prefix) in the store. */
  reset(key: string): Promise<void>;
  /** Close the stores the limiter created itself (not one passed in). */
  close(): Promise<void>;
  /** The default policies and each category's. */
  readonly policies: readonly Policy[];
  readonly categories: Readonly<Record<string, readonly Policy[]>>;
}

class StoreTimeoutError extends Error {
  override name = 'StoreTimeoutError';
}

const POLICIES = ['open', 'closed', 'insurance'];

function option(value: number | undefined, fallback: number, what: string, min: number): number {
  const n = value ?? fallback;
  if (!Number.isSafeInteger(n) || n < min) {
    throw new RateLimitConfigError('ERR_OPTION', `${what} must be an integer ≥ ${min}; got ${n}.`);
  }
  return n;
}

/**
 * A framework-free rate limiter: adapters call `check` once per request and send the headers,
 * or the error when refused.
 * @example
 * const limiter = createRateLimiter({ policies: '"burst";q=100;w=60, "daily";q=10000;w=86400;quota' });
 * const { allowed, headers, error } = await limiter.check({ key: 'ip:203.0.113.7' });
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  if (typeof options !== 'object' || options === null) {
    throw new RateLimitConfigError('ERR_OPTION', 'createRateLimiter expects an options object.');
  }
  const defaults = normalizePolicies(options.policies);
  const categories: Record<string, readonly Policy[]> = Object.create(null);
  const byName = new Map<string, Policy>();
  const register = (list: readonly Policy[], where: string) => {
    for (const p of list) {
      const other = byName.get(p.name);
      if (other !== undefined && !samePolicy(other, p)) {
        throw new RateLimitConfigError(
          'ERR_POLICY_CONFLICT',
          `${where}: policy '${p.name}' differs from another policy of that name; a name is one counter, so give different limits different names.`,
        );
      }
      byName.set(p.name, p);
    }
  };
  register(defaults, 'policies');
  for (const [name, input] of Object.entries(options.categories ?? {})) {
    if (name.length === 0)
      throw new RateLimitConfigError('ERR_CATEGORY', 'a category needs a name.');
    const list = normalizePolicies(input);
    register(list, `category '${name}'`);
    categories[name] = Object.freeze(list);
  }
  const mode = options.headers ?? 'legacy';
  if (!['legacy', 'ietf', 'both', 'none'].includes(mode)) {
    throw new RateLimitConfigError(
      'ERR_OPTION',
      `headers must be 'legacy', 'ietf', 'both' or 'none'; got ${String(mode)}.`,
    );
  }
  const failurePolicy = options.onStoreError ?? 'insurance';
  if (!POLICIES.includes(failurePolicy)) {
    throw new RateLimitConfigError(
      'ERR_OPTION',
      `onStoreError must be 'open', 'closed' or 'insurance'; got ${String(failurePolicy)}.`,
    );
  }
  const timeoutMs = option(options.storeTimeoutMs, 200, 'storeTimeoutMs', 1);
  const recoverAfterMs = option(options.recoverAfterMs, 1000, 'recoverAfterMs', 0);
  const closedRetryAfter = option(options.closedRetryAfter, 1, 'closedRetryAfter', 0);
  const maxKeyLength = option(options.maxKeyLength, 256, 'maxKeyLength', 1);
  const prefix = options.prefix ?? '';
  const catalog = options.catalog ?? baseCatalog;
  const report =
    options.reportStoreError ??
    ((error: unknown) => console.warn('errata: rate-limit store failed:', error));
  const now = options.now ?? Date.now;
  const owned: RateLimitStore[] = [];
  const store = options.store ?? new MemoryStore();
  if (options.store === undefined) owned.push(store);
  const memory = store instanceof MemoryStore ? store : undefined;
  let insurance = options.insurance;
  const insuranceStore = (): RateLimitStore => {
    if (insurance === undefined) {
      insurance = new MemoryStore();
      owned.push(insurance);
    }
    return insurance;
  };

  // Circuit state: 0 when the store is trusted; else when the next probe may go.
  let downUntil = 0;
  let probing = false;

  const windowOf = (name: string) => byName.get(name)?.windowMs ?? 0;

  const decide = (result: CheckResult, source: DecisionSource): RateLimitDecision => {
    const headers = rateLimitHeaders(result, windowOf, mode);
    if (result.allowed) return { allowed: true, headers, result, source };
    let refused: PolicyOutcome | undefined;
    let quotaRefused = false;
    let never = false;
    let retryMs = 0;
    for (const o of result.outcomes) {
      if (o.allowed) continue;
      if (o.retryAfterMs < 0) never = true;
      retryMs = Math.max(retryMs, o.retryAfterMs);
      if (refused === undefined || (o.kind === 'quota' && !quotaRefused)) refused = o;
      if (o.kind === 'quota') quotaRefused = true;
    }
    const retryAfter = never ? undefined : Math.max(1, Math.ceil(retryMs / 1000));
    const errorHeaders = { ...headers };
    if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
    const error = catalog.roleError(quotaRefused ? 'quota_exceeded' : 'rate_limited', {
      headers: errorHeaders,
      details: { policy: refused?.name },
      ...(retryAfter === undefined ? {} : { retryAfter }),
    });
    return { allowed: false, headers, error, result, source };
  };

  const fallback = async (request: Parameters<RateLimitStore['check']>[0]) => {
    if (failurePolicy === 'open')
      return { allowed: true, headers: {}, source: 'open' } as RateLimitDecision;
    if (failurePolicy === 'closed') {
      const error = catalog.roleError('service_unavailable', { retryAfter: closedRetryAfter });
      return {
        allowed: false,
        headers: { 'Retry-After': String(closedRetryAfter) },
        error,
        source: 'closed',
      } as RateLimitDecision;
    }
    return decide(await insuranceStore().check(request), 'insurance');
  };

  const withTimeout = (request: Parameters<RateLimitStore['check']>[0]): Promise<CheckResult> =>
    new Promise<CheckResult>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new StoreTimeoutError(`errata: rate-limit store gave no answer in ${timeoutMs} ms.`),
          ),
        timeoutMs,
      );
      (timer as { unref?: () => void }).unref?.();
      let pending: Promise<CheckResult>;
      try {
        pending = store.check(request);
      } catch (error) {
        pending = Promise.reject(error);
      }
      pending.then(
        (result) => {
          clearTimeout(timer);
          resolve(result);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });

  const categoryNames = Object.keys(categories);
  const limiter: RateLimiter = {
    policies: Object.freeze(defaults),
    categories: Object.freeze(categories),
    async check(input) {
      const policies = input.category === undefined ? defaults : categories[input.category];
      if (policies === undefined) {
        throw new TypeError(
          `errata: unknown rate-limit category ${JSON.stringify(input.category)}; known: ${categoryNames.join(', ') || 'none'}.`,
        );
      }
      const cost = input.cost ?? 1;
      if (!Number.isSafeInteger(cost) || cost < 0) {
        throw new TypeError(`errata: rate-limit cost must be a non-negative integer; got ${cost}.`);
      }
      if (typeof input.key !== 'string')
        throw new TypeError('errata: a rate-limit key must be a string.');
      const request = { key: prefix + boundKey(input.key, maxKeyLength), policies, cost };
      // The memory store answers synchronously and cannot hang: no timer, no circuit.
      if (memory !== undefined) return decide(memory.checkSync(request), 'store');
      if (downUntil !== 0 && (probing || now() < downUntil)) return fallback(request);
      const probe = downUntil !== 0;
      if (probe) probing = true;
      try {
        const result = await withTimeout(request);
        downUntil = 0;
        return decide(result, 'store');
      } catch (error) {
        downUntil = Math.max(1, now() + recoverAfterMs);
        try {
          report(error);
        } catch {
          // a broken reporter must not break requests
        }
        return fallback(request);
      } finally {
        if (probe) probing = false;
      }
    },
    reset(key) {
      return store.reset(prefix + boundKey(key, maxKeyLength));
    },
    async close() {
      await Promise.all(owned.map((s) => s.close()));
    },
  };
  return limiter;
}
