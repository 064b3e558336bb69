import { type ApiError, isApiError } from './api-error.js';
import { baseCatalog } from './catalog.js';
import type { Catalog } from './catalog-types.js';
import { hasOwnHeaders } from './formats/builtin-names.js';
import { getFormat } from './formats/index.js';
import type { Format, FormatName, RenderContext, RenderedError } from './formats/types.js';
import { textLocale } from './i18n/localize.js';
import { mergeVary } from './vary.js';

/** Options of `renderError`. */
export type RenderOptions = RenderContext & {
  /** Wire format. @default the catalog's `format`, else 'problem' */
  format?: FormatName | Format;
  /** Catalog whose `internal_error` role renders anything that is not an ApiError. @default the base catalog */
  catalog?: Catalog;
  /**
   * The request's `Accept-Language`: a catalog with translations answers in the locale it
   * negotiates (with `Content-Language` and `Vary: Accept-Language`).
   * @example acceptLanguage: req.headers['accept-language']
   */
  acceptLanguage?: string | null | undefined;
  /**
   * The app's own choice of locale for the request (a user's saved language); wins over
   * `Accept-Language` when the catalog has that language or a broader one.
   * @example preferredLocale: user.locale
   */
  preferredLocale?: string | undefined;
};

/**
 * Turn an error into a complete response (status, lower-case headers, serialized body).
 * Anything that is not an ApiError becomes the catalog's generic `internal_error`; nothing of
 * its message, stack or properties is rendered. A catalog with translations renders in the
 * negotiated locale and says which in `Content-Language`.
 * @example
 * const { status, headers, body } = renderError(catalog.error('secret_not_found', { name }), {
 *   format: 'envelope',
 *   requestId: 'req_1',
 * });
 */
export function renderError(error: unknown, options: RenderOptions = {}): RenderedError {
  const catalog = options.catalog;
  const format = getFormat(options.format ?? catalog?.format ?? 'problem');
  const apiError = toApiError(error, catalog);
  // `locales` is checked, not assumed: a catalog from an older copy of errata has none.
  if (catalog === undefined || !(catalog.locales?.length > 1)) {
    // The options go through as the context: the google format reads the catalog's domain there.
    return format.render(apiError, options);
  }
  const choice = catalog.negotiate(options.acceptLanguage, options.preferredLocale);
  // In the catalog's own locale there is nothing to translate: the error renders as it is.
  const localized =
    choice.locale === catalog.locale ? apiError : catalog.localize(apiError, choice.locale);
  const rendered = format.render(localized, options);
  // A custom format may hand out one headers object for every response: add to a copy of it.
  const own = hasOwnHeaders(format);
  const headers: Record<string, string> = own
    ? rendered.headers
    : Object.assign({}, rendered.headers);
  // A copy localize made says its language (a catalog locale); anything else is checked.
  const label = localized.locale;
  headers['content-language'] =
    label === undefined
      ? catalog.locale
      : catalog.locales.includes(label)
        ? label
        : textLocale(localized, catalog.locale);
  if (choice.negotiated) {
    const vary = headers.vary;
    headers.vary =
      vary === undefined ? 'Accept-Language' : (mergeVary(vary, 'Accept-Language') as string);
  }
  if (own) return rendered;
  return { status: rendered.status, headers, body: rendered.body };
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
