import type { ApiError } from '../api-error.js';
import { RetryBudget, type RetryReason } from './budget.js';

/** What `onRetry` hears before each retry's wait. */
export type RetryEvent = {
  /** The attempt about to be made: 2 for the first retry. */
  attempt: number;
  /** How long the client waits before it, in ms (jitter, or `Retry-After` when longer). */
  delayMs: number;
  /** A retryable status, or the kind of network failure. */
  reason: RetryReason;
  /** The failure being retried. */
  error: ApiError;
  /** Upper-case request method. */
  method: string;
  /** The full request URL. */
  url: string;
};

/** How a client retries. Every field is optional; a per-request `retry` overrides the client's. */
export type RetryOptions = {
  /**
   * Total attempts, the first included (1 disables retries).
   * @default 3
   */
  attempts?: number | undefined;
  /**
   * Response statuses worth retrying. A catalog entry whose `retryable` differs from its
   * status's default decides instead (a hard `quota_exceeded` 429 is not retried): the entry of
   * the body's code, or, for a body without a code the catalog knows, the entries of the status
   * when they agree (a catalog marking its 500 retryable retries `{"message"}` 500s). A 409
   * `idempotency_in_flight` to a request with an `Idempotency-Key` is retried whatever this
   * says: after its `Retry-After`, with the same key, within `attempts`, `maxRetryAfter`,
   * `deadlineMs` and the budget.
   * @default [408, 429, 502, 503, 504]
   * @example statuses: [408, 429, 500, 502, 503, 504]
   */
  statuses?: readonly number[] | undefined;
  /**
   * Methods retried on any retryable failure. Others (POST, PATCH) are retried only with an
   * `Idempotency-Key`, on a 429, or when the connection was refused (nothing was sent).
   * @default ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']
   */
  methods?: readonly string[] | undefined;
  /**
   * `'auto'`: POST and PATCH requests without an `Idempotency-Key` get a random one, the same
   * on every attempt, so the server can tell a retry from a new request and they become safe
   * to retry.
   * @default false
   */
  idempotencyKey?: 'auto' | false | undefined;
  /** Backoff of the first retry before jitter, in ms; doubles per retry. @default 100 */
  baseDelayMs?: number | undefined;
  /** Longest backoff before jitter, in ms. @default 20_000 */
  maxDelayMs?: number | undefined;
  /**
   * Longest `Retry-After` (seconds) the client waits for; a longer one means no retry, and the
   * error keeps `retryAfter` for the caller to act on.
   * @default 60
   */
  maxRetryAfter?: number | undefined;
  /**
   * Time for the whole call, attempts and waits together, in ms: no retry waits past it, and the
   * attempt in flight when it passes fails with `deadline_exceeded`.
   * @default 60_000
   */
  deadlineMs?: number | undefined;
  /**
   * Retry capacity shared by the client's requests, so an outage does not multiply the load;
   * `false` for none.
   * @default a new RetryBudget per client
   * @example budget: new RetryBudget({ capacity: 50 })
   */
  budget?: RetryBudget | false | undefined;
  /**
   * Called before each retry's wait, e.g. to log it. A throw stops retrying: the call rejects
   * with what was thrown.
   * @example onRetry: (e) => log.warn(`retry ${e.attempt} in ${e.delayMs} ms`, e.error.code)
   */
  onRetry?: ((event: RetryEvent) => void) | undefined;
  /** Source of randomness for jitter, in [0, 1). @default Math.random */
  random?: (() => number) | undefined;
};

/** Retry options with every default applied and checked. */
export type ResolvedRetryOptions = {
  readonly attempts: number;
  readonly statuses: ReadonlySet<number>;
  readonly methods: ReadonlySet<string>;
  readonly idempotencyKey: 'auto' | false;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfter: number;
  readonly deadlineMs: number;
  readonly budget: RetryBudget | false;
  readonly onRetry: ((event: RetryEvent) => void) | undefined;
  readonly random: () => number;
};

/** The defaults of every retry option but the budget (one per client). */
export const RETRY_DEFAULTS = {
  attempts: 3,
  statuses: [408, 429, 502, 503, 504],
  methods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE'],
  idempotencyKey: false,
  baseDelayMs: 100,
  maxDelayMs: 20_000,
  maxRetryAfter: 60,
  deadlineMs: 60_000,
} as const satisfies RetryOptions;

function bad(name: string, rule: string, value: unknown): TypeError {
  const shown = typeof value === 'string' ? `'${value}'` : String(value);
  return new TypeError(`errata: retry.${name} must be ${rule}; got ${shown}.`);
}

