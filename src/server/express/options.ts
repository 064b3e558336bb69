import type { Server } from 'node:http';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { Format, FormatName } from '../../formats/types.js';
import type { RouterLike } from './allow.js';
import type { ValidateMiddleware, ValidateSchemas } from './validate.js';

declare global {
  namespace Express {
    interface Request {
      /** The id in this response's `X-Request-ID`, set by errata's `requestId` middleware. */
      requestId?: string;
    }
    interface Locals {
      /** The id in this response's `X-Request-ID`, set by errata's `requestId` middleware. */
      requestId?: string;
    }
  }
}

/** Options of `errata.json()`. */
export type JsonOptions = {
  /**
   * Largest body accepted, in bytes (a positive integer); larger ones get 413 as soon as
   * `Content-Length` announces them or the stream passes the limit.
   * @default the `bodyLimit` given to `errataExpress()` (64 KiB unless set)
   * @example errata.json({ limit: 1024 * 1024 })
   */
  limit?: number | undefined;
  /**
   * Whether a request must carry a body. With `false`, a request without one (no
   * `Content-Length` nor `Transfer-Encoding`, or `Content-Length: 0`) passes with `req.body`
   * left undefined, so the parser can be mounted app-wide; a request with a body must still be
   * JSON. With `true` (per route, like `ctx.json()` of errata/node), no body is 415 or 400.
   * @default true
   * @example app.use(errata.json({ required: false }))
   */
  required?: boolean | undefined;
};

/** errata's middleware for one Express app (or several sharing the same options). */
export type ErrataExpress = {
  /**
   * Resolve the request id (the caller's safe `X-Request-ID`, else a generated one), set the
   * response header, and expose it as `req.requestId` and `res.locals.requestId`. Mount it first.
   * On a server prepared with `attach`, the id is set before Express sees the request and this
   * middleware is not needed (mounted anyway, it keeps that id): leaving it out spares every
   * request one router layer, the dearest part of errata's cost in Express.
   */
  readonly requestId: RequestHandler;
  /**
   * The request id of a request; resolves (and sets the header) when `requestId` did not run.
   * @example logger.info({ requestId: errata.requestIdOf(req) }, 'created');
   */
  requestIdOf(req: Request): string;
  /**
   * A JSON body parser: 415 `unsupported_media_type` unless the content type is JSON (UTF-8),
   * 413 `payload_too_large` past the limit, 400 `invalid_request` for an empty, non-UTF-8 or
   * malformed body; `__proto__` and `constructor.prototype` keys are dropped. Sets `req.body`;
   * a request whose body was already parsed passes untouched.
   */
  json(options?: JsonOptions): RequestHandler;
  /**
   * Validate params, then query, then body with Standard Schemas; the first failing part
   * answers 422 `validation_error` with `fields` pointing into that part.
   * @example
   * const listQuery = errata.validate({ query: z.object({ limit: z.coerce.number() }) });
   * app.get('/things', listQuery, (req, res) => { res.json(list(listQuery.valid(req).query)); });
   */
  validate<S extends ValidateSchemas>(schemas: S): ValidateMiddleware<S>;
  /**
   * Pin the wire format of errors raised after this middleware (a route, or a router when
   * mounted with `use`); wins over the app's format and `Accept`.
   * @example app.get('/v1/legacy', errata.format('stripe'), handler);
   */
  format(format: FormatName | Format): RequestHandler;
  /**
   * Answer a path that a route of `router` (an app or `express.Router()`, read at request time,
   * mounted routers included) knows under other methods: 405 `method_not_allowed` with `Allow`,
   * or 204 with `Allow` for `OPTIONS`. Other requests pass on. Mount after the routes.
   * @example app.use(errata.methodNotAllowed(app));
   */
  methodNotAllowed(router: RouterLike): RequestHandler;
  /** 404 `not_found` for whatever reaches it. Mount after the routes. */
  readonly notFound: RequestHandler;
  /**
   * The error middleware: renders ApiErrors, maps Express's own errors (body-parser,
   * http-errors) to cataloged ones, and turns anything else into a generic 500 reported to
   * `onError`. When the response already started, it reports and destroys the connection.
   * Mount last.
   */
  readonly errorHandler: ErrorRequestHandler;
  /**
   * Answer in the app's format, with an `X-Request-ID`, what Express never sees or answers in
   * HTML (`attachServer` with these options): parser errors, headers slower than
   * `headersTimeout`, bodies stalled for `bodyTimeout` (408), a chunk-framing error, a missing
   * Host, `Expect` other than 100-continue, a target no URL parser takes. It also sets the
   * request id of every request on the server, as `requestId` does, so that middleware can be
   * left out. Call it before `listen`. Returns the server.
   * @example errata.attach(http.createServer(app)).listen(3000);
   */
  attach<S extends Server>(server: S): S;
};
