/**
 * Rate limiting for errata/node apps: `rateLimit(limiter)` is an `errata({ rateLimit })` or
 * route (`app.route(path, handlers, { rateLimit })`) option. Types only from node:http and errata/node.
 */
import type { IncomingMessage } from 'node:http';
import type { NodeRateLimit } from '../server/node/options.js';
import type { RateLimiter } from './limiter.js';
import { decider, type RateLimitMiddlewareOptions } from './middleware.js';
import { decideOnNode } from './node-decide.js';

export type { NodeRateLimit } from '../server/node/options.js';
export type { RateLimitMiddlewareOptions } from './middleware.js';

/**
 * Limit an errata/node app (every request, before routing) or one route (after routing, before
 * its handler). Keys default to the client IP (`X-Forwarded-For` ignored unless `trustProxy`).
 * The rate-limit headers go on every limited response, success or error.
 * `by` must return a verified identity (here `verifiedKey` gives the key only when the app's key
 * store knows it); a per-IP ceiling (`ipCeiling`) applies beside it.
 * @example
 * const limiter = createRateLimiter({ policies: '"burst";q=100;w=60' });
 * const app = errata({ catalog, rateLimit: rateLimit(limiter, { by: (req) => verifiedKey(req.headers['x-api-key']) }) });
 * app.route('/v1/search', { GET: search }, { rateLimit: rateLimit(limiter, { category: 'search' }) });
 */
export function rateLimit(
  limiter: RateLimiter,
  options: RateLimitMiddlewareOptions<IncomingMessage> = {},
): NodeRateLimit {
  const decide = decider(limiter, options, 'rateLimit');
  return (req, res) => decideOnNode(decide, req, req, res);
}
