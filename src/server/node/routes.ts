import type { Catalog } from '../../catalog-types.js';
import { negotiateFormat } from '../../formats/index.js';
import {
  BAD_ENCODING_MESSAGE,
  compilePath,
  METHODS,
  type Method,
  matchPath,
  type PathPattern,
} from '../router.js';
import { checkBodyLimit } from '../settings.js';
import type { Handler, RouteHandlers } from './handler.js';
import { idempotencyOption, type RouteOptions, rateLimitOption } from './options.js';
import type { Resolve } from './serve.js';

/** One `app.route()`, compiled. */
export type Route = {
  pattern: PathPattern;
  handlers: RouteHandlers;
  options: RouteOptions;
  /** The methods with a handler, as bits of METHODS. */
  methodBits: number;
};

const GET_BIT = 1 << METHODS.indexOf('GET');
const HEAD_BIT = 1 << METHODS.indexOf('HEAD');
const OPTIONS_BIT = 1 << METHODS.indexOf('OPTIONS');

/** Compile a route, checking its handlers and options now rather than on its first request. */
export function compileRoute(path: string, handlers: RouteHandlers, options: RouteOptions): Route {
  const pattern = compilePath(path);
  for (const key of Object.keys(handlers)) {
    if (!(METHODS as string[]).includes(key) || typeof handlers[key as Method] !== 'function') {
      throw new TypeError(
        `errata: route ${path}: '${key}' must be one of ${METHODS.join(', ')} with a handler function.`,
      );
    }
  }
  if (options.format !== undefined) negotiateFormat({ route: options.format });
  if (options.bodyLimit !== undefined) {
    checkBodyLimit(options.bodyLimit, `route ${path}: bodyLimit`);
  }
  rateLimitOption(options.rateLimit, `route ${path}: rateLimit`);
  idempotencyOption(options.idempotency, `route ${path}: idempotency`);
  let methodBits = 0;
  METHODS.forEach((m, i) => {
    if (handlers[m] !== undefined) methodBits |= 1 << i;
  });
  return { pattern, handlers, options, methodBits };
}

/**
 * Routing over `routes` (read at request time, so routes added later count): the first route
 * whose path matches and that has a handler for the method (HEAD falls back to GET), else the
 * methods the path allows, else undefined.
 */
export function routeResolver(routes: readonly Route[], catalog: Catalog): Resolve {
  return (method, path) => {
    const parts = path.slice(1).split('/');
    // Methods of the routes that match the path but not the method, as bits of METHODS: no
    // allocation unless the request ends in 405 (or an automatic OPTIONS).
    let allowed = 0;
    let options: RouteOptions | undefined;
    for (const route of routes) {
      const params = matchPath(route.pattern, parts);
      if (params === undefined) continue;
      if (params === 'bad-encoding') {
        throw catalog.roleError('invalid_request', { message: BAD_ENCODING_MESSAGE });
      }
      const handler =
        route.handlers[method as Method] ?? (method === 'HEAD' ? route.handlers.GET : undefined);
      if (handler !== undefined)
        return { handler: handler as Handler, params, options: route.options };
      options ??= route.options;
      allowed |= route.methodBits;
    }
    if (allowed === 0) return undefined;
    if (allowed & GET_BIT) allowed |= HEAD_BIT;
    allowed |= OPTIONS_BIT;
    const allow = METHODS.filter((_, i) => (allowed & (1 << i)) !== 0);
    return options === undefined ? { allow } : { allow, options };
  };
}
