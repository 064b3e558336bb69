// An ApiError restated in one of its catalog's locales: the title and message of the code's
// translation, field violations by their code, the locale the message is in.

import { ApiError, type FieldViolation, quickApiError, shellApiError } from '../api-error.js';
import { isLanguageTag } from './accept-language.js';
import type { CompiledLocale } from './translations.js';

// Errors whose message the app wrote at the throw (`catalog.error(code, details, { message })`):
// errata cannot translate that text, so such an error stays in the catalog's own locale. Only
// translated catalogs record them.
const written = new WeakSet<ApiError>();

/**
 * Record that an error's message was written by the app, so it is never replaced.
 * @example keepMessage(catalog.error('conflict', undefined, { message: 'Name taken' }));
 */
export function keepMessage(error: ApiError): void {
  written.add(error);
}

/** Whether the app wrote this error's message (see `keepMessage`). */
export function isKept(error: ApiError): boolean {
  return written.has(error);
}

/**
 * The language of an error's text when nothing of it was translated: its own `locale` when that
 * is a language tag (a parsed upstream error's), else the catalog's.
 * @example textLocale(error, catalog.locale) // 'en'
 */
export function textLocale(error: ApiError, ownLocale: string): string {
  const locale = error.locale;
  return locale !== undefined && isLanguageTag(locale) ? locale : ownLocale;
}

/**
 * The error in `target`'s locale: the code's translated title and message (unless the app wrote
 * the message itself), field violations by their code. A translation that fails (a value it
 * names is missing, a function that throws or returns no string) leaves the catalog's text.
 * Returns the error itself when nothing of it is translated; otherwise a copy whose `locale` is
 * the language of the text clients see: the message, or for an error that is not exposed (a
 * 5xx) the title shown in its place.
 */
export function localizeError(
  error: ApiError,
  target: CompiledLocale | undefined,
  ownLocale: string,
): ApiError {
  if (target === undefined) return error;
  let title = error.title;
  let message = error.message;
  let titled = false;
  let worded = false;
  const kept = written.has(error);
  const translation = target.errors.get(error.code);
  if (translation !== undefined && !kept) {
    if (translation.title !== undefined) {
      title = translation.title;
      titled = true;
    }
    if (translation.message !== undefined) {
      try {
        // The error is the context: it has the occurrence's `retryAfter` and `fields`, and no
        // object is made for them on every localized response.
        message = translation.message(error.details, error);
        worded = true;
      } catch {
        // The catalog's own message stands; the response says which language it is in.
      }
    }
  }
  const fields =
    error.fields !== undefined && target.fields.size > 0
      ? localizeFields(error.fields, target)
      : error.fields;
  if (!titled && !worded && fields === error.fields) return error;
  const shown = error.expose ? worded : titled;
  const copy = restated(
    error,
    title,
    message,
    fields,
    shown ? target.locale : textLocale(error, ownLocale),
  );
  if (kept) written.add(copy);
  return copy;
}

/** The violations with translated messages, or the same array when none has a translation. */
function localizeFields(fields: FieldViolation[], target: CompiledLocale): FieldViolation[] {
  let out: FieldViolation[] | undefined;
  for (let i = 0; i < fields.length; i++) {
    const violation = fields[i] as FieldViolation;
    const translate = violation.code === undefined ? undefined : target.fields.get(violation.code);
    if (translate === undefined) continue;
    let text: string;
    try {
      text = translate(violation);
    } catch {
      continue;
    }
    out ??= fields.slice();
    out[i] = { ...violation, message: text };
  }
  return out ?? fields;
}

/**
 * A copy of an ApiError with another title, message, fields and locale, made like
 * `quickApiError` but straight from the source's members (no init object): what localizing an
 * error costs on every translated response. With a `cause` or stack traces on it is constructed.
 * @example restated(error, 'Nicht gefunden', 'Kein Geheimnis', error.fields, 'de')
 */
function restated(
  source: ApiError,
  title: string,
  message: string,
  fields: FieldViolation[] | undefined,
  locale: string | undefined,
): ApiError {
  if (ApiError.captureStackTraces || source.cause !== undefined) {
    return quickApiError({
      status: source.status,
      code: source.code,
      title,
      message,
      details: source.details,
      fields,
      requestId: source.requestId,
      retryAfter: source.retryAfter,
      retryable: source.retryable,
      expose: source.expose,
      headers: source.headers,
      type: source.type,
      docUrl: source.docUrl,
      cause: source.cause,
      format: source.format,
      raw: source.raw,
      locale,
    });
  }
  const e = shellApiError(message);
  // The order of `assign`, so copies share the layout of every other ApiError.
  e.status = source.status;
  e.code = source.code;
  e.title = title;
  e.details = source.details;
  e.fields = fields;
  e.requestId = source.requestId;
  e.retryAfter = source.retryAfter;
  e.retryable = source.retryable;
  e.expose = source.expose;
  e.headers = source.headers;
  e.type = source.type;
  e.docUrl = source.docUrl;
  e.format = source.format;
  e.raw = source.raw;
  e.locale = locale;
  return e as ApiError;
}
