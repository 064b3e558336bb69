/**
 * Rate limiting for NestJS apps (with errata/nestjs's ErrataModule), on the Express and Fastify
 * platforms. Types only from @nestjs/common: nothing of Nest loads at runtime here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { RateLimiter } from './limiter.js';
import { decider, type RateLimitMiddlewareOptions } from './middleware.js';
import { decideOnNode } from './node-decide.js';

/**
 * The request `key`, `by`, `category`, `cost` and `skip` see: the raw node request on both
 * platforms (Express's `req` is one; Fastify's is `request.raw`), so the same options serve
 * the guard and the middleware.
 * @example by: (req: RateLimitNestRequest) => verifiedKey(req.headers['x-api-key'])
 */
export type RateLimitNestRequest = IncomingMessage;

/**
 * A guard and a middleware sharing one limiter and its options.
 * @example const limit: RateLimitNest = rateLimitNest(limiter); consumer.apply(limit.middleware).forRoutes('{*path}');
 */
export type RateLimitNest = CanActivate & {
  /**
   * The guard: limits the requests of the routes it guards (`APP_GUARD`, `@UseGuards()`),
   * after Nest middleware and before interceptors and pipes (no body is read for a refusal).
   * Resolves true, or rejects with the refusal for errata's filter to render.
   */
  canActivate(context: ExecutionContext): Promise<boolean>;
  /**
   * The same limit as Nest middleware (`consumer.apply(limit.middleware).forRoutes('*')`):
   * it also counts requests no route answers (a 404 carries the headers too).
   */
  readonly middleware: (
    request: unknown,
    response: unknown,
    next: (error?: unknown) => void,
  ) => Promise<void>;
};

function rawOf<T>(value: unknown): T {
  const raw = (value as { raw?: unknown } | null)?.raw;
  return (typeof raw === 'object' && raw !== null ? raw : value) as T;
}

/**
 * Rate limiting for Nest, as a guard (`canActivate`) or as middleware (`middleware`). It sets
 * the limiter's headers on the response (success and error alike) and raises a refusal: errata's
 * exception filter renders it (429 `rate_limited` or `quota_exceeded`, 503
 * `service_unavailable` when the store fails closed) in the negotiated format with
 * `Retry-After` and the request id. Keys default to the client IP from the socket (the
 * platform's trust-proxy setting is not consulted: give `trustProxy` here). `by` must return a
 * verified identity; a per-IP ceiling (`ipCeiling`) applies beside it.
 * @example
 * const limit = rateLimitNest(limiter, { by: (req) => verifiedKey(req.headers['x-api-key']) });
 * @Module({ imports: [ErrataModule.forRoot({ catalog })], providers: [{ provide: APP_GUARD, useValue: limit }] })
 * class AppModule {}
 */
export function rateLimitNest(
  limiter: RateLimiter,
  options: RateLimitMiddlewareOptions<RateLimitNestRequest> = {},
): RateLimitNest {
  const decide = decider(limiter, options, 'rateLimitNest');
  const check = (req: IncomingMessage, res: ServerResponse) => decideOnNode(decide, req, req, res);

  return {
    async canActivate(context) {
      // Another transport of a hybrid app (RPC, websockets) is not limited here.
      if (context.getType() !== 'http') return true;
      const http = context.switchToHttp();
      await check(rawOf(http.getRequest()), rawOf(http.getResponse()));
      return true;
    },
    middleware: async function errataRateLimit(request, response, next) {
      await check(rawOf(request), rawOf(response));
      next();
    },
  };
}
