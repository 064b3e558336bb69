/**
 * Idempotency-Key for errata/fetch apps: `idempotencyFetch(options)` is an
 * `errata({ idempotency })` or route option. Web-standard only: it runs wherever errata/fetch does.
 */
import type { FetchIdempotency } from '../server/fetch/options.js';
import { readRequestBytes } from '../server/web-body.js';
import { targetOf } from '../server/web-target.js';
import { createIdempotency, type IdempotencyOptions } from './idempotency.js';
import type { StoredResponse } from './types.js';
import { bodyOf, captureResponse, EMPTY } from './web-capture.js';

export type { FetchIdempotency } from '../server/fetch/options.js';
export type { IdempotencyOptions } from './idempotency.js';

/** A stored response, sent again with `Idempotent-Replayed: true`. */
function replayResponse(response: StoredResponse): Response {
  const headers = new Headers(response.headers);
  headers.set('idempotent-replayed', 'true');
  const body = bodyOf(response.status, response.body);
  // As the first answer went out: a bridge (srvx) would send bytes of unknown length chunked.
  if (body !== null) headers.set('content-length', String(body.byteLength));
  return new Response(body, {
    status: response.status,
    headers,
  });
}

/**
 * Honour `Idempotency-Key` in an errata/fetch app (every route, or one): the first request with a
 * key runs its handler and its answer (2xx, or a 4xx, errata's error responses included) is
 * stored; the same request again gets it replayed (`Idempotent-Replayed: true`) without running
 * the handler; the key with another request is a 422, while the first still runs a 409 with
 * `Retry-After`; no key where `required` a 400. The body is read once (up to the route's body
 * limit) for the fingerprint and for `ctx.json()`. Bodies that arrive at once are stored before
 * the response is returned; a streamed one flows as it comes and is stored before its end.
 * @example
 * const app = errata({ catalog, idempotency: idempotencyFetch({ catalog, methods: ['POST'] }) });
 */
export function idempotencyFetch(options: IdempotencyOptions): FetchIdempotency {
  const engine = createIdempotency(options);
  return {
    covers: engine.covers,
    async around(request, context, run) {
      const headers = request.headers;
      const body = headers.has('idempotency-key')
        ? await readRequestBytes(request, context.limit, context.catalog, context.cache)
        : EMPTY;
      const begun = await engine.begin(
        {
          method: request.method,
          path: targetOf(request.url),
          header: (name) => headers.get(name) ?? undefined,
        },
        body,
      );
      switch (begun.kind) {
        case 'pass':
          return run();
        case 'refuse':
          throw begun.error;
        case 'replay':
          return replayResponse(begun.response);
        case 'run':
          try {
            return await captureResponse(await run(), begun.run, context.idHeader);
          } catch (error) {
            void begun.run.abandon();
            throw error;
          }
      }
    },
  };
}
