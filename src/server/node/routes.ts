import type { Catalog } from '../../catalog-types.js';
import { type CompiledRoute, compileRoute as compile, routeLookup } from '../route-table.js';
import type { Handler, RouteHandlers } from './handler.js';
import { idempotencyOption, type RouteOptions, rateLimitOption } from './options.js';
import type { Resolve } from './serve.js';

/** One `app.route()`, compiled. */
export type Route = CompiledRoute<Handler, RouteOptions>;

/**
 * Compile a route, checking its handlers and options now rather than on its first request.
 * @example routes.push(compileRoute('/v1/items/:id', { GET: handler }, {}));
 */
export function compileRoute(path: string, handlers: RouteHandlers, options: RouteOptions): Route {
  return compile<Handler, RouteOptions>(path, handlers, options, (checked, where) => {
    rateLimitOption(checked.rateLimit, `${where}: rateLimit`);
    idempotencyOption(checked.idempotency, `${where}: idempotency`);
  });
}

/**
 * Routing over `routes` (read at request time, so routes added later count): the first route
 * whose path matches and that has a handler for the method (HEAD falls back to GET), else the
 * methods the path allows, else undefined.
 * @example const resolve = routeResolver(routes, catalog); resolve('GET', '/v1/items/7')
 */
export function routeResolver(routes: readonly Route[], catalog: Catalog): Resolve {
  return routeLookup(routes, catalog);
}
