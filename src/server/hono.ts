/**
 * errata/hono: errata's server rules for Hono 4, on Node (@hono/node-server) and on every fetch
 * runtime (Deno, Bun, Workers): no Node built-ins anywhere in this module's imports.
 *
 * @example
 * const errata = errataHono({ catalog, format: 'envelope' });
 * const app = new Hono<ErrataEnv>();
 * app.use(errata.middleware); // first: it stamps X-Request-ID on every response
 * app.onError(errata.onError);
 * app.notFound(errata.notFound(app)); // 404, or 405 with Allow for a known path
 * app.put('/v1/items/:id', errata.validator('json', schema), (c) => c.json(c.req.valid('json')));
 */
import type { Context, Env, ErrorHandler, MiddlewareHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { StreamingApi } from 'hono/utils/stream';
import { type ApiError, isApiError } from '../api-error.js';
import { negotiateFormat } from '../formats/index.js';
import type { Format, FormatName } from '../formats/types.js';
import { renderError } from '../render.js';
import type { StandardSchemaV1 } from '../standard-schema.js';
import { allowOf, PINNED_FORMAT, pinOf, type RoutedApp } from './hono-allow.js';
import { type BodyCache, queryObject, type RepeatedQuery, readRequestJson } from './hono-body.js';
import { httpExceptionError, pathOf, targetOf } from './hono-errors.js';
import { reportingStream } from './hono-stream.js';
import { resolveRequestId } from './request-id.js';
import { BAD_ENCODING_MESSAGE, hasBadEncoding } from './router.js';
import {
  checkBodyLimit,
  type ErrataOptions,
  type ErrorInfo,
  failure,
  isRepresentationHeader,
  renderContext,
  reportError,
  settingsOf,
} from './settings.js';
import { validate } from './validate.js';

export type { RoutedApp } from './hono-allow.js';
export type { RepeatedQuery } from './hono-body.js';
export { generateRequestId, isSafeRequestId, type RequestIdOptions } from './request-id.js';
export type { ErrataOptions, ErrorInfo } from './settings.js';

/**
 * Options of `errataHono()`: the same as every errata adapter's (catalog, format, onError,
 * requestId, bodyLimit); `bodyLimit` applies to `validator('json', …)`.
 */
export type HonoErrataOptions = ErrataOptions;

/** The context variables errata sets: use as (part of) your app's `Env`. */
export type ErrataVariables = {
  /** The id in this response's `X-Request-ID` (same key as Hono's own requestId middleware). */
  requestId: string;
  /** The format pinned by `errata.format(…)` on this route, if any. */
  errataFormat: FormatName | Format | undefined;
};

/**
 * The Hono `Env` errata's middleware provides.
 * @example const app = new Hono<ErrataEnv>(); app.get('/', (c) => c.text(c.get('requestId')));
 */
export type ErrataEnv = { Variables: ErrataVariables };

/** Where `errata.validator` reads the value it validates. */
export type ValidationTarget = 'json' | 'query' | 'param';

/** Options of one `errata.validator(…)`. */
export type ValidatorOptions = {
  /**
   * Largest JSON body this validator accepts, in bytes (a positive integer); larger ones get 413.
   * Only for the `json` target.
   * @default the `bodyLimit` of `errataHono()` (65536)
   * @example { bodyLimit: 1024 * 1024 }
   */
  bodyLimit?: number | undefined;
  /**
   * How a repeated query parameter (`?limit=abc&limit=5`) reaches the schema: `'array'`, all its
   * values (Hono's convention), or `'last'`, its last value as a string (what errata/node,
   * Express with a flat query parser and Fastify with `Object.fromEntries` give). Only for the
   * `query` target.
   * @default 'array'
   * @example errata.validator('query', schema, { repeated: 'last' })
   */
  repeated?: RepeatedQuery | undefined;
};

/** The Hono input type of a validator: what `c.req.valid(target)` returns. */
export type ValidatedInput<T extends ValidationTarget, S extends StandardSchemaV1> = {
  in: { [K in T]: StandardSchemaV1.InferInput<S> };
  out: { [K in T]: StandardSchemaV1.InferOutput<S> };
};

/** The parts `errataHono()` returns. */
export type HonoErrata = {
  /**
   * Register first (`app.use(errata.middleware)`): resolves the request id (`c.get('requestId')`),
   * stamps `X-Request-ID` on every response, and renders values thrown that are not `Error`s
   * (Hono's `onError` only sees `Error`s).
   */
  readonly middleware: MiddlewareHandler<ErrataEnv>;
  /**
   * `app.onError(errata.onError)`: ApiErrors in the negotiated format, Hono's `HTTPException` as
   * the catalog error of its status, anything else as a generic 500 sent to `onError`.
   */
  readonly onError: ErrorHandler;
  /**
   * `app.notFound(errata.notFound(app))`: 404 `not_found`, or, when another method of the path
   * has a route, 405 `method_not_allowed` with `Allow` (`OPTIONS` answers 204 with `Allow`).
   */
  notFound(app: RoutedApp): NotFoundHandler;
  /**
   * Pin the wire format of a route's (or a group's) errors; wins over the app's and `Accept`.
   * @example app.get('/v1/legacy', errata.format('jsonapi'), handler)
   */
  format(format: FormatName | Format): MiddlewareHandler<ErrataEnv>;
  /**
   * Validate the JSON body, the query or the route params with any Standard Schema (Zod,
   * Valibot, ArkType); the output is `c.req.valid(target)`. Failures: 422 `validation_error`
   * with `fields`; for `json` also 415, 413 and 400 (malformed or empty). Repeated query
   * parameters arrive as arrays, single ones as strings (Hono's convention), unless
   * `{ repeated: 'last' }` keeps the last value.
   * @example app.post('/items', errata.validator('json', z.object({ name: z.string() })), (c) => c.json(c.req.valid('json')))
   */
  validator<
    T extends ValidationTarget,
    S extends StandardSchemaV1,
    // biome-ignore lint/suspicious/noExplicitAny: Hono's own default Env (MiddlewareHandler<any>).
    E extends Env = any,
    P extends string = string,
  >(
    target: T,
    schema: S,
    options?: ValidatorOptions,
  ): MiddlewareHandler<E, P, ValidatedInput<T, S>>;
  /**
   * Stream a response like `hono/streaming`'s `stream()`, except that an error thrown by `write`
   * goes to `onError` with the request id and cuts the response (the body stream errors, so the
   * client sees a broken transfer, never a clean end). On @hono/node-server, set
   * `Transfer-Encoding: chunked` (as `streamText` does) so the head is sent before the first read.
   * @example return errata.stream(c, async (s) => { await s.write('a'); await s.write('b'); });
   */
  stream(c: Context, write: (stream: StreamingApi) => Promise<void>): Response;
};

/**
 * Create errata's Hono middleware, error and not-found handlers, validator and format pin.
 * Throws a TypeError at start-up for a bad option.
 * @example const errata = errataHono({ catalog, format: 'envelope', onError: (e, { requestId }) => log.error({ err: e, requestId }) });
 */
export function errataHono(options: HonoErrataOptions = {}): HonoErrata {
  const settings = settingsOf(options);
  const { catalog } = settings;
  const header = settings.requestId.header;

  const requestIdOf = (c: Context): string => {
    const known = c.get('requestId') as string | undefined;
    if (typeof known === 'string') return known;
    const requestId = resolveRequestId(c.req.header(header), settings.requestId);
    c.set('requestId', requestId);
    return requestId;
  };

  const infoOf = (c: Context, requestId: string): ErrorInfo => ({
    requestId,
    method: c.req.method,
    url: targetOf(c.req.url),
  });

  /** The ApiError a client sees for a thrown value (reporting what the owner must see). */
  const clientError = (error: unknown, info: ErrorInfo): ApiError => {
    if (!(error instanceof HTTPException) || isApiError(error)) {
      return failure(error, settings, info);
    }
    if (error.status >= 500) reportError(settings.onError, error, info);
    return httpExceptionError(error, catalog, header);
  };

  /**
   * The headers a handler (or middleware) set on the response before it failed, minus those
   * describing the success body: CORS, cookies and security headers stay on the error. Clears
   * `c.res`, so Hono does not merge the dropped ones back into the error response.
   */
  const keptHeaders = (c: Context): Headers | undefined => {
    let kept: Headers | undefined;
    try {
      const prepared = c.res.headers;
      prepared.forEach((value, name) => {
        if (name === 'set-cookie' || isRepresentationHeader(name, header)) return;
        kept ??= new Headers();
        kept.set(name, value);
      });
      for (const cookie of prepared.getSetCookie()) {
        kept ??= new Headers();
        kept.append('set-cookie', cookie);
      }
      c.res = undefined;
      // Hono's `res` setter marks the context finalized; behind two or more middlewares its
      // compose() would then drop the notFound answer (an empty 200). Nothing is final yet.
      c.finalized = false;
    } catch {
      // No readable response (a context without one): nothing to keep.
    }
    return kept;
  };

  const withId = (
    rendered: { headers: Readonly<Record<string, string>> },
    requestId: string,
    kept?: Headers,
  ) => {
    // `new Headers` validates names and values (no CR/LF) before anything is sent.
    const headers = new Headers(kept);
    for (const [name, value] of Object.entries(rendered.headers)) headers.set(name, value);
    headers.set(header, requestId);
    if (header !== 'x-request-id') headers.set('x-request-id', requestId);
    return headers;
  };

  /** The response for a thrown value or an ApiError errata raises; never throws. */
  const errorResponse = (c: Context, error: unknown): Response => {
    const requestId = requestIdOf(c);
    const info = infoOf(c, requestId);
    const apiError = clientError(error, info);
    const format = negotiateFormat({
      route: c.get('errataFormat') as FormatName | Format | undefined,
      app: settings.format,
      accept: c.req.header('accept'),
    });
    const context = renderContext(settings, format, requestId, pathOf(info.url));
    const kept = keptHeaders(c);
    try {
      const rendered = renderError(apiError, context);
      return new Response(rendered.body, {
        status: rendered.status,
        headers: withId(rendered, requestId, kept),
      });
    } catch (renderFailure) {
      // Only invalid headers on the error itself get here: answer a plain internal_error.
      reportError(settings.onError, renderFailure, info);
      try {
        const rendered = renderError(catalog.roleError('internal_error'), context);
        return new Response(rendered.body, {
          status: rendered.status,
          headers: withId(rendered, requestId),
        });
      } catch {
        return new Response(null, { status: 500, headers: { [header]: requestId } });
      }
    }
  };

  /** Whether a route (not middleware: `use`, `all`) of the request's method matches its path. */
  const routeMatches = (c: Context): boolean => {
    try {
      return c.req.matchedRoutes.some((route) => route.method !== 'ALL');
    } catch {
      return false;
    }
  };

  const stamp = (c: Context, requestId: string) => {
    try {
      c.res.headers.set(header, requestId);
      if (header !== 'x-request-id') c.res.headers.set('x-request-id', requestId);
    } catch {
      // Immutable headers (a Response from fetch()): Hono's c.header copies the response.
      c.header(header, requestId);
      if (header !== 'x-request-id') c.header('x-request-id', requestId);
    }
  };

  const middleware: MiddlewareHandler<ErrataEnv> = async function errataMiddleware(c, next) {
    const requestId = resolveRequestId(c.req.header(header), settings.requestId);
    c.set('requestId', requestId);
    try {
      // A route of this method matches a path with a bad percent-encoding: its params cannot be
      // decoded, so 400 as in every adapter (an unknown path stays a 404 in notFound).
      if (hasBadEncoding(pathOf(targetOf(c.req.url))) && routeMatches(c)) {
        throw catalog.roleError('invalid_request', { message: BAD_ENCODING_MESSAGE });
      }
      await next();
    } catch (error) {
      // Hono hands only Errors to onError; anything else thrown ends up here (errorResponse
      // drops what the handler prepared that describes a success body: ETag, …).
      c.res = errorResponse(c, error);
    }
    stamp(c, requestId);
  };

  const onError: ErrorHandler = (error, c) => errorResponse(c, error);

  const notFound =
    (app: RoutedApp): NotFoundHandler =>
    (c) => {
      const allow = allowOf(app, c.req.path);
      if (allow !== undefined && hasBadEncoding(pathOf(targetOf(c.req.url)))) {
        // A route of another method matches: the params cannot be decoded whatever the method.
        return errorResponse(
          c,
          catalog.roleError('invalid_request', { message: BAD_ENCODING_MESSAGE }),
        );
      }
      if (allow === undefined) {
        const path = pathOf(targetOf(c.req.url)).slice(0, 200);
        const message = `No route matches ${c.req.method} ${path}.`;
        return errorResponse(c, catalog.roleError('not_found', { message }));
      }
      if (c.req.method === 'OPTIONS') {
        return new Response(null, { status: 204, headers: { allow, [header]: requestIdOf(c) } });
      }
      // The 405 renders in the format the path's route pins, like the route's own errors.
      if (c.get('errataFormat') === undefined) {
        const pin = pinOf(app, c.req.path, allow.split(', '));
        if (pin !== undefined) c.set('errataFormat', pin);
      }
      return errorResponse(
        c,
        catalog.roleError('method_not_allowed', {
          message: `${c.req.method} is not allowed here; use ${allow}.`,
          headers: { allow },
        }),
      );
    };

  const format = (pinned: FormatName | Format): MiddlewareHandler<ErrataEnv> => {
    negotiateFormat({ route: pinned }); // a wrong name fails at start-up
    const middleware: MiddlewareHandler<ErrataEnv> = async function errataFormat(c, next) {
      c.set('errataFormat', pinned);
      await next();
    };
    // Tagged so notFound finds the pin of a route it answers 405 for.
    return Object.assign(middleware, { [PINNED_FORMAT]: pinned });
  };

  const validator = (<T extends ValidationTarget, S extends StandardSchemaV1>(
    target: T,
    schema: S,
    validatorOptions: ValidatorOptions = {},
  ): MiddlewareHandler => {
    if (target !== 'json' && target !== 'query' && target !== 'param') {
      throw new TypeError(
        `errata: validator target must be json, query or param; got ${String(target)}.`,
      );
    }
    if (typeof schema?.['~standard']?.validate !== 'function') {
      throw new TypeError('errata: validator needs a Standard Schema (Zod, Valibot, ArkType, …).');
    }
    const limit = validatorOptions.bodyLimit ?? settings.bodyLimit;
    checkBodyLimit(limit, 'validator bodyLimit');
    const repeated = validatorOptions.repeated ?? 'array';
    if (repeated !== 'array' && repeated !== 'last') {
      throw new TypeError(
        `errata: validator repeated must be 'array' or 'last'; got ${String(repeated)}.`,
      );
    }
    return async function errataValidator(c, next) {
      let value: unknown;
      if (target === 'json') {
        value = await readRequestJson(
          c.req.raw,
          limit,
          catalog,
          c.req.bodyCache as unknown as BodyCache,
        );
      } else if (target === 'query') {
        value = queryObject(c.req.url, repeated);
      } else {
        value = c.req.param();
      }
      const output = await validate(schema, value, catalog);
      c.req.addValidatedData(target, output as object);
      await next();
    };
  }) as HonoErrata['validator'];

  const stream = (c: Context, write: (stream: StreamingApi) => Promise<void>): Response => {
    const info = infoOf(c, requestIdOf(c));
    return reportingStream(c, write, (error) => reportError(settings.onError, error, info));
  };

  return { middleware, onError, notFound, format, validator, stream };
}