function nonNegative(name: string, value: unknown, allowInfinity: boolean): number {
  if (
    typeof value !== 'number' ||
    Number.isNaN(value) ||
    value < 0 ||
    (!allowInfinity && !Number.isFinite(value))
  ) {
    throw bad(name, allowInfinity ? 'a number ≥ 0 (or Infinity)' : 'a finite number ≥ 0', value);
  }
  return value;
}

function checkedStatuses(statuses: readonly number[]): ReadonlySet<number> {
  if (!Array.isArray(statuses)) throw bad('statuses', 'a list of error statuses', statuses);
  for (const status of statuses) {
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw bad('statuses', 'a list of error statuses (400..599)', status);
    }
  }
  return new Set(statuses);
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function checkedMethods(methods: readonly string[]): ReadonlySet<string> {
  if (!Array.isArray(methods)) throw bad('methods', 'a list of HTTP methods', methods);
  for (const method of methods) {
    if (typeof method !== 'string' || !TOKEN.test(method)) {
      throw bad('methods', 'a list of HTTP methods', method);
    }
  }
  // fetch upper-cases the standard methods only; retries compare what is sent, upper-cased.
  return new Set(methods.map((m) => m.toUpperCase()));
}

/** Own keys whose value is not `undefined`: an explicit `undefined` means "the default". */
function defined(options: RetryOptions): RetryOptions {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) if (value !== undefined) out[key] = value;
  return out as RetryOptions;
}

/**
 * Merge retry options over the defaults (or over `base`, a client's resolved options, for a
 * per-request override) and check them; a bad value throws a TypeError naming the option.
 * @example resolveRetryOptions({ attempts: 5, statuses: [429, 503] })
 */
export function resolveRetryOptions(
  options: RetryOptions = {},
  base?: ResolvedRetryOptions,
): ResolvedRetryOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('errata: retry options must be an object or false.');
  }
  const o = defined(options);
  const attempts = o.attempts ?? base?.attempts ?? RETRY_DEFAULTS.attempts;
  if (!Number.isSafeInteger(attempts) || attempts < 1) {
    throw bad('attempts', 'an integer ≥ 1', attempts);
  }
  const statuses =
    o.statuses === undefined
      ? (base?.statuses ?? new Set<number>(RETRY_DEFAULTS.statuses))
      : checkedStatuses(o.statuses);
  const methods =
    o.methods === undefined
      ? (base?.methods ?? new Set<string>(RETRY_DEFAULTS.methods))
      : checkedMethods(o.methods);
  const idempotencyKey = o.idempotencyKey ?? base?.idempotencyKey ?? RETRY_DEFAULTS.idempotencyKey;
  if (idempotencyKey !== 'auto' && idempotencyKey !== false) {
    throw bad('idempotencyKey', "'auto' or false", idempotencyKey);
  }
  const baseDelayMs = nonNegative(
    'baseDelayMs',
    o.baseDelayMs ?? base?.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs,
    false,
  );
  const maxDelayMs = nonNegative(
    'maxDelayMs',
    o.maxDelayMs ?? base?.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs,
    false,
  );
  const maxRetryAfter = nonNegative(
    'maxRetryAfter',
    o.maxRetryAfter ?? base?.maxRetryAfter ?? RETRY_DEFAULTS.maxRetryAfter,
    true,
  );
  const deadlineMs = nonNegative(
    'deadlineMs',
    o.deadlineMs ?? base?.deadlineMs ?? RETRY_DEFAULTS.deadlineMs,
    true,
  );
  if (deadlineMs === 0) throw bad('deadlineMs', 'a number > 0 (or Infinity)', deadlineMs);
  const budget = o.budget ?? base?.budget ?? new RetryBudget();
  // Checked by shape, not instanceof: a second copy of errata in node_modules makes a second class.
  if (
    budget !== false &&
    (typeof budget !== 'object' ||
      budget === null ||
      typeof budget.tryAcquire !== 'function' ||
      typeof budget.release !== 'function')
  ) {
    throw bad('budget', 'a RetryBudget or false', budget);
  }
  const onRetry = o.onRetry ?? base?.onRetry;
  if (onRetry !== undefined && typeof onRetry !== 'function') {
    throw bad('onRetry', 'a function', onRetry);
  }
  const random = o.random ?? base?.random ?? Math.random;
  if (typeof random !== 'function') throw bad('random', 'a function', random);
  return {
    attempts,
    statuses,
    methods,
    idempotencyKey,
    baseDelayMs,
    maxDelayMs,
    maxRetryAfter,
    deadlineMs,
    budget,
    onRetry,
    random,
  };
}
