/**
 * Rate limiting for Hono apps (with errata/hono). Types only from hono and nothing from Node:
 * it runs wherever Hono does.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { RateLimiter } from './limiter.js';
import { decider, type RateLimitMiddlewareOptions } from './middleware.js';

/** Options of `rateLimitHono`: the shared ones, plus where the client address comes from. */
export type HonoRateLimitOptions = RateLimitMiddlewareOptions<Context> & {
  /**
   * The client's address, for IP keys. Hono has no socket of its own: pass your runtime's
   * (e.g. `getConnInfo(c).remote.address`).
   * @default @hono/node-server's `c.env.incoming.socket.remoteAddress`, else unknown
   */
  remoteAddress?: ((c: Context) => string | undefined) | undefined;
};

/** The peer address @hono/node-server exposes as `c.env.incoming`, read without importing Node. */
function nodeServerAddress(c: Context): string | undefined {
  try {
    const env = c.env as { incoming?: { socket?: { remoteAddress?: unknown } } } | undefined;
    const address = env?.incoming?.socket?.remoteAddress;
    return typeof address === 'string' ? address : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Hono middleware limiting the requests that reach it. It sets the limiter's headers on the
 * response (success and error alike) and throws a refusal: errata's `onError` renders it (429
 * `rate_limited` or `quota_exceeded`, 503 `service_unavailable` when the store fails closed)
 * in the negotiated format with `Retry-After` and the request id. Keys default to the client
 * IP (`X-Forwarded-For` ignored unless `trustProxy`).
 * `by` must return a verified identity (here `verifiedKey` gives the key only when the app's key
 * store knows it); a per-IP ceiling (`ipCeiling`) applies beside it.
 * @example
 * app.use(errata.middleware);
 * app.onError(errata.onError);
 * app.use(rateLimitHono(limiter, { by: (c) => verifiedKey(c.req.header('x-api-key')) }));
 */
export function rateLimitHono(
  limiter: RateLimiter,
  options: HonoRateLimitOptions = {},
): MiddlewareHandler {
  const decide = decider(limiter, options, 'rateLimitHono');
  const addressOf = options.remoteAddress ?? nodeServerAddress;
  if (typeof addressOf !== 'function') {
    throw new TypeError('errata: rateLimitHono({ remoteAddress }) must be a function.');
  }
  return async function errataRateLimit(c, next) {
    const decision = await decide(c, () => ({
      remoteAddress: addressOf(c),
      headers: c.req.raw.headers,
    }));
    if (decision === undefined) return next();
    const names = Object.keys(decision.headers);
    for (const name of names) c.header(name, decision.headers[name] as string);
    if (!decision.allowed) throw decision.error;
    await next();
    // A handler that returned its own Response dropped the headers set before it.
    for (const name of names) {
      if (c.res.headers.get(name) === null) c.header(name, decision.headers[name] as string);
    }
  };
}
