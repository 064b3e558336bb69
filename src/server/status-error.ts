import { ApiError, isApiError } from '../api-error.js';
import type { Catalog } from '../catalog-types.js';
import { codeForStatus, isErrorStatus } from '../status.js';

/** Statuses every catalog has a role for. */
const ROLE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'invalid_request',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_error',
  429: 'rate_limited',
  500: 'internal_error',
  503: 'service_unavailable',
  504: 'upstream_timeout',
};

/** What a framework's status error may pass on: its cause, its headers, a message it exposes. */
export type StatusErrorOptions = {
  cause?: unknown;
  headers?: Record<string, string> | undefined;
  /** A message the framework's own convention shows clients (never for 5xx). */
  message?: string | undefined;
};

/**
 * The catalog's error for a status a framework raised (http-errors, Fastify's `statusCode`,
 * Hono's HTTPException): the role of that status when there is one, else a generic error named
 * after the status as the catalog spells it (`unauthorized`, `conflict`, …). A 5xx never carries
 * the framework's message. One function for every adapter, so they map statuses alike.
 * @example statusError(404, catalog) // the catalog's not_found role
 */
export function statusError(
  status: number,
  catalog: Catalog,
  options: StatusErrorOptions = {},
): ApiError {
  const role = ROLE_BY_STATUS[status];
  const message = status >= 500 ? undefined : options.message;
  if (role !== undefined) {
    const roleOptions: { cause?: unknown; headers?: Record<string, string>; message?: string } = {};
    if (options.cause !== undefined) roleOptions.cause = options.cause;
    if (options.headers !== undefined) roleOptions.headers = options.headers;
    if (message !== undefined && message !== '') roleOptions.message = message;
    return catalog.roleError(role, roleOptions);
  }
  const init: ConstructorParameters<typeof ApiError>[0] = { status, code: codeForStatus(status) };
  if (options.cause !== undefined) init.cause = options.cause;
  if (options.headers !== undefined) init.headers = options.headers;
  if (message !== undefined && message !== '') init.message = message;
  return catalog.normalize(new ApiError(init));
}

/** Longest message of a status-like error passed on to the client (when it exposes one). */
const MAX_EXPOSED_MESSAGE = 1000;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Headers of a status-like error (`createError(401, { headers: { 'WWW-Authenticate': … } })`)
 * that may go out with the error: valid names and values, lower-cased, none describing a body
 * (`content-*`) nor the connection.
 */
export function statusErrorHeaders(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  let out: Record<string, string> | undefined;
  for (const [name, field] of Object.entries(value)) {
    if (typeof field !== 'string' && typeof field !== 'number') continue;
    const lower = name.toLowerCase();
    const text = String(field);
    if (!TOKEN.test(name) || !FIELD_VALUE.test(text) || lower.startsWith('content-')) continue;
    if (lower === 'transfer-encoding' || lower === 'connection') continue;
    out ??= {};
    out[lower] = text;
  }
  return out;
}

/** Whether a value is an Error (also one from another realm). */
function isErrorObject(value: unknown): value is Error {
  return (
    value instanceof Error ||
    (typeof value === 'object' &&
      value !== null &&
      Object.prototype.toString.call(value) === '[object Error]')
  );
}

/**
 * The one rule every adapter applies to a thrown Error carrying an HTTP status (http-errors,
 * `@fastify/sensible`, `Object.assign(new Error('x'), { statusCode: 409 })`, …):
 *
 * - an integer `status` (else `statusCode`) of 400..499 becomes `statusError()` of that status:
 *   the catalog's role for it, else the catalog's code for the status. The client sees the
 *   error's own message only when it says so with `expose: true` (the http-errors convention),
 *   bounded; otherwise the generic message. Its `headers` (e.g. `WWW-Authenticate`) are kept.
 * - 5xx, no status, a non-Error value (a thrown `{ statusCode: 400 }`) or an ApiError: undefined,
 *   i.e. not mapped (ApiErrors render as themselves; the rest become the generic 500 that
 *   `onError` hears of).
 *
 * Never throws: a value whose getters throw is not mapped.
 * @example statusLikeError(Object.assign(new Error('x'), { statusCode: 404 }), catalog) // not_found
 */
export function statusLikeError(error: unknown, catalog: Catalog): ApiError | undefined {
  try {
    if (!isErrorObject(error) || isApiError(error)) return undefined;
    const { status: given, statusCode } = error as { status?: unknown; statusCode?: unknown };
    const status = isErrorStatus(given)
      ? given
      : isErrorStatus(statusCode)
        ? statusCode
        : undefined;
    if (status === undefined || status >= 500) return undefined;
    const message = error.message;
    const exposed =
      (error as { expose?: unknown }).expose === true &&
      typeof message === 'string' &&
      message !== ''
        ? message.slice(0, MAX_EXPOSED_MESSAGE)
        : undefined;
    const headers = statusErrorHeaders((error as { headers?: unknown }).headers);
    return statusError(status, catalog, { cause: error, headers, message: exposed });
  } catch {
    return undefined;
  }
}
