// The limiter's public types, apart from its code (limiter.ts re-exports them).
import type { ApiError } from '../api-error.js';
import type { Catalog } from '../catalog-types.js';
import type { Ceiling } from './ceiling.js';
import type { HeaderMode } from './headers.js';
import type { PolicyInput } from './policy.js';
import type { CheckResult, Policy, RateLimitStore } from './types.js';

/** Policies as accepted by the limiter: `RateLimit-Policy` strings, objects or defined policies. */
export type PoliciesInput = string | readonly (string | PolicyInput | Policy)[];

/**
 * What happens when the store fails or does not answer within `storeTimeoutMs`:
 * - `open`: requests pass, without rate-limit headers;
 * - `closed`: requests get the `service_unavailable` role (503) with `Retry-After`;
 * - `insurance`: an in-memory store counts instead (per process) until the store is back.
 */
export type StoreFailurePolicy = 'open' | 'closed' | 'insurance';

/** Options of `createRateLimiter`: policies, store, headers and what to do when the store fails. */
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
  /**
   * The catalog whose roles `rate_limited`, `quota_exceeded` and `service_unavailable` answer
   * (switched-off ones through their fallbacks). Their message functions get the refusal's
   * `Retry-After` seconds: `message: (_, { retryAfter }) => \`Try again in ${retryAfter} seconds.\``.
   * A catalog that switched `rate_limited` off cannot limit rates (nor quotas, when
   * `quota_exceeded` is off too): the limiter refuses it.
   * @default the base catalog
   */
  catalog?: Catalog | undefined;
  /**
   * Whether a refusal names the policy that refused it in `details.policy`. Off, refusals carry
   * no details; the `RateLimit` headers (`headers: 'ietf'`) still name policies.
   * @default true
   * @example exposePolicy: false
   */
  exposePolicy?: boolean | undefined;
  /** Which rate-limit headers to produce. @default 'legacy' */
  headers?: HeaderMode | undefined;
  /** Prepended to every key in the store, so several limiters can share one. @default '' */
  prefix?: string | undefined;
  /** Keys longer than this (or with control characters) are hashed. @default 256 */
  maxKeyLength?: number | undefined;
  /** What to do when the store fails. @default 'insurance' */
  onStoreError?: StoreFailurePolicy | undefined;
  /**
   * How long the store may take to answer a check, in ms, before `onStoreError` decides. Counted
   * from the end of the event-loop turn that sent the check, and decided only after reading the
   * replies already received: time this process spends blocked is not held against the store.
   * @default 200
   */
  storeTimeoutMs?: number | undefined;
  /** After a failure, the store is left alone this long (ms) before one check probes it. @default 1000 */
  recoverAfterMs?: number | undefined;
  /** `Retry-After` seconds of the 503 when failing closed. @default 1 */
  closedRetryAfter?: number | undefined;
  /** The store used under `insurance`. @default a new MemoryStore */
  insurance?: RateLimitStore | undefined;
  /**
   * Hears each store outage: the failure that takes the store out of service, not every check
   * that fails or probes while it is out (errors it throws are ignored). @default console.warn
   */
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
  /**
   * A second key with its own policies (the middleware's per-IP ceiling), checked first with the
   * same cost: refused there, `key` is not checked; allowed, the decision covers both and the
   * headers report the tightest of all their policies. Pass the same `policies` array on every
   * check (it is validated once).
   * @example ceiling: { key: 'ip:203.0.113.7', policies: parsePolicies('"api.ip";q=1000;w=60') }
   */
  ceiling?: Ceiling | undefined;
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
  /**
   * `check` without a promise when the store answers synchronously (a `MemoryStore`, the
   * default): the same decision at once, or a throw where `check` would reject. With any other
   * store it returns undefined and checks nothing: use `check`. Optional, so that a limiter of
   * your own need not implement it.
   * @example const decision = limiter.checkSync?.({ key }) ?? (await limiter.check({ key }));
   */
  checkSync?(input: CheckInput): RateLimitDecision | undefined;
  /** Forget a key's state (under this limiter's prefix) in the store. */
  reset(key: string): Promise<void>;
  /** Close the stores the limiter created itself (not one passed in). */
  close(): Promise<void>;
  /** The default policies and each category's. */
  readonly policies: readonly Policy[];
  readonly categories: Readonly<Record<string, readonly Policy[]>>;
}
