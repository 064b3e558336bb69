/**
 * The route table of errata's own routers (errata/node, errata/fetch): routes compiled once, then
 * per request the handler of the first matching route, or the methods the path allows (405, an
 * automatic OPTIONS), or nothing (404). Generic over the handler and route-option types, which
 * differ by adapter; no Node built-ins.
 */
import type { Catalog } from '../catalog-types.js';
import { negotiateFormat } from '../formats/index.js';
import type { Format, FormatName } from '../formats/types.js';
import {
  BAD_ENCODING_MESSAGE,
  compilePath,
  METHODS,
  type Method,
  matchPath,
  type PathPattern,
} from './router.js';
import { checkBodyLimit } from './settings.js';

/** The options every adapter's routes have. */
export type BaseRouteOptions = {
  format?: FormatName | Format | undefined;
  bodyLimit?: number | undefined;
};

/** One route, compiled. */
export type CompiledRoute<H, O> = {
  pattern: PathPattern;
  handlers: { readonly [M in Method]?: H };
  options: O;
  /** The methods with a handler, as bits of METHODS. */
  methodBits: number;
};

/** The handler routing found for a request, with its params and its route's options. */
export type Routed<H, O> = { handler: H; params: Record<string, string>; options: O };

/** What routing found for a path no route of the method answers (405, automatic OPTIONS). */
export type Unrouted<O> = { allow: readonly string[]; options?: O };

/** How a pipeline finds the handler of a request; throws an ApiError for a path it refuses. */
export type RouteLookup<H, O> = (
  method: string,
  path: string,
) => Routed<H, O> | Unrouted<O> | undefined;

const GET_BIT = 1 << METHODS.indexOf('GET');
const HEAD_BIT = 1 << METHODS.indexOf('HEAD');
const OPTIONS_BIT = 1 << METHODS.indexOf('OPTIONS');

/**
 * Check route options at start-up: the format, the body limit, then the adapter's own
 * (`checkOptions`); errors name `where`.
 * @example checkRouteOptions({ bodyLimit: 1024 }, 'handler()', () => {});
 */
export function checkRouteOptions<O extends BaseRouteOptions>(
  options: O,
  where: string,
  checkOptions: (options: O, where: string) => void,
): void {
  if (options.format !== undefined) negotiateFormat({ route: options.format });
  if (options.bodyLimit !== undefined) checkBodyLimit(options.bodyLimit, `${where}: bodyLimit`);
  checkOptions(options, where);
}

/**
 * Compile a route, checking its handlers and options now rather than on its first request;
 * `checkOptions` checks the adapter's own options (rate limit, idempotency).
 * @example compileRoute('/v1/items/:id', { GET: handler }, {}, () => {})
 */
export function compileRoute<H, O extends BaseRouteOptions>(
  path: string,
  handlers: { readonly [M in Method]?: H },
  options: O,
  checkOptions: (options: O, where: string) => void,
): CompiledRoute<H, O> {
  const pattern = compilePath(path);
  for (const key of Object.keys(handlers)) {
    if (!(METHODS as string[]).includes(key) || typeof handlers[key as Method] !== 'function') {
      throw new TypeError(
        `errata: route ${path}: '${key}' must be one of ${METHODS.join(', ')} with a handler function.`,
      );
    }
  }
  checkRouteOptions(options, `route ${path}`, checkOptions);
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
 * @example const lookup = routeLookup(routes, catalog); lookup('GET', '/v1/items/7')
 */
export function routeLookup<H, O>(
  routes: readonly CompiledRoute<H, O>[],
  catalog: Catalog,
): RouteLookup<H, O> {
  return (method, path) => {
    const parts = path.slice(1).split('/');
    // Methods of the routes that match the path but not the method, as bits of METHODS: no
    // allocation unless the request ends in 405 (or an automatic OPTIONS).
    let allowed = 0;
    let options: O | undefined;
    for (const route of routes) {
      const params = matchPath(route.pattern, parts);
      if (params === undefined) continue;
      if (params === 'bad-encoding') {
        throw catalog.roleError('invalid_request', { message: BAD_ENCODING_MESSAGE });
      }
      const handler =
        route.handlers[method as Method] ?? (method === 'HEAD' ? route.handlers.GET : undefined);
      if (handler !== undefined) return { handler, params, options: route.options };
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
