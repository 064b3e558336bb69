/** Hono's `HTTPException` as a catalog ApiError. No Node built-ins. */
import type { HTTPException } from 'hono/http-exception';
import type { ApiError } from '../../api-error.js';
import type { Catalog } from '../../catalog-types.js';
import { statusError } from '../status-error.js';

/**
 * The ApiError for an HTTPException: the catalog's role for its status (or the catalog's entry
 * for errata's code of that status, e.g. `unauthorized`). A 4xx keeps its message, which Hono
 * code writes for the client (Hono's own handler sends it); a 5xx gets the generic one. The
 * headers of a custom `res` (e.g. `WWW-Authenticate` from bearerAuth) are kept, its body never;
 * the exception is the `cause` (server side only).
 */
export function httpExceptionError(
  error: HTTPException,
  catalog: Catalog,
  requestIdHeader: string,
): ApiError {
  const status = error.status;
  const headers: Record<string, string> = {};
  error.res?.headers.forEach((value, name) => {
    if (!name.startsWith('content-') && name !== requestIdHeader) headers[name] = value;
  });
  // Hono's own handler shows a 4xx HTTPException's message to clients: so does errata.
  return statusError(status, catalog, { cause: error, headers, message: error.message });
}
