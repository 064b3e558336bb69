import type { Server } from 'node:http';
import { attachSettings } from '../attach.js';
import type { PathParams } from '../router.js';
import { settingsOf } from '../settings.js';
import type { Handler, RouteHandlers } from './handler.js';
import {
  idempotencyOption,
  type NodeErrataOptions,
  type RouteOptions,
  rateLimitOption,
} from './options.js';
import { compileRoute, type Route, routeResolver } from './routes.js';
import { type NodeListener, serve } from './serve.js';

/** An errata/node app: routes plus a node:http listener. */
export type ErrataApp = {
  /**
   * Add a path with its handlers by method. `HEAD` falls back to `GET`; `OPTIONS` answers 204
   * with `Allow` unless given; other methods get 405 with `Allow`.
   * @example app.route('/v1/secrets/:name', { GET: ({ params }) => ({ body: store.get(params.name) }) })
   */
  route<P extends string>(
    path: P,
    handlers: RouteHandlers<PathParams<P>>,
    options?: RouteOptions,
  ): ErrataApp;
  /** The listener for `http.createServer(app.handler)`. Never throws, never rejects. */
  readonly handler: NodeListener;
  /**
   * Answer what never reaches the handler in the app's format with an `X-Request-ID`, instead of
   * Node's bare 400/408/417 or a silent close (see `attachServer`): requests Node's HTTP parser
   * refuses, chunk-framing errors, headers slower than `headersTimeout`, bodies stalled for
   * `bodyTimeout`, a missing Host, `Expect` other than 100-continue. Call it before `listen`.
   * Returns the server.
   * @example app.attach(http.createServer(app.handler)).listen(3000);
   */
  attach<S extends Server>(server: S): S;
};

/**
 * Create an errata/node app: a small router whose every response follows errata's server rules.
 * @example
 * const app = errata({ catalog, format: 'envelope' });
 * app.route('/v1/secrets/:name', {
 *   GET: ({ params }) => ({ body: store.get(params.name) }),
 *   PUT: async (ctx) => ({ status: 201, body: await ctx.json(schema) }),
 * });
 * app.attach(http.createServer(app.handler)).listen(3000);
 */
export function errata(options: NodeErrataOptions = {}): ErrataApp {
  const settings = settingsOf(options);
  const appLimit = rateLimitOption(options.rateLimit, 'rateLimit');
  const routes: Route[] = [];

  const app: ErrataApp = {
    route(path, handlers, routeOptions = {}) {
      routes.push(compileRoute(path, handlers as RouteHandlers, routeOptions));
      return app;
    },
    handler: serve(
      settings,
      appLimit,
      routeResolver(routes, settings.catalog),
      idempotencyOption(options.idempotency, 'idempotency'),
    ),
    attach(server) {
      // Idempotent: a second listener would destroy the socket the first one is answering on.
      attachSettings(server, settings);
      return server;
    },
  };
  return app;
}

/**
 * Bring your own routing: wrap one handler (any method, any path) in errata's server rules.
 * @example http.createServer(errata.wrap((ctx) => ({ body: { ok: true } }), { format: 'envelope' }));
 */
function wrap(handler: Handler, options: NodeErrataOptions = {}): NodeListener {
  const settings = settingsOf(options);
  const appLimit = rateLimitOption(options.rateLimit, 'rateLimit');
  const idempotency = idempotencyOption(options.idempotency, 'idempotency');
  return serve(settings, appLimit, () => ({ handler, params: {}, options: {} }), idempotency);
}

errata.wrap = wrap;
