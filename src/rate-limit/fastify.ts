/**
 * Rate limiting for Fastify 5 apps (with the errata/fastify plugin). Types only from fastify:
 * nothing of it loads at runtime.
 */
import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import type { RateLimiter } from './limiter.js';
import { decider, type RateLimitMiddlewareOptions } from './middleware.js';

/**
 * A Fastify `onRequest` hook limiting the requests of the instance it is added to (or of one
 * route, as its `onRequest` option). It sets the limiter's headers on the reply (success and
 * error alike) and throws a refusal: the errata/fastify error handler renders it (429
 * `rate_limited` or `quota_exceeded`, 503 `service_unavailable` when the store fails closed)
 * in the negotiated format with `Retry-After` and the request id. Keys default to the client
 * IP from the socket (Fastify's `trustProxy` is not consulted: give `trustProxy` here).
 * Add it after registering errataFastify, so the request id is resolved first.
 * `by` must return a verified identity (here `verifiedKey` gives the key only when the app's key
 * store knows it); a per-IP ceiling (`ipCeiling`) applies beside it.
 * @example
 * app.register(errataFastify, { catalog });
 * app.addHook('onRequest', rateLimitFastify(limiter, { by: (req) => verifiedKey(req.headers['x-api-key']) }));
 */
export function rateLimitFastify(
  limiter: RateLimiter,
  options: RateLimitMiddlewareOptions<FastifyRequest> = {},
): onRequestHookHandler {
  const decide = decider(limiter, options, 'rateLimitFastify');
  return async function errataRateLimit(request, reply) {
    const decision = await decide(request, () => ({
      remoteAddress: request.raw.socket?.remoteAddress,
      headers: request.headers,
    }));
    if (decision === undefined) return;
    reply.headers(decision.headers);
    if (!decision.allowed) throw decision.error;
  };
}
