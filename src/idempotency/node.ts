/**
 * Idempotency-Key for errata/node apps: `idempotency(options)` is an `errata({ idempotency })` or
 * route option. Types only from node:http and errata/node.
 */
import type { NodeIdempotency } from '../server/node/options.js';
import { createIdempotency, type IdempotencyOptions } from './idempotency.js';
import { beginNode, captureNode, replayNode } from './node-response.js';

export type { NodeIdempotency } from '../server/node/options.js';
export type { IdempotencyOptions } from './idempotency.js';

/**
 * Honour `Idempotency-Key` in an errata/node app (every route, or one): the first request with a
 * key runs its handler and its answer is stored; the same request again gets that answer
 * replayed (`Idempotent-Replayed: true`) without running the handler; the key with another
 * request is a 422, while the first still runs a 409 with `Retry-After`; no key where `required`
 * a 400. Runs after routing and rate limiting, right before the handler.
 * @example
 * const app = errata({ catalog, idempotency: idempotency({ catalog, methods: ['POST'] }) });
 */
export function idempotency(options: IdempotencyOptions): NodeIdempotency {
  const engine = createIdempotency(options);
  return {
    covers: engine.covers,
    async before(req, res, context) {
      const begun = await beginNode(engine, req, context);
      switch (begun.kind) {
        case 'pass':
          return false;
        case 'refuse':
          throw begun.error;
        case 'replay':
          replayNode(res, begun.response);
          return true;
        case 'run':
          captureNode(res, begun.run, context.idHeader);
          return false;
      }
    },
  };
}
