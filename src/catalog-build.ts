// The ApiErrors a catalog makes: `catalog.error` / `roleError` from an entry, and
// `catalog.normalize` of a parsed error onto the entry of its code.
import { ApiError, type ApiErrorInit } from './api-error.js';
import type { CatalogEntry, ErrorOptions, MessageContext } from './catalog-types.js';

/** The error of `entry` with `details` (validated or not: the caller's business) and options. */
export function buildError(
  entry: CatalogEntry,
  details: unknown,
  options: ErrorOptions = {},
): ApiError {
  const retryAfter = options.retryAfter ?? entry.retryAfter;
  const message =
    options.message ??
    (typeof entry.message === 'function'
      ? (entry.message as (d: unknown, c: MessageContext) => string)(details, {
          retryAfter,
          fields: options.fields,
        })
      : entry.message);
  // Assigned member by member: object spreads cost far more on this hot path (every error).
  const init: ApiErrorInit = {
    status: entry.status,
    code: entry.code,
    title: entry.title,
    message,
    retryable: entry.retryable,
    expose: entry.expose,
    headers:
      options.headers === undefined
        ? Object.assign({}, entry.headers)
        : Object.assign({}, entry.headers, options.headers),
  };
  if (details !== undefined) init.details = details;
  if (options.fields !== undefined) init.fields = options.fields;
  if (retryAfter !== undefined) init.retryAfter = retryAfter;
  if (options.requestId !== undefined) init.requestId = options.requestId;
  if (options.cause !== undefined) init.cause = options.cause;
  if (entry.type !== undefined) init.type = entry.type;
  if (entry.docUrl !== undefined) init.docUrl = entry.docUrl;
  return new ApiError(init);
}

/** A parsed `error` restated as the catalog's `entry`: status, title, flags and headers from the
 * entry, the rest from the error. */
export function normalizeError(entry: CatalogEntry, error: ApiError): ApiError {
  const retryAfter = error.retryAfter ?? entry.retryAfter;
  const type = error.type ?? entry.type;
  const docUrl = error.docUrl ?? entry.docUrl;
  return new ApiError({
    status: entry.status,
    code: entry.code,
    title: entry.title,
    message: error.message,
    retryable: entry.retryable,
    expose: entry.expose,
    headers: { ...entry.headers, ...error.headers },
    ...(error.details === undefined ? {} : { details: error.details }),
    ...(error.fields === undefined ? {} : { fields: error.fields }),
    ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
    ...(retryAfter === undefined ? {} : { retryAfter }),
    ...(type === undefined ? {} : { type }),
    ...(docUrl === undefined ? {} : { docUrl }),
    ...(error.cause === undefined ? {} : { cause: error.cause }),
    ...(error.format === undefined ? {} : { format: error.format }),
    ...(error.raw === undefined ? {} : { raw: error.raw }),
    ...(error.locale === undefined ? {} : { locale: error.locale }),
  });
}
