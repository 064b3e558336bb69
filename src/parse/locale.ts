// The language of a parsed error's message: a body's own member (AIP-193 `LocalizedMessage`)
// or the response's `Content-Language`, checked and bounded like every other part of a parse.

import type { ApiError } from '../api-error.js';
import { isObject } from '../formats/shared.js';
import { isLanguageTag, MAX_TAG } from '../i18n/accept-language.js';
import { statusPhrase } from '../status.js';

/**
 * Longest language tag kept: the one bound errata puts on tags everywhere (`MAX_TAG`, checked
 * by `isLanguageTag`); a longer one is dropped.
 * @example localeOf('de-CH-x-'.padEnd(65, 'a')) // undefined
 */
export const MAX_LOCALE = MAX_TAG;

// The last tag that passed: a client hears few distinct languages, and `bounded()` checks again.
let lastTag: string | undefined;

/**
 * A language tag as `isLanguageTag` reads one (at most MAX_LOCALE characters), as it was sent
 * (case kept); anything else (a number, `*`, `en_US`, white space around it) is undefined.
 * @example localeOf('de-CH') // 'de-CH'
 */
export function localeOf(value: unknown): string | undefined {
  if (value === lastTag) return lastTag;
  if (!isLanguageTag(value)) return undefined;
  lastTag = value;
  return value;
}

let lastHeader: string | undefined;
let lastHeaderLocale: string | undefined;

/**
 * The language a response declares in `Content-Language` (RFC 9110 §8.5): its first tag when it
 * lists several (`de-CH, en` is `de-CH`), undefined when absent or not a language tag.
 * @example contentLanguage({ 'content-language': 'de-CH, en' }) // 'de-CH'
 */
export function contentLanguage(headers: Readonly<Record<string, string>>): string | undefined {
  const value = headers['content-language'];
  if (value === undefined) return undefined;
  if (value === lastHeader) return lastHeaderLocale;
  const comma = value.indexOf(',');
  const end = comma === -1 ? value.length : comma;
  // Optional white space around a tag is allowed; a first item this long is no tag at all.
  const locale = end > 2 * MAX_LOCALE ? undefined : localeOf(value.slice(0, end).trim());
  lastHeader = value;
  lastHeaderLocale = locale;
  return locale;
}

/**
 * The locale `Content-Language` gives an error whose parse found none (or none that is a language
 * tag) in the body: the header's,
 * unless the message is errata's stand-in (the status's English reason phrase, for a body with
 * no message of its own) and the header names another language than English.
 * @example headerLocale(parseErrorBody(input), 'de') // 'de', or undefined for `Not Found`
 */
export function headerLocale(error: ApiError, locale: string | undefined): string | undefined {
  if (locale === undefined || localeOf(error.locale) !== undefined) return undefined;
  if (error.message === statusPhrase(error.status) && !/^en(?:-|$)/i.test(locale)) {
    return undefined;
  }
  return locale;
}

/**
 * `error` with `locale` from `Content-Language` (see `headerLocale`), set on the error itself:
 * only for an error this parse just made (no one else holds it).
 * @example return bounded(withHeaderLocale(enrich(error, shape), locale), shape);
 */
export function withHeaderLocale(error: ApiError, locale: string | undefined): ApiError {
  const adopted = headerLocale(error, locale);
  if (adopted !== undefined) (error as { locale: string | undefined }).locale = adopted;
  return error;
}

/** An AIP-193 `google.rpc.LocalizedMessage` read from a body: its locale and message. */
export type LocalizedMessage = { locale: string; message: string };

/**
 * A `google.rpc.LocalizedMessage` detail (`{ '@type': '….LocalizedMessage', locale, message }`)
 * whose locale is a language tag (see `localeOf`) and whose message is a string that is not
 * blank; undefined for any other value. The caller bounds the message (`bounded()` does).
 * @example localizedMessage({ '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'de', message: 'Nicht gefunden' })
 */
export function localizedMessage(detail: unknown): LocalizedMessage | undefined {
  if (!isObject(detail)) return undefined;
  const type = detail['@type'];
  if (typeof type !== 'string' || !type.endsWith('.LocalizedMessage')) return undefined;
  const locale = localeOf(detail.locale);
  const message = detail.message;
  if (locale === undefined || typeof message !== 'string' || message.trim() === '')
    return undefined;
  return { locale, message };
}

/**
 * The first AIP-193 `LocalizedMessage` (see `localizedMessage`) among the first 16 google.rpc
 * `details` of a body: a Status at the top (gRPC-gateway) or under `error` (Google's APIs). Two
 * member reads for a body without such a list.
 * @example localizedIn({ code: 5, message: 'not found', details: [{ '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'de', message: 'Nicht gefunden' }] })?.locale // 'de'
 */
export function localizedIn(body: object): LocalizedMessage | undefined {
  const { details, error } = body as { details?: unknown; error?: unknown };
  const list = Array.isArray(details)
    ? details
    : isObject(error) && Array.isArray(error.details)
      ? error.details
      : undefined;
  if (list === undefined) return undefined;
  for (let i = 0; i < list.length && i < 16; i++) {
    const localized = localizedMessage(list[i]);
    if (localized !== undefined) return localized;
  }
  return undefined;
}
