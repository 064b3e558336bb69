// The store contract of errata/rate-limit. Every store (memory now, Redis later) implements
// `RateLimitStore` and passes the one shared contract suite (test/rate-limit/store-contract.ts).
// The decision arithmetic lives in `gcra.ts` and `quota.ts` as pure functions, so a store only
// loads state, calls them (or mirrors them, as a Lua script must) and saves the new state.

/**
 * One named limit.
 * - `rate`: GCRA, `limit` units per `windowMs` with a burst allowance of `burst` units
 *   (default `limit`). See `gcra.ts` for the exact arithmetic.
 * - `quota`: a hard cap of `limit` units per fixed, epoch-aligned window of `windowMs`
 *   (a daily quota resets at 00:00 UTC). See `quota.ts`.
 *
 * The name is the identity of the counter in a store: two policies with the same name and the
 * same client key share state (that is how several categories share one daily quota).
 */
export type Policy = {
  /** `[A-Za-z0-9][A-Za-z0-9_.-]{0,63}`; sent in the `RateLimit` headers. */
  readonly name: string;
  readonly kind: 'rate' | 'quota';
  /** Units per window: a positive safe integer. */
  readonly limit: number;
  /** Window length in whole milliseconds (1 ms to 366 days). */
  readonly windowMs: number;
  /** `rate` only: units that may be spent at once from an idle state. @default limit */
  readonly burst?: number;
};

/** One check: spend `cost` units of every policy for `key`, or of none. */
export type CheckRequest = {
  /** The client key, already bounded by the limiter (at most 512 characters, no controls). */
  readonly key: string;
  /** Distinct names; validated by `definePolicy`/`parsePolicies`. */
  readonly policies: readonly Policy[];
  /** A non-negative safe integer. 0 only reports the state (it never consumes nor refuses). */
  readonly cost: number;
};

/** What one policy decided. All durations are whole milliseconds. */
export type PolicyOutcome = {
  readonly name: string;
  readonly kind: 'rate' | 'quota';
  readonly limit: number;
  /** Units still available after this check (not consumed when the check was refused). */
  readonly remaining: number;
  /** Until the policy is back to full capacity (rate) or its window ends (quota). */
  readonly resetMs: number;
  /** 0 when allowed; until the same cost would be admitted; -1 if it never can (cost > capacity). */
  readonly retryAfterMs: number;
  /** Whether this policy alone would admit the cost. */
  readonly allowed: boolean;
};

/** The result of one check: `allowed` iff every outcome is allowed. */
export type CheckResult = {
  readonly allowed: boolean;
  /** In the order of `request.policies`. */
  readonly outcomes: PolicyOutcome[];
  /** The store's clock at the decision, in milliseconds since the epoch. */
  readonly now: number;
};

/**
 * A rate-limit store. `check` is atomic per key: concurrent checks (from one process or, for a
 * shared store, many) never admit more than the policies allow, and a check consumes its cost
 * from every policy or from none.
 */
export interface RateLimitStore {
  check(request: CheckRequest): Promise<CheckResult>;
  /** Forget every policy's state for one key. */
  reset(key: string): Promise<void>;
  /** Release timers and connections. Checks after close reject. */
  close(): Promise<void>;
}
