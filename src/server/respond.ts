import { type ServerResponse, validateHeaderName, validateHeaderValue } from 'node:http';
import type { RenderedError } from '../formats/types.js';

/** A response to write: status, headers (any case) and an optional body. */
export type OutgoingResponse = {
  status: number;
  headers?: Readonly<Record<string, string>> | undefined;
  body?: string | Uint8Array | undefined;
};

/**
 * Whether a response can still be started: nothing sent yet and the socket still open.
 * @example if (canRespond(res)) send(res, rendered);
 */
export function canRespond(res: ServerResponse): boolean {
  return !res.headersSent && !res.writableEnded && !res.destroyed;
}

/**
 * Write a complete response (a RenderedError or any status/headers/body).
 *
 * - Throws a TypeError, before anything is written, when a header name or value is invalid
 *   (e.g. holds CR/LF), so the caller can answer with an error instead.
 * - Never throws otherwise: when the response was already started it is destroyed (the client
 *   must not take a partial body for a whole one); when it already ended nothing happens.
 *
 * Returns whether the response was written.
 * @example send(res, renderError(error, { format: 'problem', requestId }));
 */
export function send(res: ServerResponse, response: OutgoingResponse | RenderedError): boolean {
  if (!canRespond(res)) {
    abort(res);
    return false;
  }
  const headers = Object.entries(response.headers ?? {});
  for (const [name, value] of headers) {
    validateHeaderName(name);
    validateHeaderValue(name, value);
  }
  try {
    for (const [name, value] of headers) res.setHeader(name, value);
    const noBody = response.status === 204 || response.status === 304;
    const body =
      response.body === undefined || noBody
        ? undefined
        : typeof response.body === 'string'
          ? Buffer.from(response.body, 'utf8')
          : response.body;
    res.statusCode = response.status;
    if (body === undefined) {
      if (!noBody && !res.hasHeader('content-length')) res.setHeader('content-length', '0');
      res.end();
    } else {
      res.setHeader('content-length', String(body.byteLength));
      res.end(body);
    }
    return true;
  } catch {
    // The socket died between the check and the write.
    abort(res);
    return false;
  }
}

/**
 * Give up on a response that cannot be answered properly: destroy it unless it already ended.
 * Destroying (rather than ending) a started response tells the client it is incomplete.
 */
export function abort(res: ServerResponse): void {
  if (res.writableEnded || res.destroyed) return;
  try {
    res.destroy();
  } catch {
    // Nothing more can be done for this response.
  }
}
