/**
 * Rate limiting for errata/fetch apps: `rateLimitFetch(limiter)` is an `errata({ rateLimit })` or
 * route option. Web-standard only: it runs wherever errata/fetch does.
 */
import type { FetchRateLimit } from '../server/fetch/options.js';
import type { RateLimiter } from './limiter.js';
import { decider, type RateLimitMiddlewareOptions } from './middleware.js';

export type { FetchRateLimit } from '../server/fetch/options.js';

/** Options of `rateLimitFetch`: the shared ones, plus where the client address comes from. */
export type FetchRateLimitOptions = RateLimitMiddlewareOptions<Request> & {
  /**
   * The client's address, for IP keys (a fetch `Request` has none of its own).
   * @default the runtime's: srvx's `request.ip`, Bun's `server.requestIP(request)`, Deno's
   * `info.remoteAddr`, @hono/node-server's socket; else unknown (every such request shares one key)
   * @example remoteAddress: (request) => request.headers.get('cf-connecting-ip') ?? undefined // Workers
   */
  remoteAddress?: ((request: Request, env: unknown) => string | undefined) | undefined;
};

type Runtimes = {
  requestIP?: (request: Request) => { address?: unknown } | null | undefined;
  remoteAddr?: { hostname?: unknown };
  incoming?: { socket?: { remoteAddress?: unknown } };
};

/**
 * The peer address as each runtime exposes it, read by shape (no runtime imported): srvx's
 * `request.ip`, Bun's server (fetch's second argument), Deno's handler info, @hono/node-server's
 * node:http request.
 * @example runtimeAddress(request, server) // '203.0.113.7'
 */
export function runtimeAddress(request: Request, env: unknown): string | undefined {
  try {
    const ip = (request as Request & { ip?: unknown }).ip;
    if (typeof ip === 'string') return ip;
    if (typeof env !== 'object' || env === null) return undefined;
    const runtime = env as Runtimes;
    const address =
      typeof runtime.requestIP === 'function'
        ? runtime.requestIP(request)?.address
        : (runtime.remoteAddr?.hostname ?? runtime.incoming?.socket?.remoteAddress);
    return typeof address === 'string' ? address : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Limit an errata/fetch app (every request, before routing) or one route (after routing, before
 * its handler). Keys default to the client IP (`X-Forwarded-For` ignored unless `trustProxy`);
 * `by` must return a verified identity, and a per-IP ceiling applies beside it. The headers go on
 * every limited response, success or error; a refusal renders as 429 (503 when the store fails
 * closed) in the negotiated format.
 * @example
 * const limiter = createRateLimiter({ policies: '"burst";q=100;w=60' });
 * const app = errata({ catalog, rateLimit: rateLimitFetch(limiter, { by: (request) => verifiedKey(request.headers.get('x-api-key')) }) });
 */
export function rateLimitFetch(
  limiter: RateLimiter,
  options: FetchRateLimitOptions = {},
): FetchRateLimit {
  const decide = decider(limiter, options, 'rateLimitFetch');
  const addressOf = options.remoteAddress ?? runtimeAddress;
  if (typeof addressOf !== 'function') {
    throw new TypeError('errata: rateLimitFetch({ remoteAddress }) must be a function.');
  }
  return async function errataRateLimit(request, env) {
    const decision = await decide(request, () => ({
      remoteAddress: addressOf(request, env),
      headers: request.headers,
    }));
    if (decision === undefined) return undefined;
    return decision.allowed
      ? { headers: decision.headers }
      : { headers: decision.headers, error: decision.error };
  };
}
