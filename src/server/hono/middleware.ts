import type { Context, MiddlewareHandler } from 'hono';
import { resolveRequestId } from '../request-id.js';
import { BAD_ENCODING_MESSAGE, hasBadEncoding } from '../router.js';
import type { Settings } from '../settings.js';
import { idHeaderNames, pathOf, targetOf } from '../web-target.js';
import { nodeServerEnv } from './node-env.js';
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

/**
 * A request header, read from the raw node:http request on @hono/node-server: `c.req.header()`
 * there first copies every request header into a fetch `Headers`, for one value. Elsewhere
 * (or when `c.env` does not look like node-server's) through Hono.
 */
function requestHeader(c: Context, name: string): string | undefined {
  const node = nodeServerEnv(c.env);
  if (node === undefined) return c.req.header(name);
  const value = node.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function stamp(c: Context, names: readonly string[], requestId: string): void {
  try {
    for (const name of names) c.res.headers.set(name, requestId);
  } catch {
    // Immutable headers (a Response from fetch()): Hono's c.header copies the response.
    for (const name of names) c.header(name, requestId);
  }
}

/** `errata.middleware`: the request id, and an answer for whatever is thrown past `onError`. */
export function errataMiddleware(
  settings: Settings,
  responder: Responder,
): MiddlewareHandler<ErrataEnv> {
  const { catalog } = settings;
  const header = settings.requestId.header;
  const names = idHeaderNames(header);
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
    stamp(c, names, requestId);
  };
}
