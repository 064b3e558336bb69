import type { Context, MiddlewareHandler } from 'hono';
import { resolveRequestId } from '../request-id.js';
import { BAD_ENCODING_MESSAGE, hasBadEncoding } from '../router.js';
import type { Settings } from '../settings.js';
import { pathOf, targetOf } from './errors.js';
import type { ErrataEnv } from './options.js';
import type { Responder } from './responder.js';

/** Whether a route (not middleware: `use`, `all`) of the request's method matches its path. */
function routeMatches(c: Context): boolean {
  try {
    return c.req.matchedRoutes.some((route) => route.method !== 'ALL');
  } catch {
    return false;
  }
}

function stamp(c: Context, header: string, requestId: string): void {
  try {
    c.res.headers.set(header, requestId);
    if (header !== 'x-request-id') c.res.headers.set('x-request-id', requestId);
  } catch {
    // Immutable headers (a Response from fetch()): Hono's c.header copies the response.
    c.header(header, requestId);
    if (header !== 'x-request-id') c.header('x-request-id', requestId);
  }
}

/** `errata.middleware`: the request id, and an answer for whatever is thrown past `onError`. */
export function errataMiddleware(
  settings: Settings,
  responder: Responder,
): MiddlewareHandler<ErrataEnv> {
  const { catalog } = settings;
  const header = settings.requestId.header;
  return async function errataMiddleware(c, next) {
    const requestId = resolveRequestId(c.req.header(header), settings.requestId);
    c.set('requestId', requestId);
    try {
      // A route of this method matches a path with a bad percent-encoding: its params cannot be
      // decoded, so 400 as in every adapter (an unknown path stays a 404 in notFound).
      if (hasBadEncoding(pathOf(targetOf(c.req.url))) && routeMatches(c)) {
        throw catalog.roleError('invalid_request', { message: BAD_ENCODING_MESSAGE });
      }
      await next();
    } catch (error) {
      // Hono hands only Errors to onError; anything else thrown ends up here (errorResponse
      // drops what the handler prepared that describes a success body: ETag, …).
      c.res = responder.errorResponse(c, error);
    }
    stamp(c, header, requestId);
  };
}
