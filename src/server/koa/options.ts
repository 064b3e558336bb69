import type { Server } from 'node:http';
import type { ParameterizedContext } from 'koa';
import type { Format, FormatName } from '../../formats/types.js';
import type { ErrataOptions } from '../settings.js';
import type { AppErrorContext, JsonOptions, KoaMiddleware, RouterLike } from './types.js';
import type { ValidateMiddleware, ValidateOptions, ValidateSchemas } from './validate.js';

/**
 * Options of `errataKoa()`: the same as every errata adapter's (catalog, format, negotiate,
 * onError, requestId, bodyLimit, headersTimeout, bodyTimeout); `bodyLimit` is the default of
 * `errata.json()`.
 */
export type KoaErrataOptions = ErrataOptions;

/** The parts `errataKoa()` returns, for one Koa app (or several sharing the same options). */
export type ErrataKoa = {
  /**
   * Mount first (`app.use(errata.middleware)`): resolves the request id (the caller's safe
   * `X-Request-ID`, else a generated one; `ctx.state.requestId`), sets it on every response,
   * and renders everything thrown downstream in the negotiated format: ApiErrors as themselves,
   * `ctx.throw()` / http-errors and body-parser errors as the catalog's error of their status,
   * anything else as a generic 500 handed to `onError`. A response that already started is cut
   * (and reported) instead. JSON bodies are serialized here, so one that cannot be (a BigInt, a
   * cycle) is a reported 500 in the catalog's format rather than Koa's text/plain one.
   */
  readonly middleware: KoaMiddleware;
  /**
   * `app.on('error', errata.appError)`: what Koa itself catches after errata's middleware
   * returned (a streamed body failing mid-way) goes to `onError` with the request id, once,
   * instead of Koa's console print. Client errors and clients that hung up are not reported.
   * @example app.on('error', errata.appError);
   */
  readonly appError: (error: unknown, ctx?: AppErrorContext) => void;
  /**
   * The request id of a request; resolves it (and sets the header) when the middleware did not
   * run.
   * @example logger.info({ requestId: errata.requestIdOf(ctx) }, 'created');
   */
  requestIdOf(ctx: ParameterizedContext): string;
  /**
   * A JSON body parser: 415 `unsupported_media_type` unless the content type is JSON (UTF-8),
   * 413 `payload_too_large` past the limit (read as a bounded stream), 400 `invalid_request`
   * for an empty, non-UTF-8 or malformed body; `__proto__` and `constructor.prototype` keys are
   * dropped. Sets `ctx.request.body`; a request whose body was already parsed passes untouched.
   * @example router.put('/things/:id', errata.json(), handler);
   */
  json(options?: JsonOptions): KoaMiddleware;
  /**
   * Validate params, then query, then body with Standard Schemas (Zod, Valibot, ArkType); the
   * first failing part answers 422 `validation_error` with `fields` pointing into that part.
   * Read the outputs back with `.valid(ctx)`.
   * @example
   * const listQuery = errata.validate({ query: z.object({ limit: z.coerce.number() }) });
   * router.get('/things', listQuery, (ctx) => { ctx.body = list(listQuery.valid(ctx).query); });
   */
  validate<S extends ValidateSchemas>(schemas: S, options?: ValidateOptions): ValidateMiddleware<S>;
  /**
   * Pin the wire format of errors raised after this middleware (a route, or a router's paths
   * when mounted with `router.use`); wins over the app's format and `Accept`.
   * @example router.get('/v1/legacy', errata.format('stripe'), handler);
   */
  format(format: FormatName | Format): KoaMiddleware;
  /**
   * Mount a @koa/router router through errata (instead of `router.routes()`): a path a route of
   * the request's method matches but whose percent-encoding is bad (`/things/%zz`) answers 400
   * `invalid_request` before any handler sees an undecodable param.
   * @example app.use(errata.routes(router));
   */
  routes(router: RouterLike): KoaMiddleware;
  /**
   * Mount last, after every router: a path some route knows under other methods answers 405
   * `method_not_allowed` with `Allow` (204 with `Allow` for `OPTIONS`), read from the layers
   * @koa/router matched (`ctx.matched`); anything else 404 `not_found`. A request some handler
   * already answered (a body, or a status other than Koa's initial 404) passes untouched.
   * @example app.use(errata.notFound);
   */
  readonly notFound: KoaMiddleware;
  /**
   * Answer in the app's format, with an `X-Request-ID`, what Koa never sees
   * (`attachServer` with these options): parser errors, headers slower than `headersTimeout`,
   * bodies stalled for `bodyTimeout` (408), a chunk-framing error, a missing Host, `Expect`
   * other than 100-continue, a target no URL parser takes. It also resolves the request id of
   * every request before Koa runs, so both answer with the same one. Call it before `listen`.
   * Returns the server.
   * @example errata.attach(http.createServer(app.callback())).listen(3000);
   */
  attach<S extends Server>(server: S): S;
};
