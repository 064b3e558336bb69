import type { ApiError } from '../../api-error.js';
import type { Catalog } from '../../catalog-types.js';
import { isErrorStatus } from '../../status.js';
import { statusLikeError } from '../status-error.js';

// Errors Koa and its ecosystem raise, as cataloged ApiErrors. `ctx.throw()` / `ctx.assert()` are
// http-errors; @koa/bodyparser reads through co-body and raw-body, which raise http-errors typed
// by `err.type` (the same vocabulary as Express's body-parser: `entity.too.large`, …) and, for a
// body that is not JSON, a SyntaxError carrying `status: 400` and the raw body (never shown).

/** raw-body error types (`err.type`) with the role and the message clients get. */
const BODY_READER: Readonly<Record<string, readonly [role: string, message: string]>> = {
  'entity.parse.failed': ['invalid_request', 'The request body is not valid JSON.'],
  'entity.too.large': ['payload_too_large', 'The request body is too large.'],
  'encoding.unsupported': [
    'unsupported_media_type',
    'The request body has an unsupported Content-Encoding.',
  ],
  'charset.unsupported': ['unsupported_media_type', 'The request body has an unsupported charset.'],
  'request.size.invalid': [
    'invalid_request',
    'The request body does not have the length its Content-Length announced.',
  ],
  'request.aborted': ['invalid_request', 'The request was aborted before its body was complete.'],
  'parameters.too.many': ['payload_too_large', 'The request body has too many parameters.'],
};

function statusOf(error: object): number | undefined {
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  if (isErrorStatus(status)) return status;
  if (isErrorStatus(statusCode)) return statusCode;
  return undefined;
}

/**
 * The ApiError for an error Koa's ecosystem raised, or undefined when the value is not one (then
 * it is an unknown failure: a generic 500).
 *
 * - raw-body errors (through @koa/bodyparser / co-body) map by `type` to roles with errata's
 *   own messages; a 413 also closes the connection (the rest of the body is never read).
 * - co-body's parse failure (a SyntaxError with `status: 400`, whose `body` holds what the client
 *   sent) is `invalid_request`, "not valid JSON".
 * - Anything else goes through `statusLikeError`, the rule of every adapter: `ctx.throw(404,
 *   'No such user')` (http-errors exposes 4xx messages) shows its message; a 4xx without
 *   `expose: true` gets the generic one; its `headers` (e.g. `WWW-Authenticate`) are kept;
 *   5xx (`ctx.throw(500, …)`) and non-Error values are not mapped (a generic 500 for onError).
 *
 * Throws only when the value's getters do (the caller guards).
 * @example frameworkError(createHttpError(413, 'too big', { type: 'entity.too.large' }), catalog) // payload_too_large
 */
export function frameworkError(error: unknown, catalog: Catalog): ApiError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = statusOf(error);
  if (status === undefined) return undefined;
  const type = (error as { type?: unknown }).type;
  const known =
    typeof type === 'string' && Object.hasOwn(BODY_READER, type) ? BODY_READER[type] : undefined;
  if (known !== undefined) {
    const [role, message] = known;
    const options: { message: string; cause: unknown; headers?: Record<string, string> } = {
      message,
      cause: error,
    };
    if (role === 'payload_too_large') options.headers = { connection: 'close' };
    return catalog.roleError(role, options);
  }
  if (status === 400 && error instanceof SyntaxError) {
    return catalog.roleError('invalid_request', {
      message: 'The request body is not valid JSON.',
      cause: error,
    });
  }
  return statusLikeError(error, catalog);
}
