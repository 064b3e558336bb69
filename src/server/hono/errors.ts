/**
 * Hono's `HTTPException` as a catalog ApiError, and request-target helpers. No Node built-ins.
 */
import type { HTTPException } from 'hono/http-exception';
import type { ApiError } from '../../api-error.js';
import type { Catalog } from '../../catalog-types.js';
import { statusError } from '../status-error.js';

/** The request target (path and query) of a full request URL. */
export function targetOf(url: string): string {
  const scheme = url.indexOf('://');
  const slash = url.indexOf('/', scheme === -1 ? 0 : scheme + 3);
  return slash === -1 ? '/' : url.slice(slash);
}

/** The path of a request target, still percent-encoded. */
export function pathOf(target: string): string {
  const q = target.indexOf('?');
  return q === -1 ? target : target.slice(0, q);
}

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
