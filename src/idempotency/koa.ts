/**
 * Idempotency-Key for Koa 3 apps (with errata/koa). Types only from koa: nothing of it loads at
 * runtime.
 */
import type { KoaMiddleware } from '../server/koa/index.js';
import { DEFAULT_BODY_LIMIT } from '../server/limits.js';
import { checkBodyLimit } from '../server/settings.js';
import { createIdempotency, type IdempotencyOptions } from './idempotency.js';
import { beginNode, captureNode, replayNode } from './node-response.js';

/** Options of `idempotencyKoa`: the engine's, plus how the body is read. */
export type KoaIdempotencyOptions = IdempotencyOptions & {
  /**
   * Largest body read for the fingerprint when no parser read it yet (413 past it); the bytes
   * are kept for `errata.json()` after it.
   * @default 65536
   * @example bodyLimit: 1024 * 1024
   */
  bodyLimit?: number | undefined;
  /**
   * The app's request-id header, left out of stored responses (a replay carries its own id).
   * @default 'x-request-id'
   * @example requestIdHeader: 'x-trace-id'
   */
  requestIdHeader?: string | undefined;
};

/**
 * Koa middleware honouring `Idempotency-Key` on the routes after it: the first request with a
 * key runs and its answer (2xx, or a 4xx the route answered) is stored as Koa writes it; the same
 * request again gets it replayed with `Idempotent-Replayed: true`; the key with another request is
 * a 422, while the first still runs a 409 with `Retry-After`, no key where `required` a 400.
 * Refusals are thrown for errata's middleware to render. Mount it after the rate limiter and
 * before `errata.json()` (which then parses the bytes read here); a body a parser before it
 * already read (`ctx.request.body`) is fingerprinted from its JSON.
 * @example
 * app.use(errata.middleware);
 * app.use(idempotencyKoa({ catalog, methods: ['POST', 'PUT', 'PATCH', 'DELETE'] }));
 */
export function idempotencyKoa(options: KoaIdempotencyOptions): KoaMiddleware {
  const engine = createIdempotency(options);
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  checkBodyLimit(limit, 'idempotencyKoa({ bodyLimit })');
  const idHeader = (options.requestIdHeader ?? 'x-request-id').toLowerCase();
  const context = { limit, catalog: options.catalog };
  return async function errataIdempotency(ctx, next) {
    if (!engine.covers(ctx.method)) {
      await next();
      return;
    }
    // The target as sent: a mount (koa-mount) rewrites `req.url`, and one key on two endpoints
    // must not replay one's answer for the other.
    const begun = await beginNode(engine, ctx.req, context, {
      path: ctx.originalUrl,
      parsed: (ctx.request as { body?: unknown }).body,
    });
    if (begun.kind === 'refuse') throw begun.error;
    if (begun.kind === 'replay') {
      // Written as stored, past Koa's own response handling.
      ctx.respond = false;
      replayNode(ctx.res, begun.response);
      return;
    }
    if (begun.kind === 'run') captureNode(ctx.res, begun.run, idHeader);
    await next();
  };
}
