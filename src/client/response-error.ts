import { ApiError } from '../api-error.js';

/**
 * Why the client refused a response it got (as opposed to getting none):
 * - `invalid_response`: a success body that is not JSON;
 * - `response_too_large`: a success body over `maxBodyBytes`, or response headers larger than
 *   the runtime holds;
 * - `redirect_cross_origin`: a redirect off the base URL's origin, not allowed by `redirects`;
 * - `redirect_refused`: a redirect while `redirects` is `'error'`;
 * - `too_many_redirects`: more hops than `maxRedirects`;
 * - `invalid_redirect`: no usable `Location` (missing, unparsable, not http(s), with a user name
 *   or password), or a 307/308
 *   that would need a stream body sent twice.
 */
export type ResponseErrorCode =
  | 'invalid_response'
  | 'response_too_large'
  | 'redirect_cross_origin'
  | 'redirect_refused'
  | 'too_many_redirects'
  | 'invalid_redirect';

const TITLES: Readonly<Record<ResponseErrorCode, string>> = {
  invalid_response: 'Invalid response',
  response_too_large: 'Response too large',
  redirect_cross_origin: 'Cross-origin redirect',
  redirect_refused: 'Redirect refused',
  too_many_redirects: 'Too many redirects',
  invalid_redirect: 'Invalid redirect',
};

/** What varies between two errors of one code. */
export type ResponseErrorInit = {
  message: string;
  details?: Record<string, unknown> | undefined;
  raw?: unknown;
  cause?: unknown;
};

/**
 * The ApiError of a response the client refuses: a 502 (the server broke the contract), never
 * retried (the same request gets the same answer), `format: 'network'` like the client's other
 * own errors. Messages are the client's, so they may be shown.
 * @example throw responseError('response_too_large', { message: 'The body passed 10 MiB.' });
 */
export function responseError(code: ResponseErrorCode, init: ResponseErrorInit): ApiError {
  return new ApiError({
    status: 502,
    code,
    title: TITLES[code],
    message: init.message,
    retryable: false,
    expose: true,
    format: 'network',
    ...(init.details === undefined ? {} : { details: init.details }),
    ...(init.raw === undefined ? {} : { raw: init.raw }),
    ...(init.cause === undefined ? {} : { cause: init.cause }),
  });
}
