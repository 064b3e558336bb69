import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Catalog } from '../../catalog-types.js';
import type { Format, FormatName } from '../../formats/types.js';
import type { ErrataOptions } from '../settings.js';

// Declared here, not in errata/rate-limit/node which makes it: the server sits below the limiter.
/**
 * A rate-limit step of an errata/node app: sets the limiter's headers on the response and
 * resolves when the request may go on; rejects with the limiter's ApiError (429
 * `rate_limited`/`quota_exceeded`, or 503 `service_unavailable` when the store fails closed),
 * which the app renders like any other error.
 */
export type NodeRateLimit = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * The Idempotency-Key step of an errata/node app, made by `idempotency()` of
 * errata/idempotency/node: it runs after routing and rate limiting, right before the handler.
 */
export type NodeIdempotency = {
  /** Whether requests of this method go through the step (others stay synchronous). */
  readonly covers: (method: string) => boolean;
  /**
   * Decide the request: resolves true when it answered (a replay), false when the handler runs
   * (its response then stored); rejects with the ApiError to answer (400, 409, 413, 422, 503).
   */
  readonly before: (
    req: IncomingMessage,
    res: ServerResponse,
    context: { limit: number; catalog: Catalog; idHeader: string },
  ) => Promise<boolean>;
};

/** Options of `errata()` and `errata.wrap()`: the shared ones, plus rate limiting. */
export type NodeErrataOptions = ErrataOptions & {
  /**
   * Limit every request (before routing, so unknown paths count too) with `rateLimit(limiter)`
   * from errata/rate-limit. Its headers go on every response; a refusal renders the limiter's
   * error (429, or 503 when its store fails closed) like any other.
   * @example errata({ rateLimit: rateLimit(createRateLimiter({ policies: '"api";q=100;w=60' })) })
   */
  rateLimit?: NodeRateLimit | undefined;
  /**
   * Honour `Idempotency-Key` on every route (for the methods it covers) with `idempotency()` from
   * errata/idempotency/node; a route may turn it off (`false`) or use its own.
   * @example errata({ catalog, idempotency: idempotency({ catalog, required: true }) })
   */
  idempotency?: NodeIdempotency | undefined;
};

/** Options of one route. */
export type RouteOptions = {
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
   * Limit this route's requests (after the app's own `rateLimit`, before the handler) with
   * `rateLimit(limiter, { category })` from errata/rate-limit.
   * @example { rateLimit: rateLimit(limiter, { category: 'upload', cost: 5 }) }
   */
  rateLimit?: NodeRateLimit | undefined;
  /**
   * This route's Idempotency-Key step (`idempotency()` of errata/idempotency/node), or `false`
   * to turn the app's off here.
   * @default the app's `idempotency`
   */
  idempotency?: NodeIdempotency | false | undefined;
};

/** An `idempotency` option, checked at start-up. */
export function idempotencyOption(value: unknown, where: string): NodeIdempotency | undefined {
  if (value === undefined || value === false) return undefined;
  const step = value as Partial<NodeIdempotency> | null;
  if (typeof step?.covers !== 'function' || typeof step.before !== 'function') {
    throw new TypeError(
      `errata: ${where} must be made by idempotency() of errata/idempotency/node.`,
    );
  }
  return value as NodeIdempotency;
}

/** A `rateLimit` option, checked at start-up. */
export function rateLimitOption(limit: unknown, where: string): NodeRateLimit | undefined {
  if (limit !== undefined && typeof limit !== 'function') {
    throw new TypeError(
      `errata: ${where} must be made by rateLimit(limiter) of errata/rate-limit.`,
    );
  }
  return limit as NodeRateLimit | undefined;
}
