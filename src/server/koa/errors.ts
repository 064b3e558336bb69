import type { ApiError } from '../../api-error.js';
import type { Catalog } from '../../catalog-types.js';
import { bodyReaderError, errorStatusOf } from '../body-reader-errors.js';
import { statusLikeError } from '../status-error.js';

// Errors Koa and its ecosystem raise, as cataloged ApiErrors. `ctx.throw()` / `ctx.assert()` are
// http-errors; @koa/bodyparser reads through co-body and raw-body, which raise http-errors typed
// by `err.type` (the same vocabulary as Express's body-parser: `entity.too.large`, …) and, for a
// body that is not JSON, a SyntaxError carrying `status: 400` and the raw body (never shown).

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
  const status = errorStatusOf(error);
  if (status === undefined) return undefined;
  const known = bodyReaderError(error, catalog);
  if (known !== undefined) return known;
  if (status === 400 && error instanceof SyntaxError) {
    return catalog.roleError('invalid_request', {
      message: 'The request body is not valid JSON.',
      cause: error,
    });
  }
  return statusLikeError(error, catalog);
}
