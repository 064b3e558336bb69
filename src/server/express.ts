/**
 * errata/express: errata's server rules as Express 5 middleware.
 *
 * ```ts
 * const errata = errataExpress({ catalog, format: 'envelope' });
 * app.use(errata.requestId);                       // first: X-Request-ID on every response
 * app.put('/things/:id', errata.json(), errata.validate({ body: thingSchema }), handler);
 * app.use(errata.methodNotAllowed(app));           // after the routes: 405 with Allow
 * app.use(errata.notFound);                        // then 404
 * app.use(errata.errorHandler);                    // last: every error in the catalog's format
 * ```
 *
 * express is an optional peer dependency: this module only imports its types.
 *
 * Framework limitation: Express 5 treats a value thrown synchronously by a handler like the
 * argument of `next()`, so a falsy one (`throw null`, `throw undefined`) is no error at all: the
 * request goes on routing and ends as a 404 (or 405), and `errorHandler` never sees it. errata
 * cannot tell it apart from `next()`. Throw Errors; an async handler is safe (Express turns a
 * promise rejected with a falsy reason into `new Error('Rejected promise')`, a reported 500).
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { ApiError } from '../api-error.js';
import { isApiError } from '../api-error.js';
import { negotiateFormat } from '../formats/index.js';
import type { Format, FormatName } from '../formats/types.js';
import { renderError } from '../render.js';
import { readJson } from './body.js';
import { allowScan, PINNED_FORMAT, type RouterLike, stackOf } from './express-allow.js';
import { frameworkError } from './express-errors.js';
import {
  type ValidateMiddleware,
  type ValidateSchemas,
  validateMiddleware,
} from './express-validate.js';
import { resolveRequestId } from './request-id.js';
import { abort, canRespond, send } from './respond.js';
import { splitTarget } from './router.js';
import {
  checkBodyLimit,
  type ErrataOptions,
  type ErrorInfo,
  failure,
  isRepresentationHeader,
  renderContext,
  reportError,
  type Settings,
  settingsOf,
} from './settings.js';

export {
  DEFAULT_BODY_LIMIT,
  isJsonContentType,
  safeJsonParse,
} from './body.js';
export type { RouterLike } from './express-allow.js';
export { frameworkError } from './express-errors.js';
export type {
  Validated,
  ValidateMiddleware,
  ValidateSchemas,
} from './express-validate.js';
export { clientErrorHandler } from './node.js';
export {
  generateRequestId,
  isSafeRequestId,
  type RequestIdOptions,
} from './request-id.js';

import { lingerOnClose } from './linger.js';

export type { ErrataOptions, ErrorInfo } from './settings.js';
export { issuesToFields } from './validate.js';

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
};

/** The pinned format of a request (a WeakMap: nothing to clash with on `req`). */
const pinned = new WeakMap<object, Format>();
/** Whether a request announces a body (RFC 9112: Transfer-Encoding, or a non-zero length). */
function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

function pathOf(req: Request): string | undefined {
  return splitTarget(req.originalUrl ?? req.url)?.path;
}

/** A mapping that throws (a hostile thrown value whose getters throw) maps to nothing. */
function safely<T>(map: () => T | undefined): T | undefined {
  try {
    return map();
  } catch {
    return undefined;
  }
}

/**
 * errata's middleware for Express 5. Options are checked now (a bad format, body limit or
 * request-id option throws a TypeError at start-up).
 * @example
 * const errata = errataExpress({ catalog, format: 'envelope', onError: (err, info) => log.error({ err, ...info }) });
 */
