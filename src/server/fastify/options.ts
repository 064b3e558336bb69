import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Catalog } from '../../catalog-types.js';
import type { Format, FormatName } from '../../formats/types.js';
import type { StandardSchemaV1 } from '../../standard-schema.js';
import type { RequestIdOptions } from '../request-id.js';
import type { ErrataOptions, ErrorInfo } from '../settings.js';

/**
 * Options of the errata/fastify plugin. An option given as `undefined` takes its default, exactly
 * like one left out.
 */
export type ErrataFastifyOptions = Pick<
  ErrataOptions,
  'catalog' | 'negotiate' | 'headersTimeout' | 'bodyTimeout'
> & {
  /**
   * Wire format of error bodies. A route may pin its own with
   * `config: { errata: { format } }`; otherwise a client sending
   * `Accept: application/problem+json` gets `problem`.
   * @default the catalog's `format`, else 'problem'
   * @example format: 'envelope'
   */
  format?: FormatName | Format | undefined;
  /**
   * Called with the original error for anything thrown that is not an ApiError (the client sees
   * a generic `internal_error`), for ApiErrors of status 500 and above, and for failures after
   * the response started. Errors thrown by the hook are ignored. To log through Fastify's
   * logger: `onError: (err, info) => app.log.error({ err, reqId: info.requestId }, 'request failed')`.
   * @default logs to `console.error` with the request id
   * @example onError: (error, { requestId, method, url }) => logger.error({ err: error, requestId, method, url })
   */
  onError?: ((error: unknown, info: ErrorInfo) => void) | undefined;
  /**
   * How request ids are read and made. Pass the same options to `errataGenReqId()` when Fastify's
   * logger should print the same id.
   * @default { header: 'x-request-id', trustIncoming: true, generate: generateRequestId }
   * @example requestId: { header: 'x-trace-id', trustIncoming: false }
   */
  requestId?: RequestIdOptions | undefined;
  /**
   * Largest JSON body accepted, in bytes (a positive integer); larger ones get 413. It is the
   * limit of errata's JSON parser; a route's own `bodyLimit` option wins over it.
   * @default 65536
   * @example bodyLimit: 1024 * 1024
   */
  bodyLimit?: number | undefined;
  /**
   * Whether the plugin takes over `app.server` (see `attachServer`): its `clientError` answers
   * (replacing Fastify's), the timeouts above, 417 for a refused `Expect`, 400 for a missing
   * Host or a target no URL parser takes, all in the app's format with `X-Request-ID`.
   * Switch it off for a server errata must not touch.
   * @default true
   * @example attach: false
   */
  attach?: boolean | undefined;
};

/** What a route may set under `config.errata`. */
export type ErrataRouteConfig = {
  /**
   * Wire format of this route's errors; wins over the app's format and over `Accept`.
   * @example app.get('/legacy', { config: { errata: { format: 'stripe' } } }, handler)
   */
  format?: FormatName | Format | undefined;
};

/** `app.errata`: the plugin's settings and helpers, for handlers and other plugins. */
export type ErrataFastify = {
  /** The catalog errors are raised from. */
  readonly catalog: Catalog;
  /**
   * Validate any value with a Standard Schema; rejects with the catalog's `validation_error`.
   * @example const input = await request.server.errata.validate(schema, request.body);
   */
  validate<S extends StandardSchemaV1>(
    schema: S,
    value: unknown,
  ): Promise<StandardSchemaV1.InferOutput<S>>;
  /**
   * Answer a request with an error the way the error handler does (format, request id,
   * onError for non-ApiErrors). For code outside the route lifecycle, e.g. `frameworkErrors`.
   */
  sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): void;
};

declare module 'fastify' {
  interface FastifyRequest {
    /** The id in this response's `X-Request-ID` (set by errata/fastify). */
    requestId: string;
  }
  interface FastifyContextConfig {
    /** errata/fastify options of this route. */
    errata?: ErrataRouteConfig | undefined;
  }
  interface FastifyInstance {
    /** errata/fastify's settings and helpers. */
    errata: ErrataFastify;
  }
}
