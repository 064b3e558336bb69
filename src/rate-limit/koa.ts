/**
 * Rate limiting for Koa 3 apps (with errata/koa). Types only from koa: nothing of it loads at
 * runtime.
 */
import type { ParameterizedContext } from 'koa';
import type { KoaMiddleware } from '../server/koa/index.js';
import type { RateLimiter } from './limiter.js';
import { decider, type RateLimitMiddlewareOptions } from './middleware.js';
import { decideOnNode } from './node-decide.js';

/**
 * Koa middleware limiting the requests that reach it (mount with `app.use` for all, or on a
 * route). It sets the limiter's headers on the response (success and error alike) and throws a
 * refusal: errata's middleware renders it (429 `rate_limited` or `quota_exceeded`, 503
 * `service_unavailable` when the store fails closed) in the negotiated format with `Retry-After`
 * and the request id. Keys default to the client IP from the socket (Koa's `app.proxy` is not
 * consulted: give `trustProxy` here).
 * `by` must return a verified identity (here `verifiedKey` gives the key only when the app's key
 * store knows it); a per-IP ceiling (`ipCeiling`) applies beside it.
 * @example
 * const limiter = createRateLimiter({ policies: '"api";q=100;w=60' });
 * app.use(errata.middleware);
 * app.use(rateLimitKoa(limiter, { by: (ctx) => verifiedKey(ctx.get('x-api-key')) }));
 */
export function rateLimitKoa(
  limiter: RateLimiter,
  options: RateLimitMiddlewareOptions<ParameterizedContext> = {},
): KoaMiddleware {
  const decide = decider(limiter, options, 'rateLimitKoa');
  return async function errataRateLimit(ctx, next) {
    // On the node response, not Koa's: the headers stay on whatever answers, errors included.
    await decideOnNode(decide, ctx, ctx.req, ctx.res);
    await next();
  };
}
