import type { ApiError } from '../api-error.js';
import { parseErrorBody } from '../parse/index.js';
import { type ParseErrorOptions, readError } from './read-error.js';

export type { ParseErrorOptions } from './read-error.js';

/**
 * Turn an error `Response` of any API into an ApiError: reads at most `maxBytes` of the body,
 * then detects the format (errata's eight, other APIs' shapes, HTML, text, nothing). The request
 * id comes from the body or the `X-Request-ID`/`Request-Id` headers; `retryAfter` from the body,
 * `Retry-After` or the rate-limit reset headers; `locale` (the message's language) from an
 * AIP-193 `LocalizedMessage` or `Content-Language` (see `parseErrorBody`). Rejects only when
 * `signal` aborts; a body that stalls forever keeps it waiting unless a `signal` bounds the wait
 * (the client passes one).
 * @example
 * const res = await fetch(url);
 * if (!res.ok) throw await parseError(res);
 */
export function parseError(response: Response, options: ParseErrorOptions = {}): Promise<ApiError> {
  return readError(response, options, parseErrorBody);
}
