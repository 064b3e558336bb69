/**
 * Idempotency-Key for Express 5 apps. Types only from express: nothing of it loads at runtime.
 */
import type { RequestHandler } from 'express';
import { DEFAULT_BODY_LIMIT } from '../server/limits.js';
import { checkBodyLimit } from '../server/settings.js';
import { createIdempotency, type IdempotencyOptions } from './idempotency.js';
import { beginNode, captureNode, replayNode } from './node-response.js';

/** Options of `idempotencyExpress`: the engine's, plus how the body is read. */
export type ExpressIdempotencyOptions = IdempotencyOptions & {
  /**
   * Largest body read for the fingerprint when no parser read it yet (413 past it); the bytes
   * are kept for `errata.json()` after it.
   * @default 65536
   */
  bodyLimit?: number | undefined;
  /**
   * The app's request-id header, left out of stored responses (a replay carries its own id).
   * @default 'x-request-id'
   */
  requestIdHeader?: string | undefined;
};

/**
 * Express middleware honouring `Idempotency-Key` on the routes after it: the first request with
 * a key runs and its answer (2xx, or a 4xx the route answered) is stored; the same request again
 * gets it replayed with `Idempotent-Replayed: true`; the key with another request is a 422, while
 * the first still runs a 409 with `Retry-After`, no key where `required` a 400. Refusals go to
 * `next(error)` for errata's `errorHandler`. Mount it after the rate limiter and the body parser.
 * @example
 * app.use(errata.json());
 * app.use(idempotencyExpress({ catalog, methods: ['POST', 'PUT', 'PATCH', 'DELETE'] }));
 */
export function idempotencyExpress(options: ExpressIdempotencyOptions): RequestHandler {
  const engine = createIdempotency(options);
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  checkBodyLimit(limit, 'idempotencyExpress({ bodyLimit })');
  const idHeader = (options.requestIdHeader ?? 'x-request-id').toLowerCase();
  const context = { limit, catalog: options.catalog };
  return function errataIdempotency(req, res, next) {
    if (!engine.covers(req.method)) {
      next();
      return;
    }
    beginNode(engine, req, context).then(
      (begun) => {
        if (begun.kind === 'refuse') return next(begun.error);
        if (begun.kind === 'replay') return replayNode(res, begun.response);
        if (begun.kind === 'run') captureNode(res, begun.run, idHeader);
        next();
      },
      (error: unknown) => next(error),
    );
  };
}
