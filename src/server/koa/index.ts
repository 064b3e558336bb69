/**
 * errata/koa: errata's server rules as Koa 3 middleware (with @koa/router for routes).
 *
 * @example
 * const errata = errataKoa({ catalog, format: 'envelope' });
 * const router = new Router({ strict: true });
 * router.put('/v1/things/:id', errata.json(), errata.validate({ body: thingSchema }), handler);
 * const app = new Koa();
 * app.use(errata.middleware);      // first: X-Request-ID, every error in the catalog's format
 * app.use(errata.routes(router));  // router.routes(), plus 400 for a bad %-encoding in a param
 * app.use(errata.notFound);        // last: 405 with Allow (204 to OPTIONS), else 404
 * app.on('error', errata.appError); // what Koa catches later (a broken stream) goes to onError
 * errata.attach(http.createServer(app.callback())).listen(3000);
 *
 * `errata.attach(server)` (or `attachServer(server, options)`) answers, in the app's format,
 * what never reaches Koa: requests Node's parser refuses, stalled headers or bodies, a missing
 * Host, `OPTIONS *`, dot segments in the path, two Content-Types.
 *
 * koa is an optional peer dependency: this module only imports its types; @koa/router is read
 * by shape (its `routes()`, `match()` and `ctx.matched`), never imported.
 */

export { attachServer } from '../attach.js';
export { DEFAULT_BODY_LIMIT, isJsonContentType, safeJsonParse } from '../body.js';
export { clientErrorHandler } from '../client-error.js';
export { generateRequestId, isSafeRequestId, type RequestIdOptions } from '../request-id.js';
export type { ErrataOptions, ErrorInfo } from '../settings.js';
export { issuesToFields } from '../validate.js';
export { errataKoa } from './errata-koa.js';
export { frameworkError } from './errors.js';
export { preferLocale } from './locale.js';
export type { ErrataKoa, KoaErrataOptions } from './options.js';
export type { AppErrorContext, JsonOptions, KoaMiddleware, RouterLike } from './types.js';
export type {
  Validated,
  ValidateMiddleware,
  ValidateOptions,
  ValidateSchemas,
} from './validate.js';
