import type { ServerResponse } from 'node:http';
import type { ApiError } from '../api-error.js';
import type { RenderedError } from '../formats/types.js';
import type { RenderOptions } from '../render.js';
import { mergeVary } from '../vary.js';
import { answerWithFallback } from './render-fallback.js';
import type { ErrorInfo, Settings } from './settings.js';

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
 * - A `vary` header is merged with the `Vary` the response already has (`Origin` set by CORS
 *   middleware and `Accept-Language` become `Origin, Accept-Language`), each name once; every
 *   other header replaces the response's.
 * - Throws a TypeError, before anything is written, when a header name or value is invalid
 *   (e.g. holds CR/LF), so the caller can answer with an error instead. The headers this call
 *   had already set are removed again.
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
  const headers = response.headers;
  if (headers !== undefined) {
    const names = Object.keys(headers);
    let i = 0;
    // The response's own `Vary` (CORS middleware's `Origin`), read only when a `vary` is sent,
    // and put back if a later header fails.
    let vary: ReturnType<ServerResponse['getHeader']>;
    try {
      // setHeader validates the name and value (ERR_INVALID_HTTP_TOKEN, ERR_INVALID_CHAR, both
      // TypeErrors): no separate validation pass.
      for (; i < names.length; i++) {
        const name = names[i] as string;
        let value = headers[name] as string;
        if (name.length === 4 && name.toLowerCase() === 'vary') {
          // `Vary` is a list: what the response names already stays, once.
          vary = res.getHeader('vary');
          value = mergeVary(vary, value) ?? value;
        }
        res.setHeader(name, value);
      }
    } catch (error) {
      for (let j = 0; j < i; j++) res.removeHeader(names[j] as string);
      if (vary !== undefined) res.setHeader('vary', vary);
      throw error;
    }
  }
  try {
    const status = response.status;
    const noBody = status === 204 || status === 304;
    const body = noBody ? undefined : response.body;
    res.statusCode = status;
    if (body === undefined) {
      if (!noBody && !res.hasHeader('content-length')) res.setHeader('content-length', '0');
      res.end();
    } else if (typeof body === 'string') {
      res.setHeader('content-length', Buffer.byteLength(body, 'utf8'));
      res.end(body, 'utf8');
    } else {
      res.setHeader('content-length', body.byteLength);
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
 * The last answer when not even a plain error could be written: a body-less 500 while the
 * response can still start, else a cut.
 * @example bare500(res);
 */
export function bare500(res: ServerResponse): void {
  if (canRespond(res)) {
    res.statusCode = 500;
    res.end();
  } else abort(res);
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

/**
 * Send an error on a node:http response through the render ladder (`answerWithFallback`): the
 * error, else the reported plain internal_error, else a bare 500 or a cut.
 * @example sendError(settings, info, apiError, context, res);
 */
export function sendError(
  settings: Settings,
  info: ErrorInfo,
  apiError: ApiError,
  context: RenderOptions,
  res: ServerResponse,
): void {
  answerWithFallback(
    settings,
    info,
    apiError,
    context,
    (rendered) => send(res, rendered),
    () => bare500(res),
  );
}
