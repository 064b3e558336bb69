import type { ApiError } from '../../api-error.js';
import type { Catalog } from '../../catalog-types.js';
import { bodyReaderError, errorStatusOf } from '../body-reader-errors.js';
import { BAD_ENCODING_MESSAGE } from '../router.js';
import { statusLikeError } from '../status-error.js';

// Errors Express and its ecosystem raise, as cataloged ApiErrors: body-parser's typed errors
// (`entity.parse.failed`, `entity.too.large`, …), the router's URIError for a bad
// percent-encoding; then any http-errors-style Error through `statusLikeError`, the rule every
// adapter shares.

/**
 * The ApiError for an error Express's ecosystem raised, or undefined when the value is not one
 * (then it is an unknown failure: a generic 500).
 *
 * - body-parser errors map by `type` to roles with errata's own messages (never body-parser's,
 *   which quote the body: `Unexpected token } in JSON at position 14`).
 * - A URIError with status 400 (the router decoding a param) is `invalid_request` with
 *   `BAD_ENCODING_MESSAGE`, as in every adapter.
 * - Anything else goes through `statusLikeError` (shared by all adapters): Errors with a 4xx
 *   `status`/`statusCode` become the role for that status, else the catalog's code for it
 *   (401 `unauthorized`, 409 `conflict`, … `http_418`), with their own message only when
 *   `expose: true` (`createError(404, 'No such user')`) and their `headers` kept; 5xx errors and
 *   non-Error values are not mapped (a generic 500 reported to `onError`).
 */
export function frameworkError(error: unknown, catalog: Catalog): ApiError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = errorStatusOf(error);
  if (status === undefined) return undefined;
  const known = bodyReaderError(error, catalog);
  if (known !== undefined) return known;
  if (status === 400 && error instanceof URIError) {
    return catalog.roleError('invalid_request', { message: BAD_ENCODING_MESSAGE, cause: error });
  }
  // Everything else: the rule every adapter shares (4xx mapped, 5xx and non-Errors not).
  return statusLikeError(error, catalog);
}
