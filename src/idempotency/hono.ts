/**
 * Idempotency-Key for Hono apps (with errata/hono). Types only from hono and nothing from Node:
 * it runs wherever Hono does.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { StatusCode } from 'hono/utils/http-status';
import type { Catalog } from '../catalog-types.js';
import { DEFAULT_BODY_LIMIT } from '../server/limits.js';
import { checkBodyLimit } from '../server/settings.js';
import { type BodyCache, readRequestBytes } from '../server/web-body.js';
import { targetOf } from '../server/web-target.js';
import {
  createIdempotency,
  type IdempotencyOptions,
  type IdempotencyRequest,
  type Run,
} from './idempotency.js';
import type { StoredResponse } from './types.js';
import { bodyOf, captureResponse, EMPTY } from './web-capture.js';

/**
 * Options of `idempotencyHono`: the engine's, plus how the body is read.
 * @example const options: HonoIdempotencyOptions = { catalog, bodyLimit: 1024 * 1024 };
 */
export type HonoIdempotencyOptions = IdempotencyOptions & {
  /**
   * Largest request body read for the fingerprint (413 `payload_too_large` past it); the bytes
   * stay in Hono's body cache, so the handler's `c.req.json()` still works.
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

/** Store the handler's answer (`c.res`) and send what `captureResponse` gives back. */
async function capture(c: Context, run: Run, idHeader: string): Promise<void> {
  const res = await captureResponse(c.res, run, idHeader);
  if (res === c.res) return;
  c.res = undefined;
  c.res = res;
}

/**
 * The request body, bounded by `limit` (413), kept in Hono's cache for the handler. A body read
 * already as text, JSON or form data (its stream drained) comes back from Hono's cache.
 */
function requestBytes(c: Context, limit: number, catalog: Catalog): Promise<Uint8Array> {
  const cache = c.req.bodyCache as BodyCache;
  const read =
    cache.arrayBuffer === undefined && Object.keys(c.req.bodyCache).length > 0
      ? { arrayBuffer: c.req.arrayBuffer() }
      : cache;
  return readRequestBytes(c.req.raw, limit, catalog, read);
}

/** The engine's view of a Hono request: the target as received, the raw headers. */
function honoRequest(c: Context): IdempotencyRequest {
  const headers = c.req.raw.headers;
  return {
    method: c.req.method,
    path: targetOf(c.req.url),
    header: (name) => headers.get(name) ?? undefined,
  };
}

/** A stored response as a Hono response: headers set earlier (`c.header`) stay. */
function replay(c: Context, response: StoredResponse): Response {
  const headers = { ...response.headers, 'idempotent-replayed': 'true' };
  return c.newResponse(bodyOf(response.status, response.body), {
    status: response.status as StatusCode,
    headers,
  });
}

/**
 * Hono middleware honouring `Idempotency-Key` on the routes after it.
 *
 * The first request with a key runs and its answer (2xx, or a 4xx, errata's `onError` responses
 * included) is stored; the same request again gets it replayed with `Idempotent-Replayed: true`
 * without running the handler; the key with another request is a 422, while the first still
 * runs a 409 with `Retry-After`, no key where `required` a 400. Refusals are thrown to errata's
 * `onError`. A keyed request's body is read (up to `bodyLimit`) into Hono's cache for the
 * fingerprint. Response bodies:
 * - one that arrives at once (`c.json`, `c.text`, errata's errors) is stored before the
 *   middleware returns, and sent as the same bytes;
 * - a streamed one (its next chunk not there within a macrotask: SSE, a long download) is not
 *   held back: it flows to the client as it comes, copied up to `maxResponseBytes`, and is
 *   stored before its end goes out;
 * - past `maxResponseBytes` nothing is stored (the key answers 409 until its lease ends);
 * - a body that fails, a client that cancels it, or a non-`Error` thrown releases the key.
 *
 * Requests of other methods cost one Set lookup. Mount it after `errata.middleware` (or serve
 * `errata.fetch(app)`) and any rate limiter.
 * @example
 * app.use(errata.middleware);
 * app.onError(errata.onError);
 * app.use('/v1/*', idempotencyHono({ catalog, methods: ['POST', 'PATCH'] }));
 */
export function idempotencyHono(options: HonoIdempotencyOptions): MiddlewareHandler {
  const engine = createIdempotency(options);
  const { catalog } = options;
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  checkBodyLimit(limit, 'idempotencyHono({ bodyLimit })');
  const idHeader = (options.requestIdHeader ?? 'x-request-id').toLowerCase();

  const decide = async (c: Context, next: () => Promise<void>): Promise<Response | undefined> => {
    const begun = await engine.begin(
      honoRequest(c),
      // Without a key the body is not fingerprinted: it is left unread (and unbounded here).
      c.req.raw.headers.has('idempotency-key') ? await requestBytes(c, limit, catalog) : EMPTY,
    );
    switch (begun.kind) {
      case 'pass':
        await next();
        return undefined;
      case 'refuse':
        throw begun.error;
      case 'replay':
        return replay(c, begun.response);
      case 'run':
        try {
          await next();
          await capture(c, begun.run, idHeader);
        } catch (error) {
          // Hono gave onError every Error the handler threw: this is a non-Error, or a body
          // that could not be read for the store.
          void begun.run.abandon();
          throw error;
        }
        return undefined;
    }
  };

  return function errataIdempotency(c, next) {
    // Not async: an uncovered request goes on without a promise of this middleware's.
    if (!engine.covers(c.req.method)) return next();
    return decide(c, next);
  };
}
