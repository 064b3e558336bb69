import { type ApiError, isApiError } from '../api-error.js';
import { baseCatalog } from '../catalog.js';
import type { Catalog } from '../catalog-types.js';
import { negotiateFormat } from '../formats/index.js';
import type { Format, FormatName } from '../formats/types.js';
import { type RenderOptions, toApiError } from '../render.js';
import { DEFAULT_BODY_LIMIT } from './limits.js';
import {
  type RequestIdOptions,
  type ResolvedRequestIdOptions,
  requestIdOptions,
} from './request-id.js';
import { statusLikeError } from './status-error.js';

// What every adapter (node, Express, Fastify, Hono) shares: its options, their defaults, and
// the rule for turning a thrown value into the ApiError a client sees.

/** What `onError` learns about the request that failed. */
export type ErrorInfo = {
  /** The request id sent to the client in `X-Request-ID`; quote it in logs. */
  requestId: string;
  method: string;
  /** The request target as received (path and query). */
  url: string;
};

/**
 * Options of `errata()`, `errata.wrap()` and `clientErrorHandler()`. An option given as
 * `undefined` takes its default, exactly like one left out.
 */
export type ErrataOptions = {
  /**
   * The API's error catalog: its roles answer 404, 405, 413, 415, 400, 422 and 500.
   * @default the base catalog (errata's own codes)
   * @example catalog: defineCatalog({ errors: { secret_not_found: { status: 404, title: 'Secret not found' } } })
   */
  catalog?: Catalog | undefined;
  /**
   * Wire format of error bodies. A route may pin its own; otherwise a client sending
   * `Accept: application/problem+json` gets `problem`.
   * @default the catalog's `format`, else 'problem'
   * @example format: 'envelope'
   */
  format?: FormatName | Format | undefined;
  /**
   * Whether a client sending `Accept: application/problem+json` gets `problem` bodies instead of
   * the app's format. Turn it off when the API promises exactly one shape (its clients, docs and
   * OpenAPI know no other); a route's pinned format wins either way.
   * @default true
   * @example negotiate: false
   */
  negotiate?: boolean | undefined;
  /**
   * Called with the original error for anything thrown that is not an ApiError, for ApiErrors
   * of status 500 and above, and for failures after the response started. The client only ever
   * sees a generic `internal_error`. Errors thrown by the hook are ignored.
   * @default logs to `console.error` with the request id
   * @example onError: (error, { requestId }) => logger.error({ err: error, requestId })
   */
  onError?: ((error: unknown, info: ErrorInfo) => void) | undefined;
  /**
   * How request ids are read and made.
   * @default { header: 'x-request-id', trustIncoming: true, generate: generateRequestId }
   * @example requestId: { generate: () => `req_${crypto.randomUUID()}` }
   */
  requestId?: RequestIdOptions | undefined;
  /**
   * Largest JSON body `ctx.json()` accepts, in bytes (a positive integer); larger ones get 413.
   * @default 65536
   * @example bodyLimit: 1024 * 1024
   */
  bodyLimit?: number | undefined;
  /**
   * Time a request's header block may take to arrive, in ms, on a server errata is attached to
   * (`attach(server)`); one that runs out gets the 408 `request_timeout` in the app's format.
   * `0` leaves Node's own (60 s, answered with a bare 408).
   * @default 10_000
   * @example headersTimeout: 5_000
   */
  headersTimeout?: number | undefined;
  /**
   * Time a request body may stall (no byte arriving while Node reads the socket), in ms, on
   * a server errata is attached to; a stalled body gets the 408 `request_timeout` in the app's
   * format and the connection closes. A slow body that keeps moving is never cut. `0` for none.
   * @default 10_000
   * @example bodyTimeout: 30_000
   */
  bodyTimeout?: number | undefined;
};

/** Options after defaults, resolved once at start-up. */
export type Settings = {
  catalog: Catalog;
  format: FormatName | Format;
  /** Whether `Accept: application/problem+json` may switch the format. */
  negotiate: boolean;
  onError: (error: unknown, info: ErrorInfo) => void;
  requestId: ResolvedRequestIdOptions;
  bodyLimit: number;
  /** ms; 0 for Node's own. */
  headersTimeout: number;
  /** ms; 0 for none. */
  bodyTimeout: number;
};

/** Default of `headersTimeout` and `bodyTimeout`, in ms. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

function defaultOnError(error: unknown, info: ErrorInfo): void {
  console.error(`errata: request ${info.requestId} (${info.method} ${info.url}) failed:`, error);
}

/** Throws a TypeError naming `where` unless `limit` is a positive integer number of bytes. */
export function checkBodyLimit(limit: unknown, where: string): void {
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit <= 0) {
    throw new TypeError(
      `errata: ${where} must be a positive integer number of bytes; got ${String(limit)}.`,
    );
  }
}

/**
 * Apply the defaults (once, at start-up). Each option falls back with `??`, so an explicit
 * `undefined` means the default. Throws a TypeError for a bad format, bodyLimit or requestId.
 */
