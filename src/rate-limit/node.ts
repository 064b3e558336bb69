/**
 * Rate limiting for errata/node apps: `rateLimit(limiter)` is an `errata({ rateLimit })` or
 * route (`app.route(path, handlers, { rateLimit })`) option. Types only from node:http.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decider, type RateLimitMiddlewareOptions } from '../server/rate-limit.js';
import type { RateLimiter } from './limiter.js';

export type { RateLimitMiddlewareOptions } from '../server/rate-limit.js';

/**
 * A rate-limit step of an errata/node app: sets the limiter's headers on the response and
 * resolves when the request may go on; rejects with the limiter's ApiError (429
 * `rate_limited`/`quota_exceeded`, or 503 `service_unavailable` when the store fails closed),
 * which the app renders like any other error.
 */
export type NodeRateLimit = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Limit an errata/node app (every request, before routing) or one route (after routing, before
 * its handler). Keys default to the client IP (`X-Forwarded-For` ignored unless `trustProxy`).
 * The rate-limit headers go on every limited response, success or error.
 * @example
 * const limiter = createRateLimiter({ policies: '"burst";q=100;w=60' });
 * const app = errata({ catalog, rateLimit: rateLimit(limiter, { by: (req) => req.headers['x-api-key'] }) });
 * app.route('/v1/search', { GET: search }, { rateLimit: rateLimit(limiter, { category: 'search' }) });
 */
export function rateLimit(
  limiter: RateLimiter,
  options: RateLimitMiddlewareOptions<IncomingMessage> = {},
): NodeRateLimit {
  const decide = decider(limiter, options, 'rateLimit');
  return async (req, res) => {
    const decision = await decide(req, () => ({
      remoteAddress: req.socket?.remoteAddress,
      headers: req.headers,
    }));
    if (decision === undefined) return;
    if (!res.headersSent) {
      for (const name of Object.keys(decision.headers)) {
        res.setHeader(name, decision.headers[name] as string);
      }
    }
    if (!decision.allowed) throw decision.error;
  };
}
