import { type ApiError, isApiError } from './api-error.js';
import { baseCatalog } from './catalog.js';
import type { Catalog } from './catalog-types.js';
import { getFormat } from './formats/index.js';
import type { Format, FormatName, RenderContext, RenderedError } from './formats/types.js';

/** Options of `renderError`. */
export type RenderOptions = RenderContext & {
  /** Wire format. @default the catalog's `format`, else 'problem' */
  format?: FormatName | Format;
  /** Catalog whose `internal_error` role renders anything that is not an ApiError. @default the base catalog */
  catalog?: Catalog;
};

/**
 * Turn an error into a complete response (status, lower-case headers, serialized body).
 * Anything that is not an ApiError becomes the catalog's generic `internal_error`; nothing of
 * its message, stack or properties is rendered.
 * @example
 * const { status, headers, body } = renderError(catalog.error('secret_not_found', { name }), {
 *   format: 'envelope',
 *   requestId: 'req_1',
 * });
 */
export function renderError(error: unknown, options: RenderOptions = {}): RenderedError {
  const format = getFormat(options.format ?? options.catalog?.format ?? 'problem');
  // The options go through as the context: the google format reads the catalog's domain there.
  return format.render(toApiError(error, options.catalog), options);
}

/**
 * The ApiError to send for any thrown value: ApiErrors as they are, anything else as the
 * catalog's `internal_error` with the original kept as `cause` (server side only).
 * @example const apiError = toApiError(caught, catalog);
 */
export function toApiError(error: unknown, catalog: Catalog = baseCatalog): ApiError {
  if (isApiError(error)) return error;
  return catalog.roleError('internal_error', { cause: error });
}