export function settingsOf(options: ErrataOptions): Settings {
  const catalog = options.catalog ?? baseCatalog;
  const settings: Settings = {
    catalog,
    format: options.format ?? catalog.format ?? 'problem',
    negotiate: options.negotiate ?? true,
    onError: options.onError ?? defaultOnError,
    requestId: requestIdOptions(options.requestId),
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    headersTimeout: options.headersTimeout ?? DEFAULT_REQUEST_TIMEOUT_MS,
    bodyTimeout: options.bodyTimeout ?? DEFAULT_REQUEST_TIMEOUT_MS,
  };
  checkBodyLimit(settings.bodyLimit, 'bodyLimit');
  for (const name of ['headersTimeout', 'bodyTimeout'] as const) {
    const value = settings[name];
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new TypeError(
        `errata: ${name} must be a non-negative integer number of ms; got ${String(value)}.`,
      );
    }
  }
  if (typeof settings.negotiate !== 'boolean') {
    throw new TypeError('errata: negotiate must be a boolean.');
  }
  if (typeof settings.onError !== 'function') {
    throw new TypeError('errata: onError must be a function.');
  }
  // Fail at start-up, not on the first error, when the format name is wrong.
  negotiateFormat({ app: settings.format });
  return settings;
}

/** Call onError, ignoring its own failures: a broken logger must not take the server down. */
export function reportError(onError: Settings['onError'], error: unknown, info: ErrorInfo): void {
  try {
    onError(error, info);
  } catch {
    // ignored on purpose
  }
}

/**
 * The ApiError to send for a thrown value, reporting to onError what a server owner must see.
 * The same rule in every adapter (after its framework's own error types):
 *
 * - an ApiError renders as itself; reported when its status is 500 or above;
 * - an Error with a 4xx `status`/`statusCode` (http-errors style) becomes the catalog's error of
 *   that status (`statusLikeError`: generic message unless `expose: true`); not reported;
 * - anything else (other Errors, 5xx status-like errors, non-Error values) becomes the generic
 *   `internal_error` and is reported.
 */
export function failure(error: unknown, settings: Settings, info: ErrorInfo): ApiError {
  const statusLike = isApiError(error) ? undefined : statusLikeError(error, settings.catalog);
  if (statusLike !== undefined) return statusLike;
  const apiError = toApiError(error, settings.catalog);
  if ((!isApiError(error) || apiError.status >= 500) && !clientWentAway(error)) {
    reportError(settings.onError, error, info);
  }
  return apiError;
}

/**
 * Headers that describe a success representation, besides every `content-*` header: a handler
 * that set them and then failed must not have them label the error body. Every adapter drops
 * these (and only these) before rendering an error; anything else set before the failure (CORS,
 * security headers, cookies, `Vary`, the request-id header) stays on the error response.
 */
export const REPRESENTATION_HEADERS: readonly string[] = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
  'content-range',
  'content-disposition',
  'etag',
  'last-modified',
  'location',
  'expires',
  'accept-ranges',
  'transfer-encoding',
  'trailer',
];

const REPRESENTATION_SET = new Set(REPRESENTATION_HEADERS);

/**
 * Whether an error response drops a header a handler set before failing: any `content-*` header
 * and the names in REPRESENTATION_HEADERS, never the request-id header (`keep`).
 * @example isRepresentationHeader('ETag', 'x-request-id') // true
 */
export function isRepresentationHeader(name: string, keep: string): boolean {
  const lower = name.toLowerCase();
  if (lower === keep || lower === 'x-request-id') return false;
  return lower.startsWith('content-') || REPRESENTATION_SET.has(lower);
}

/**
 * What a request says about the language of its errors: its `Accept-Language` (as received, or
 * undefined when it sent none) and the app's own choice for it (`preferLocale`).
 */
export type RequestLanguage = {
  readonly acceptLanguage: string | undefined;
  readonly preferredLocale: string | undefined;
};

/**
 * A request that says nothing about its language (the malformed requests of clientError).
 * @example renderContext(settings, format, requestId, undefined, NO_LANGUAGE) // the catalog's own locale
 */
export const NO_LANGUAGE: RequestLanguage = Object.freeze({
  acceptLanguage: undefined,
  preferredLocale: undefined,
});

/**
 * The render options of one error response. A catalog with translations answers in the language
 * `language` negotiates (`Content-Language`, and `Vary: Accept-Language` unless the app's choice
 * decided).
 * @example renderContext(settings, format, requestId, '/v1/things', { acceptLanguage: 'de', preferredLocale: undefined })
 */
export function renderContext(
  settings: Settings,
  format: Format,
  requestId: string,
  instance: string | undefined,
  language: RequestLanguage,
): RenderOptions {
  const context: RenderOptions = { format, catalog: settings.catalog, requestId };
  if (instance !== undefined) context.instance = instance;
  if (language.acceptLanguage !== undefined) context.acceptLanguage = language.acceptLanguage;
  if (language.preferredLocale !== undefined) context.preferredLocale = language.preferredLocale;
  return context;
}

/** A client that hung up mid-request is not a server failure: onError does not hear of it. */
function clientWentAway(error: unknown): boolean {
  try {
    const code = (error as { code?: unknown } | null)?.code;
    return (
      code === 'ECONNRESET' || code === 'ECONNABORTED' || code === 'ERR_STREAM_PREMATURE_CLOSE'
    );
  } catch {
    return false;
  }
}
