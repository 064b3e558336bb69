import type { Context, Env, ErrorHandler, MiddlewareHandler, NotFoundHandler } from 'hono';
import type { StreamingApi } from 'hono/utils/stream';
import type { Format, FormatName } from '../../formats/types.js';
import type { StandardSchemaV1 } from '../../standard-schema.js';
import type { ErrataOptions } from '../settings.js';
import type { RepeatedQuery } from '../web-body.js';
import type { RoutedApp } from './allow.js';
import type { FetchApp, FetchHandler } from './fetch.js';

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
   * The app's `fetch` with errata around it (use it or `middleware`, not both): the request id
   * (`errata.requestIdOf(c)`; `c.get('requestId')` is set only once errata answered an error),
   * `X-Request-ID` on every response, 400 for a bad percent-encoding in a routed path, and
   * errata's answer for values thrown that are not `Error`s. Faster than `middleware`: a route
   * with one handler keeps Hono's direct dispatch (no `compose()`), and on @hono/node-server the
   * header is set on the node:http response, keeping `c.json()`'s light path. A non-`Error`
   * thrown loses the headers its handler set (there is no context left to read them from).
   * @example serve({ fetch: errata.fetch(app), port: 3000 }); // Bun.serve({ fetch: errata.fetch(app) })
   */
  fetch(app: FetchApp): FetchHandler;
  /**
   * The request's id, under `fetch` or `middleware` (resolved now when neither ran).
   * @example app.get('/', (c) => c.text(errata.requestIdOf(c)))
   */
  requestIdOf(c: Context): string;
  /**
   * Register first (`app.use(errata.middleware)`), or serve `errata.fetch(app)` instead:
   * resolves the request id (`c.get('requestId')`), stamps `X-Request-ID` on every response, and
   * renders values thrown that are not `Error`s (Hono's `onError` only sees `Error`s).
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
