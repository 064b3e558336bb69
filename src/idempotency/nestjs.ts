/**
 * Idempotency-Key for NestJS apps (with errata/nestjs's ErrataModule), on the Express and Fastify
 * platforms. Types only from @nestjs/common and fastify (rxjs, Nest's peer, loads): the work is
 * the Express and Fastify adapters' (node-response.ts, fastify.ts); only the slot is Nest's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { defer, NEVER, type Observable, switchMap, throwError } from 'rxjs';
import { DEFAULT_BODY_LIMIT } from '../server/limits.js';
import { checkBodyLimit } from '../server/settings.js';
import { bodyBytes, fastifyRequest, replayFastify } from './fastify.js';
import { type Begin, createIdempotency, type IdempotencyOptions } from './idempotency.js';
import { beginNode, captureNode, replayNode } from './node-response.js';

/**
 * Options of `idempotencyNest`: the engine's, plus how the body is read and the request-id header.
 * @example const options: NestIdempotencyOptions = { catalog, methods: ['POST'], bodyLimit: 65536 };
 */
export type NestIdempotencyOptions = IdempotencyOptions & {
  /**
   * On Express, the largest body read for the fingerprint when errata's interceptor did not read
   * it yet (413 past it); the bytes are kept for it. Give ErrataModule's `bodyLimit`. On Fastify
   * the platform parsed the body already, within ErrataModule's `bodyLimit`.
   * @default 65536
   * @example bodyLimit: 64 * 1024
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
 * A Nest interceptor (`APP_INTERCEPTOR`, `@UseInterceptors()`) honouring `Idempotency-Key`.
 * @example const idempotent: IdempotencyNest = idempotencyNest({ catalog });
 */
export type IdempotencyNest = NestInterceptor & {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown>;
};

/** A FastifyRequest (it has the raw node request under `raw`), not Express's `req`. */
function isFastify(request: unknown): request is FastifyRequest {
  const raw = (request as { raw?: unknown } | null)?.raw;
  return typeof raw === 'object' && raw !== null;
}

/**
 * Idempotency-Key for Nest, as an interceptor: it runs after guards (rate limiting refuses
 * first, no body read) and, registered after ErrataModule's interceptor (a global
 * `APP_INTERCEPTOR` of the app's module, or `@UseInterceptors()` on a controller or route), after
 * errata read the JSON body. The first request with a key runs and its answer (2xx, or a 4xx,
 * errors errata's filter renders included) is stored as it is written (strings, Buffers,
 * streams, up to `maxResponseBytes`); the same request again gets it replayed with
 * `Idempotent-Replayed: true` without running the handler (nor pipes); the key with another
 * request is a 422, while the first still runs a 409 with `Retry-After`, no key where `required`
 * a 400, the store down a 503 (or the handler runs, `onStoreError: 'open'`). Refusals are
 * thrown for errata's exception filter to render in the catalog's format. A 5xx releases the key
 * unless `serverErrors: 'store'`. On Express the body is fingerprinted as read (bounded by
 * `bodyLimit`, kept for errata), on Fastify as the parsed body's JSON (see `idempotencyFastify`).
 * Other transports (RPC, websockets) and uncovered methods pass untouched.
 * @example
 * @Module({
 *   imports: [ErrataModule.forRoot({ catalog })],
 *   providers: [{ provide: APP_INTERCEPTOR, useValue: idempotencyNest({ catalog, methods: ['POST'] }) }],
 * })
 * class AppModule {}
 */
export function idempotencyNest(options: NestIdempotencyOptions): IdempotencyNest {
  const engine = createIdempotency(options);
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  checkBodyLimit(limit, 'idempotencyNest({ bodyLimit })');
  const idHeader = (options.requestIdHeader ?? 'x-request-id').toLowerCase();
  const context = { limit, catalog: options.catalog };

  /** Decide the request; on a replay answer it, on a run capture the response. */
  async function decide(request: unknown, response: unknown): Promise<Begin> {
    if (isFastify(request)) {
      const begun = await engine.begin(fastifyRequest(request), bodyBytes(request));
      const reply = response as FastifyReply;
      if (begun.kind === 'replay') replayFastify(reply, begun.response);
      if (begun.kind === 'run') captureNode(reply.raw, begun.run, idHeader);
      return begun;
    }
    const req = request as IncomingMessage;
    const res = response as ServerResponse;
    const begun = await beginNode(engine, req, context);
    if (begun.kind === 'replay') replayNode(res, begun.response);
    if (begun.kind === 'run') captureNode(res, begun.run, idHeader);
    return begun;
  }

  return {
    intercept(executionContext, next) {
      if (executionContext.getType() !== 'http') return next.handle();
      const http = executionContext.switchToHttp();
      const request = http.getRequest<unknown>();
      const method = isFastify(request)
        ? request.method
        : ((request as IncomingMessage).method ?? 'GET');
      if (!engine.covers(method)) return next.handle();
      return defer(() => decide(request, http.getResponse<unknown>())).pipe(
        switchMap((begun) => {
          if (begun.kind === 'refuse') return throwError(() => begun.error);
          // A replay answered the request already: whatever Nest's router got next (a value to
          // send, an error to render, an empty stream it reports as one) would write to a
          // finished response, so nothing comes (NEVER holds no reference to the request).
          if (begun.kind === 'replay') return NEVER;
          return next.handle();
        }),
      );
    },
  };
}
