import type { ApiError } from '../../api-error.js';
import type { Catalog } from '../../catalog-types.js';
import type { Format, FormatName } from '../../formats/types.js';
import type { ErrataOptions } from '../settings.js';
import type { BodyCache } from '../web-body.js';

// Declared here, not in errata/rate-limit/fetch or errata/idempotency/fetch which make them: the
// server sits below the limiter and the idempotency layer.

/** What a rate-limit step decided: headers for the response (success or error), maybe a refusal. */
export type FetchLimitOutcome = {
  /** Rate-limit headers, sent on whatever response the request gets. */
  readonly headers: Readonly<Record<string, string>>;
  /** The refusal to answer with (429, or 503 when the store fails closed); none when allowed. */
  readonly error?: ApiError | undefined;
};

/**
 * A rate-limit step of an errata/fetch app, made by `rateLimitFetch()` of
 * errata/rate-limit/fetch: resolves with what it decided (undefined when it skipped the request).
 */
export type FetchRateLimit = (
  request: Request,
  env: unknown,
) => Promise<FetchLimitOutcome | undefined>;

/** What an Idempotency-Key step is given besides the request. */
export type FetchIdempotencyContext = {
  /** The route's body limit: the body is read (up to it) for the fingerprint. */
  readonly limit: number;
  readonly catalog: Catalog;
  /** The request-id header, left out of stored responses. */
  readonly idHeader: string;
  /** The request's body cache, shared with `ctx.json()`, so the body is read once. */
  readonly cache: BodyCache;
};

/**
 * The Idempotency-Key step of an errata/fetch app, made by `idempotencyFetch()` of
 * errata/idempotency/fetch: it runs after routing and rate limiting, around the handler.
 */
export type FetchIdempotency = {
  /** Whether requests of this method go through the step. */
  readonly covers: (method: string) => boolean;
  /**
   * Answer the request under its key: a replay, or `run()`'s response (the handler's, errata's
   * error response included) once stored. Rejects with the ApiError to answer (400, 409, 413,
   * 422, 503).
   */
  readonly around: (
    request: Request,
    context: FetchIdempotencyContext,
    run: () => Promise<Response>,
  ) => Promise<Response>;
};

/** Options of errata/fetch's `errata()`: the shared ones, plus rate limiting and idempotency. */
export type FetchErrataOptions = ErrataOptions & {
  /**
   * Limit every request (before routing, so unknown paths count too) with `rateLimitFetch()`
   * from errata/rate-limit/fetch. Its headers go on every response; a refusal renders the
   * limiter's error (429, or 503 when its store fails closed) like any other.
   * @example errata({ rateLimit: rateLimitFetch(createRateLimiter({ policies: '"api";q=100;w=60' })) })
   */
  rateLimit?: FetchRateLimit | undefined;
  /**
   * Honour `Idempotency-Key` on every route (for the methods it covers) with `idempotencyFetch()`
   * from errata/idempotency/fetch; a route may turn it off (`false`) or use its own.
   * @example errata({ catalog, idempotency: idempotencyFetch({ catalog }) })
   */
  idempotency?: FetchIdempotency | undefined;
};

/** Options of one route. */
export type FetchRouteOptions = {
  /**
   * Wire format of this route's errors; wins over the app's format and over `Accept`.
   * @example { format: 'stripe' }
   */
  format?: FormatName | Format | undefined;
  /**
   * Body limit of this route, in bytes (a positive integer).
   * @default the app's bodyLimit
   */
  bodyLimit?: number | undefined;
  /**
   * Limit this route's requests (after the app's own `rateLimit`, before the handler).
   * @example { rateLimit: rateLimitFetch(limiter, { category: 'upload', cost: 5 }) }
   */
  rateLimit?: FetchRateLimit | undefined;
  /**
   * This route's Idempotency-Key step, or `false` to turn the app's off here.
   * @default the app's `idempotency`
   */
  idempotency?: FetchIdempotency | false | undefined;
};

/**
 * A `rateLimit` option, checked at start-up.
 * @example const appLimit = fetchRateLimitOption(options.rateLimit, 'rateLimit');
 */
export function fetchRateLimitOption(value: unknown, where: string): FetchRateLimit | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError(
      `errata: ${where} must be made by rateLimitFetch(limiter) of errata/rate-limit/fetch.`,
    );
  }
  return value as FetchRateLimit | undefined;
}

/**
 * An `idempotency` option, checked at start-up.
 * @example const step = fetchIdempotencyOption(options.idempotency, 'idempotency');
 */
export function fetchIdempotencyOption(
  value: unknown,
  where: string,
): FetchIdempotency | undefined {
  if (value === undefined || value === false) return undefined;
  const step = value as Partial<FetchIdempotency> | null;
  if (typeof step?.covers !== 'function' || typeof step.around !== 'function') {
    throw new TypeError(
      `errata: ${where} must be made by idempotencyFetch() of errata/idempotency/fetch.`,
    );
  }
  return value as FetchIdempotency;
}
