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
 * `errata.attach(http.createServer(app))` also sets the request id before Express sees the
 * request; with it, `app.use(errata.requestId)` can be left out (one router layer less a request).
 *
 * express is an optional peer dependency: this module only imports its types.
 *
 * Framework limitation: Express 5 treats a value thrown synchronously by a handler like the
 * argument of `next()`, so a falsy one (`throw null`, `throw undefined`) is no error at all: the
 * request goes on routing and ends as a 404 (or 405), and `errorHandler` never sees it. errata
 * cannot tell it apart from `next()`. Throw Errors; an async handler is safe (Express turns a
 * promise rejected with a falsy reason into `new Error('Rejected promise')`, a reported 500).
 */

export { attachServer } from '../attach.js';
export { DEFAULT_BODY_LIMIT, isJsonContentType, safeJsonParse } from '../body.js';
export { clientErrorHandler } from '../client-error.js';
export { generateRequestId, isSafeRequestId, type RequestIdOptions } from '../request-id.js';
export type { ErrataOptions, ErrorInfo } from '../settings.js';
export { issuesToFields } from '../validate.js';
export type { RouterLike } from './allow.js';
export { errataExpress } from './errata-express.js';
export { frameworkError } from './errors.js';
export { preferLocale } from './locale.js';
export type { ErrataExpress, JsonOptions } from './options.js';
export type { Validated, ValidateMiddleware, ValidateSchemas } from './validate.js';
