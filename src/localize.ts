// An ApiError restated in one of its catalog's locales: the title and message of the code's
// translation, field violations by their code, the locale the message is in.
import { type ApiError, type FieldViolation, quickApiError } from './api-error.js';
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

/**
 * The error in `target`'s locale (`undefined`: the catalog's own, `ownLocale`). The message is
 * replaced when the code's translation has one and the app did not write the message itself;
 * a translation that fails (a value it names is missing) leaves the catalog's message. The
 * result's `locale` is the language of the text clients see: the message, or for an error that
 * is not exposed (a 5xx) the title it shows instead.
 */
export function localizeError(
  error: ApiError,
  target: CompiledLocale | undefined,
  ownLocale: string,
): ApiError {
  let locale = ownLocale;
  let title = error.title;
  let message = error.message;
  let fields = error.fields;
  if (target !== undefined) {
    const translation = target.errors.get(error.code);
    if (translation !== undefined && !written.has(error)) {
      if (translation.title !== undefined) {
        title = translation.title;
        // An error that is not exposed shows its title in place of its message.
        if (!error.expose) locale = target.locale;
      }
      if (translation.message !== undefined) {
        try {
          message = translation.message(error.details, {
            retryAfter: error.retryAfter,
            fields: error.fields,
          });
          if (error.expose) locale = target.locale;
        } catch {
          // The catalog's own message stands; the response says which language it is in.
        }
      }
    }
    if (fields !== undefined && target.fields.size > 0) fields = localizeFields(fields, target);
  }
  return quickApiError({
    status: error.status,
    code: error.code,
    title,
    message,
    details: error.details,
    fields,
    requestId: error.requestId,
    retryAfter: error.retryAfter,
    retryable: error.retryable,
    expose: error.expose,
    headers: error.headers,
    type: error.type,
    docUrl: error.docUrl,
    cause: error.cause,
    format: error.format,
    raw: error.raw,
    locale,
  });
}

function localizeFields(fields: FieldViolation[], target: CompiledLocale): FieldViolation[] {
  return fields.map((violation) => {
    const translate = violation.code === undefined ? undefined : target.fields.get(violation.code);
    if (translate === undefined) return violation;
    try {
      return { ...violation, message: translate(violation) };
    } catch {
      return violation;
    }
  });
}
