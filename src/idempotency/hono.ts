/**
 * Idempotency-Key for Hono apps (with errata/hono). Types only from hono and nothing from Node:
 * it runs wherever Hono does.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { StatusCode } from 'hono/utils/http-status';
import type { Catalog } from '../catalog-types.js';
import { type BodyCache, readRequestBytes } from '../server/hono/body.js';
import { targetOf } from '../server/hono/errors.js';
import { DEFAULT_BODY_LIMIT } from '../server/limits.js';
import { checkBodyLimit } from '../server/settings.js';
import {
  createIdempotency,
  type IdempotencyOptions,
  type IdempotencyRequest,
  type Run,
} from './idempotency.js';
import { storableHeaders } from './stored-headers.js';
import type { StoredResponse } from './types.js';

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

type Read = ReadableStreamReadResult<Uint8Array>;

/** What is kept of a response for the store while its body is read. */
type Recording = {
  readonly run: Run;
  readonly head: Omit<StoredResponse, 'body'>;
  /** Its `Content-Length`, if it declared one. */
  readonly declared: number | undefined;
  /** The body so far; undefined once stored or given up. */
  chunks: Uint8Array[] | undefined;
  size: number;
};

const EMPTY = new Uint8Array(0);
const STALLED = Symbol('stalled');
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** A body for `new Response`: none for the statuses that cannot have one. */
function bodyOf(status: number, bytes: Uint8Array): Uint8Array<ArrayBuffer> | null {
  return bytes.byteLength === 0 && NULL_BODY.has(status)
    ? null
    : (bytes as Uint8Array<ArrayBuffer>);
}

/**
 * The read, or STALLED when it has not come by the next macrotask: the body is a stream still
 * being produced (SSE, a long download), so it must flow to the client rather than be awaited.
 */
function soon(read: Promise<Read>): Promise<Read | typeof STALLED> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<typeof STALLED>((resolve) => {
    timer = setTimeout(resolve, 0, STALLED);
  });
  return Promise.race([read, stalled]).finally(() => clearTimeout(timer));
}

function record(rec: Recording, chunk: Uint8Array): void {
  if (rec.chunks === undefined) return;
  rec.size += chunk.byteLength;
  if (rec.size <= rec.run.maxResponseBytes) {
    rec.chunks.push(chunk);
    return;
  }
  // Too large to store: the key stays claimed until its lease ends; the body still flows.
  rec.chunks = undefined;
  void rec.run.finish(undefined);
}

/** Store the recorded body (once): it is whole. */
async function store(rec: Recording): Promise<void> {
  const chunks = rec.chunks;
  if (chunks === undefined) return;
  rec.chunks = undefined;
  await rec.run.finish({ ...rec.head, body: concat(chunks, rec.size) });
}

/**
 * The rest of a body that did not arrive at once, recorded as it flows to the client and stored
 * before its end does (before the last declared byte, or before the close that ends a chunked
 * body): a retry arriving right after the answer finds it. A body that fails or that the client
 * cancels releases the key.
 */
function flowing(
  rec: Recording,
  reader: ReadableStreamDefaultReader<Uint8Array>,
  read: Promise<Read> | undefined,
  prefix: readonly Uint8Array[],
): ReadableStream<Uint8Array> {
  let pending = read;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      if (rec.declared === rec.size) await store(rec);
      for (const chunk of prefix) controller.enqueue(chunk);
    },
    async pull(controller) {
      let result: Read;
      try {
        result = await (pending ?? reader.read());
      } catch (error) {
        void rec.run.abandon();
        controller.error(error);
        return;
      } finally {
        pending = undefined;
      }
      if (result.done) {
        await store(rec);
        controller.close();
        return;
      }
      record(rec, result.value);
      if (rec.declared === rec.size) await store(rec);
      controller.enqueue(result.value);
    },
    cancel(reason) {
      void rec.run.abandon();
      return reader.cancel(reason);
    },
  });
}

function replace(c: Context, res: Response, body: ReadableStream<Uint8Array> | Uint8Array | null) {
  const fresh = new Response(body as BodyInit | null, res); // its status, text and headers
  // Unset first: Hono's setter would merge the old response's headers in again (a copy more).
  c.res = undefined;
  c.res = fresh;
}

/**
 * Store the handler's answer (`c.res`, errata's error response when it threw). A body that
 * arrives at once (`c.json`, `c.text`, errata's errors) is read whole, stored, and sent as the
 * same bytes; one still streaming goes out as it comes (see `flowing`).
 */
async function capture(c: Context, run: Run, idHeader: string): Promise<void> {
  const res = c.res;
  const headers = storableHeaders(Object.fromEntries(res.headers), idHeader);
  const head = { status: res.status, headers };
  const length = res.headers.get('content-length');
  const declared = length !== null && /^\d+$/.test(length) ? Number(length) : undefined;
  if (declared !== undefined && declared > run.maxResponseBytes) return run.finish(undefined);
  if (res.body === null) return run.finish({ ...head, body: EMPTY });
  const rec: Recording = { run, head, declared, chunks: [], size: 0 };
  const reader = res.body.getReader();
  const prefix: Uint8Array[] = [];
  let read: Promise<Read> | undefined;
  for (;;) {
    read = reader.read();
    let result: Read | typeof STALLED;
    try {
      result = await soon(read);
    } catch {
      break; // the body failed: `flowing` fails it the same way, and releases the key
    }
    if (result === STALLED) break;
    read = undefined;
    if (result.done) {
      const bytes = concat(prefix, rec.size);
      rec.chunks = undefined;
      await run.finish({ ...head, body: bytes });
      replace(c, res, bodyOf(res.status, bytes));
      return;
    }
    prefix.push(result.value);
    record(rec, result.value);
    if (rec.chunks === undefined) break; // over maxResponseBytes: the rest streams through
  }
  replace(c, res, flowing(rec, reader, read, prefix));
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
