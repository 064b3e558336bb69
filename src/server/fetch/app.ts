import {
  type CompiledRoute,
  checkRouteOptions,
  compileRoute,
  routeLookup,
} from '../route-table.js';
import type { PathParams } from '../router.js';
import { settingsOf } from '../settings.js';
import type {
  FetchContext,
  FetchHandler,
  FetchResult,
  FetchRouteHandler,
  FetchRouteHandlers,
} from './handler.js';
import {
  type FetchErrataOptions,
  type FetchRouteOptions,
  fetchIdempotencyOption,
  fetchRateLimitOption,
} from './options.js';
import { fetchPipeline, oneHandler } from './pipeline.js';

/** An errata/fetch app: routes plus the fetch handler that serves them. */
export type FetchErrata = {
  /**
   * Add a path with its handlers by method. `HEAD` falls back to `GET`; `OPTIONS` answers 204
   * with `Allow` unless given; other methods get 405 with `Allow`; unknown paths 404.
   * @example app.route('/v1/secrets/:name', { GET: ({ params }) => ({ body: store.get(params.name) }) })
   */
  route<P extends string>(
    path: P,
    handlers: FetchRouteHandlers<PathParams<P>>,
    options?: FetchRouteOptions,
  ): FetchErrata;
  /**
   * The app as a fetch handler: `export default { fetch: app.fetch }` (Workers, Bun), `Deno.serve(app.fetch)`,
   * `serve({ fetch: app.fetch })` (srvx). Never throws, never rejects.
   */
  readonly fetch: FetchHandler;
  /**
   * One handler for every request (no routing): the same request id, rate limits, body reading
   * and error rendering as routes get.
   * @example export default { fetch: errata({ catalog }).handler((request, ctx) => ({ body: { ok: true } })) };
   */
  handler(
    handler: (request: Request, ctx: FetchContext) => FetchResult | Promise<FetchResult>,
    options?: FetchRouteOptions,
  ): FetchHandler;
  /**
   * A fetch handler that routes itself (another router, a Next.js route handler), wrapped: its
   * request id (`X-Request-ID`), its throws rendered in the app's format (no internals in a
   * 5xx), rate limits. Its arguments pass through unchanged.
   * @example export const GET = errata({ catalog }).wrap(async (request) => Response.json(await list()));
   */
  wrap<A extends unknown[]>(
    handler: (request: Request, ...args: A) => Response | Promise<Response>,
    options?: FetchRouteOptions,
  ): (request: Request, ...args: A) => Promise<Response>;
};

/**
 * Create an errata/fetch app: web-standard `(Request) => Response` with errata's server rules,
 * on Node (through srvx or any bridge), Bun, Deno, Workers and Next.js route handlers alike.
 * @example
 * const app = errata({ catalog, format: 'envelope' });
 * app.route('/v1/secrets/:name', {
 *   GET: ({ params }) => ({ body: store.get(params.name) }),
 *   PUT: async (ctx) => ({ status: 201, body: await ctx.json(schema) }),
 * });
 * Deno.serve(app.fetch);
 */
export function errata(options: FetchErrataOptions = {}): FetchErrata {
  const settings = settingsOf(options);
  const appLimit = fetchRateLimitOption(options.rateLimit, 'rateLimit');
  const appIdempotency = fetchIdempotencyOption(options.idempotency, 'idempotency');
  const routes: CompiledRoute<FetchRouteHandler, FetchRouteOptions>[] = [];
  const checkRoute = (route: FetchRouteOptions, where: string) => {
    fetchRateLimitOption(route.rateLimit, `${where}: rateLimit`);
    fetchIdempotencyOption(route.idempotency, `${where}: idempotency`);
  };
  const single = (handler: FetchRouteHandler, route: FetchRouteOptions, where: string) => {
    checkRouteOptions(route, where, checkRoute);
    return fetchPipeline(settings, appLimit, oneHandler(handler, route), appIdempotency);
  };

  const app: FetchErrata = {
    route(path, handlers, routeOptions = {}) {
      routes.push(compileRoute(path, handlers as FetchRouteHandlers, routeOptions, checkRoute));
      return app;
    },
    fetch: fetchPipeline(settings, appLimit, routeLookup(routes, settings.catalog), appIdempotency),
    handler(handler, route) {
      if (typeof handler !== 'function') throw new TypeError('errata: handler() needs a function.');
      return single((ctx) => handler(ctx.request, ctx), route ?? {}, 'handler()');
    },
    wrap<A extends unknown[]>(
      handler: (request: Request, ...args: A) => Response | Promise<Response>,
      route?: FetchRouteOptions,
    ) {
      if (typeof handler !== 'function') throw new TypeError('errata: wrap() needs a function.');
      const pipeline = single(
        (ctx) => {
          const args = (ctx.request as Carrier)[WRAPPED] ?? [];
          return handler(ctx.request, ...(args as A));
        },
        route ?? {},
        'wrap()',
      );
      return (request: Request, ...args: A) => {
        (request as Carrier)[WRAPPED] = args;
        // The runtime's own arguments stay where the pipeline looks (rate-limit addresses).
        return Promise.resolve(pipeline(request, args[0], args[1]));
      };
    },
  };
  return app;
}

/** Where `wrap` carries the wrapped handler's own arguments through the pipeline: its request. */
const WRAPPED = Symbol('errata.wrapped');
type Carrier = Request & { [WRAPPED]?: unknown[] };
