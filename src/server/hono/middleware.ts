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

/** What @hono/node-server passes as `c.env`: the raw node:http request and response. */
type NodeServerEnv = { incoming?: { headers?: unknown }; outgoing?: unknown };

/**
 * A request header, read from the raw node:http request on @hono/node-server: `c.req.header()`
 * there first copies every request header into a fetch `Headers`, for one value. Elsewhere
 * (or when `c.env` does not look like node-server's) through Hono.
 */
function requestHeader(c: Context, name: string): string | undefined {
  const env = c.env as NodeServerEnv | undefined;
  const headers = env?.outgoing === undefined ? undefined : env.incoming?.headers;
  if (typeof headers !== 'object' || headers === null) return c.req.header(name);
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
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
    const requestId = resolveRequestId(requestHeader(c, header), settings.requestId);
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
