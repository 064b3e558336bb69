import type { IncomingMessage, ServerResponse } from 'node:http';
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

/** Options of `errata()` and `errata.wrap()`: the shared ones, plus rate limiting. */
export type NodeErrataOptions = ErrataOptions & {
  /**
   * Limit every request (before routing, so unknown paths count too) with `rateLimit(limiter)`
   * from errata/rate-limit. Its headers go on every response; a refusal renders the limiter's
   * error (429, or 503 when its store fails closed) like any other.
   * @example errata({ rateLimit: rateLimit(createRateLimiter({ policies: '"api";q=100;w=60' })) })
   */
  rateLimit?: NodeRateLimit | undefined;
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
};

/** A `rateLimit` option, checked at start-up. */
export function rateLimitOption(limit: unknown, where: string): NodeRateLimit | undefined {
  if (limit !== undefined && typeof limit !== 'function') {
    throw new TypeError(
      `errata: ${where} must be made by rateLimit(limiter) of errata/rate-limit.`,
    );
  }
  return limit as NodeRateLimit | undefined;
}
