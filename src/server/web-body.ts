/**
 * Reading request bodies from a fetch `Request` (Hono's `c.req.raw`, errata/fetch's request), with the same rules as
 * errata/node's `readJson`: 415 unless JSON, 413 past the limit (by `Content-Length` before
 * reading, and while streaming), 400 when empty, not UTF-8 or not JSON, prototype-safe parsing.
 * No Node built-ins: runs on Node and on every fetch runtime.
 */
import type { ApiError } from '../api-error.js';
import type { Catalog } from '../catalog-types.js';
import { decodeJsonBody, requireJsonContentType } from './json.js';

/** The body caches Hono keeps on `c.req.bodyCache`; read and filled here. */
export type BodyCache = {
  arrayBuffer?: ArrayBuffer | Promise<ArrayBuffer> | undefined;
  /** The bytes read here, at hand without a wait (errata/fetch gives them back to its handlers). */
  bytes?: Uint8Array | undefined;
};

/** The 413 error; like errata/node, it closes the connection (the unread rest must not be read). */
function tooLarge(catalog: Catalog, limit: number): ApiError {
  return catalog.roleError('payload_too_large', {
    message: `The request body is larger than ${limit} bytes.`,
    headers: { connection: 'close' },
  });
}

/**
 * Read a request body, refusing with `payload_too_large` (413) when `Content-Length` announces
 * more than `limit` bytes (before reading anything) or the stream passes it (reading stops and
 * the stream is cancelled). A body another middleware already read through Hono's
 * `c.req.arrayBuffer()` is taken from `cache`; the bytes read here are put there, so a later
 * `c.req.text()` still works.
 * @example const bytes = await readRequestBytes(request, 65_536, catalog, {});
 */
export async function readRequestBytes(
  request: Request,
  limit: number,
  catalog: Catalog,
  cache: BodyCache,
): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) {
    throw tooLarge(catalog, limit);
  }
  if (cache.arrayBuffer !== undefined) {
    const cached = new Uint8Array(await cache.arrayBuffer);
    if (cached.byteLength > limit) throw tooLarge(catalog, limit);
    return cached;
  }
  const body = request.body;
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Stop pulling bytes off the wire; the 413 closes the connection.
      reader.cancel().catch(() => {});
      throw tooLarge(catalog, limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  cache.arrayBuffer = Promise.resolve(bytes.buffer);
  cache.bytes = bytes;
  return bytes;
}

const _decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Read and parse a JSON request body: 415 `unsupported_media_type` unless the content type is
 * JSON, 413 `payload_too_large` past the limit, 400 `invalid_request` when the body is empty,
 * not UTF-8 or not JSON. `__proto__` / `constructor.prototype` members are dropped.
 * @example const input = await readRequestJson(request, 65_536, catalog, {});
 */
export async function readRequestJson(
  request: Request,
  limit: number,
  catalog: Catalog,
  cache: BodyCache,
): Promise<unknown> {
  requireJsonContentType(request.headers.get('content-type') ?? undefined, catalog);
  return decodeJsonBody(await readRequestBytes(request, limit, catalog, cache), catalog);
}

/** How a repeated query parameter (`?tag=a&tag=b`) is read: all its values, or the last one. */
export type RepeatedQuery = 'array' | 'last';

/**
 * The query of a request URL as an object: one value as a string; a repeated one as an array
 * (`'array'`, Hono's convention) or as its last value (`'last'`, like errata/node's
 * `Object.fromEntries(ctx.query)`). Built here rather than with `c.req.queries()`, which loses a
 * `__proto__` parameter; every name is a plain own property.
 * @example queryObject('http://x/a?tag=1&tag=2') // { tag: ['1', '2'] }
 */
export function queryObject(
  url: string,
  repeated: RepeatedQuery = 'array',
): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  const q = url.indexOf('?');
  if (q === -1) return query;
  for (const [name, value] of new URLSearchParams(url.slice(q + 1))) {
    const previous = Object.hasOwn(query, name) ? query[name] : undefined;
    const next =
      previous === undefined || repeated === 'last'
        ? value
        : Array.isArray(previous)
          ? [...previous, value]
          : [previous, value];
    Object.defineProperty(query, name, {
      value: next,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return query;
}
