import type { IncomingMessage } from 'node:http';
import type { ApiError } from '../api-error.js';
import { baseCatalog } from '../catalog.js';
import {
  decodeJsonBody,
  isJsonContentType,
  requireJsonContentType,
  safeJsonParse,
} from './json.js';
import { DEFAULT_BODY_LIMIT } from './limits.js';
import { DUPLICATE_CONTENT_TYPE_MESSAGE, hasDuplicateContentType } from './request-rules.js';

export { DEFAULT_BODY_LIMIT, isJsonContentType, safeJsonParse };

import type { Catalog } from '../catalog-types.js';

/**
 * Whether a request announces a body (RFC 9112: Transfer-Encoding, or a non-zero length).
 * @example hasBody(req) // true for `Content-Length: 12`
 */
export function hasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

/** Options of `readBody` / `readJson`. */
export type BodyOptions = {
  /**
   * Largest body accepted, in bytes. Larger bodies are refused with 413 as soon as
   * `Content-Length` announces them or the stream passes the limit; the rest is never buffered.
   * @default 65536
   */
  limit?: number;
  /**
   * Catalog whose roles (`payload_too_large`, `unsupported_media_type`, `invalid_request`)
   * describe the failures.
   * @default the base catalog
   */
  catalog?: Catalog;
};

/**
 * The 413 error; it asks for `Connection: close` because the unread rest of the body must not
 * be read (or kept) just to reuse the connection.
 */
function tooLarge(catalog: Catalog, limit: number): ApiError {
  return catalog.roleError('payload_too_large', {
    message: `The request body is larger than ${limit} bytes.`,
    headers: { connection: 'close' },
  });
}

const READ = Symbol('errata.body');

/**
 * Keep a body read before the handler (the Idempotency-Key fingerprint reads it) so `readBody`,
 * and every parser above it, gets the same bytes instead of a drained stream.
 * @example rememberBody(req, await readBody(req, { limit }));
 */
export function rememberBody(req: IncomingMessage, body: Buffer): void {
  (req as IncomingMessage & { [READ]?: Buffer })[READ] = body;
}

/**
 * Read a request body into a Buffer, refusing with the `payload_too_large` role (413) when
 * `Content-Length` is above the limit (before reading anything) or when the stream passes it
 * (reading stops at once). Rejects with a plain Error if the client goes away mid-body.
 * @example const bytes = await readBody(req, { limit: 1024 });
 */
export function readBody(req: IncomingMessage, options: BodyOptions = {}): Promise<Buffer> {
  const limit = options.limit ?? DEFAULT_BODY_LIMIT;
  const catalog = options.catalog ?? baseCatalog;
  const declared = req.headers['content-length'];
  if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > limit) {
    return Promise.reject(tooLarge(catalog, limit));
  }
  const remembered = (req as IncomingMessage & { [READ]?: Buffer })[READ];
  if (remembered !== undefined) return Promise.resolve(remembered);
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        chunks.length = 0;
        // Stop pulling bytes off the wire; the response closes the connection.
        req.pause();
        reject(tooLarge(catalog, limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(new Error('errata: the client closed the connection before the body was complete.'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/**
 * Read and parse a JSON request body: 400 `invalid_request` under two `Content-Type` fields, 415
 * `unsupported_media_type` unless the content type is JSON, 413 `payload_too_large` past the limit, 400 `invalid_request` when the body is empty,
 * not UTF-8 or not JSON. Prototype-polluting keys are dropped (see `safeJsonParse`).
 * @example const body = await readJson(req, { limit: 65536, catalog });
 */
export async function readJson(req: IncomingMessage, options: BodyOptions = {}): Promise<unknown> {
  const catalog = options.catalog ?? baseCatalog;
  // node:http keeps the first of two Content-Types: refused, as attachServer and Hono do.
  const raw = req.rawHeaders as string[] | undefined;
  if (raw !== undefined && hasDuplicateContentType(raw)) {
    throw catalog.roleError('invalid_request', { message: DUPLICATE_CONTENT_TYPE_MESSAGE });
  }
  requireJsonContentType(req.headers['content-type'], catalog);
  return decodeJsonBody(await readBody(req, options), catalog);
}
