/**
 * Rate limiting for Express 5 apps. Types only from express: nothing of it loads at runtime.
 */
import type { Request, RequestHandler } from 'express';
import type { RateLimiter } from './limiter.js';
import { decider, type RateLimitMiddlewareOptions } from './middleware.js';
import { decideOnNode } from './node-decide.js';

/**
 * Express middleware limiting the requests that reach it (mount with `app.use` for all, or on
 * a route). It sets the limiter's headers on the response (success and error alike) and passes
 * a refusal to `next(error)`: errata's `errorHandler` renders it (429 `rate_limited` or
 * `quota_exceeded`, 503 `service_unavailable` when the store fails closed) in the negotiated
 * format with `Retry-After` and the request id. Keys default to the client IP from the socket
 * (Express's `trust proxy` setting is not consulted: give `trustProxy` here).
 * `by` must return a verified identity (here `verifiedKey` gives the key only when the app's key
 * store knows it); a per-IP ceiling (`ipCeiling`) applies beside it.
 * @example
 * const limiter = createRateLimiter({ policies: '"api";q=100;w=60' });
 * app.use(errata.requestId);
 * app.use(rateLimitExpress(limiter, { by: (req) => verifiedKey(req.get('x-api-key')) }));
 */
export function rateLimitExpress(
  limiter: RateLimiter,
  options: RateLimitMiddlewareOptions<Request> = {},
): RequestHandler {
  const decide = decider(limiter, options, 'rateLimitExpress');
  return function errataRateLimit(req, res, next) {
    decideOnNode(decide, req, req, res).then(() => next(), next);
  };
}
