import type { Catalog } from '../../catalog-types.js';
import { canRespond } from '../respond.js';
import { BAD_ENCODING_MESSAGE, hasBadEncoding } from '../router.js';
import { allowScan } from './allow.js';
import { pinFormat, pinnedFormat } from './format.js';
import { pathOf } from './respond.js';
import type { KoaMiddleware, RouterLike } from './types.js';

// Routing answers @koa/router leaves to the app: what to do with a path whose percent-encoding
// is bad, and with a request no route took (405 with Allow, 204 to OPTIONS, else 404).

/** Whether a route of `method` (not a `router.use()` layer) matches the path; false on any throw. */
function routed(router: RouterLike, path: string, method: string): boolean {
  try {
    return router.match(path, method).route === true;
  } catch {
    return false;
  }
}

/**
 * `errata.routes(router)`: `router.routes()`, after a 400 for a path one of its routes of this
 * method would take whose percent-encoding is bad (@koa/router would hand the handler the raw
 * text as the param). A bad path no route of this method takes is left to `notFound`.
 * @example app.use(routesMiddleware(router, catalog));
 */
export function routesMiddleware(router: RouterLike, catalog: Catalog): KoaMiddleware {
  if (
    typeof router !== 'object' ||
    router === null ||
    typeof router.routes !== 'function' ||
    typeof router.match !== 'function'
  ) {
    throw new TypeError('errata: routes() needs a @koa/router Router (with routes() and match()).');
  }
  const dispatch = router.routes() as (ctx: unknown, next: () => Promise<unknown>) => unknown;
  return async function errataRoutes(ctx, next) {
    if (hasBadEncoding(ctx.path) && routed(router, ctx.path, ctx.method)) {
      throw catalog.roleError('invalid_request', { message: BAD_ENCODING_MESSAGE });
    }
    await dispatch(ctx, next);
  };
}

/**
 * `errata.notFound`: 405 with `Allow` (204 for OPTIONS) for a path a route knows under other
 * methods, 400 for such a path with a bad percent-encoding, else 404. With 405 switched off in
 * the catalog, a known path's other methods get the 404 too (OPTIONS still 204).
 * @example app.use(notFoundMiddleware(catalog));
 */
export function notFoundMiddleware(catalog: Catalog): KoaMiddleware {
  return async function errataNotFound(ctx) {
    // A handler that answered and passed the request on (Koa's middleware style) keeps its answer.
    if (ctx.status !== 404 || (ctx.body !== undefined && ctx.body !== null)) return;
    if (!canRespond(ctx.res)) return;
    const off = catalog.roles.method_not_allowed === undefined && ctx.method !== 'OPTIONS';
    const scan = off ? undefined : allowScan((ctx as { matched?: unknown }).matched, ctx.method);
    if (scan !== undefined && hasBadEncoding(ctx.path)) {
      // A route of another method matches: the params cannot be decoded whatever the method.
      throw catalog.roleError('invalid_request', { message: BAD_ENCODING_MESSAGE });
    }
    if (scan === undefined) {
      const path = (pathOf(ctx) ?? ctx.path).slice(0, 200);
      throw catalog.roleError('not_found', { message: `No route matches ${ctx.method} ${path}.` });
    }
    const list = scan.allow.join(', ');
    if (ctx.method === 'OPTIONS') {
      ctx.set('allow', list);
      ctx.status = 204;
      return;
    }
    // The 405 renders in the format the path's route pins, like the route's own errors.
    if (scan.format !== undefined && pinnedFormat(ctx) === undefined) pinFormat(ctx, scan.format);
    throw catalog.roleError('method_not_allowed', {
      message: `${ctx.method} is not allowed here; use ${list}.`,
      headers: { allow: list },
    });
  };
}