export function errataExpress(options: ErrataOptions = {}): ErrataExpress {
  const settings: Settings = settingsOf(options);
  const { catalog } = settings;
  const header = settings.requestId.header;

  const assignRequestId = (req: Request, res: Response | undefined): string => {
    const id = resolveRequestId(req.headers[header], settings.requestId);
    req.requestId = id;
    if (res === undefined) return id;
    if (res.locals !== undefined) res.locals.requestId = id;
    if (!res.headersSent) {
      res.setHeader(header, id);
      if (header !== 'x-request-id') res.setHeader('x-request-id', id);
    }
    return id;
  };

  const requestIdOf = (req: Request): string =>
    req.requestId ?? assignRequestId(req, req.res as Response | undefined);

  const render = (apiError: ApiError, req: Request, res: Response, info: ErrorInfo) => {
    for (const name of res.getHeaderNames()) {
      if (isRepresentationHeader(name, header)) res.removeHeader(name);
    }
    const format = negotiateFormat({
      route: pinned.get(req),
      app: settings.format,
      accept: req.headers.accept,
    });
    const context = renderContext(settings, format, info.requestId, pathOf(req));
    lingerOnClose(req);
    try {
      send(res, renderError(apiError, context));
    } catch (renderFailure) {
      // Only invalid headers on the error itself get here: answer a plain internal_error.
      reportError(settings.onError, renderFailure, info);
      try {
        send(res, renderError(catalog.roleError('internal_error'), context));
      } catch {
        if (canRespond(res)) {
          res.statusCode = 500;
          res.end();
        } else abort(res);
      }
    }
  };

  const errorHandler: ErrorRequestHandler = function errataErrorHandler(error, req, res, _next) {
    const requestId = requestIdOf(req);
    const info: ErrorInfo = { requestId, method: req.method, url: req.originalUrl ?? req.url };
    if (!canRespond(res)) {
      // Express's default handler would destroy the socket too, after logging the error to the
      // console a second time: report it once and cut the response here.
      reportError(settings.onError, error, info);
      abort(res);
      return;
    }
    let apiError: ApiError;
    const mapped = isApiError(error) ? undefined : safely(() => frameworkError(error, catalog));
    if (mapped === undefined) apiError = failure(error, settings, info);
    else {
      if (mapped.status >= 500) reportError(settings.onError, error, info);
      apiError = mapped;
    }
    render(apiError, req, res, info);
  };

  return {
    requestId: function errataRequestId(req, res, next) {
      assignRequestId(req, res);
      next();
    },

    requestIdOf,

    json(jsonOptions = {}) {
      const limit = jsonOptions.limit ?? settings.bodyLimit;
      checkBodyLimit(limit, 'json({ limit })');
      const required = jsonOptions.required ?? true;
      return function errataJson(req, _res, next) {
        const parsed = (req as { _body?: unknown })._body === true || req.body !== undefined;
        if (parsed || (!required && !hasBody(req))) {
          next();
          return;
        }
        readJson(req, { limit, catalog }).then(
          (body) => {
            req.body = body;
            // body-parser's marker: later parsers leave the body alone.
            (req as { _body?: boolean })._body = true;
            next();
          },
          (error: unknown) => next(error),
        );
      };
    },

    validate: (schemas) => validateMiddleware(schemas, catalog),

    format(format) {
      const resolved = negotiateFormat({ route: format });
      const middleware: RequestHandler = function errataFormat(req, _res, next) {
        pinned.set(req, resolved);
        next();
      };
      // Tagged so methodNotAllowed finds the pin of a route it answers 405 for.
      return Object.assign(middleware, { [PINNED_FORMAT]: resolved });
    },

    methodNotAllowed(router) {
      if (stackOf(router) === undefined) {
        throw new TypeError(
          'errata: methodNotAllowed() needs an Express app or router (something with a router stack).',
        );
      }
      return function errataMethodNotAllowed(req, res, next) {
        const stack = stackOf(router);
        const scan = stack === undefined ? undefined : allowScan(stack, req.path, req.method);
        if (scan === undefined) {
          next();
          return;
        }
        const list = scan.allow.join(', ');
        if (req.method === 'OPTIONS') {
          send(res, { status: 204, headers: { allow: list } });
          return;
        }
        // The 405 renders in the format the path's route pins, like the route's own errors.
        if (scan.format !== undefined && !pinned.has(req)) pinned.set(req, scan.format);
        next(
          catalog.roleError('method_not_allowed', {
            message: `${req.method} is not allowed here; use ${list}.`,
            headers: { allow: list },
          }),
        );
      };
    },

    notFound: function errataNotFound(req, _res, next) {
      const path = pathOf(req) ?? '';
      next(
        catalog.roleError('not_found', {
          message: `No route matches ${req.method} ${path.slice(0, 200)}.`,
        }),
      );
    },

    errorHandler,
  };
}
