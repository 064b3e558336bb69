// `createClient({ locale })`: the languages a user reads, as the `Accept-Language` every request
// of the client carries.
import { localeOf } from '../parse/locale.js';

/**
 * Tags a `locale` list may hold: weights go down by 0.1 a tag, and the last gets q=0.1.
 * @example acceptLanguage(['de', 'fr', 'it', 'en']) // 'de, fr;q=0.9, it;q=0.8, en;q=0.7'
 */
export const MAX_LOCALES = 10;

function bad(detail: string): never {
  throw new TypeError(`errata: createClient({ locale }): ${detail}`);
}

/**
 * The `Accept-Language` value for a `locale` option: a tag as it is (`de-CH`), a list best first
 * with weights 0.1 apart (`['de-CH', 'de', 'en']` is `de-CH, de;q=0.9, en;q=0.8`); undefined for
 * no option. Throws a TypeError naming a value that is not a language tag (see `localeOf`), a
 * tag named twice, an empty list or one of more than MAX_LOCALES tags.
 * @example acceptLanguage(['de-CH', 'de', 'en']) // 'de-CH, de;q=0.9, en;q=0.8'
 */
export function acceptLanguage(locale: unknown): string | undefined {
  if (locale === undefined) return undefined;
  const tags: readonly unknown[] = Array.isArray(locale) ? locale : [locale];
  if (tags.length === 0 || tags.length > MAX_LOCALES) {
    bad(`1 to ${MAX_LOCALES} language tags, not ${tags.length}.`);
  }
  const seen = new Set<string>();
  let out = '';
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i];
    if (localeOf(tag) === undefined) {
      bad(`${typeof tag === 'string' ? JSON.stringify(tag) : typeof tag} is no language tag.`);
    }
    const key = (tag as string).toLowerCase();
    if (seen.has(key)) bad(`${JSON.stringify(tag)} twice.`);
    seen.add(key);
    out += i === 0 ? tag : `, ${tag};q=0.${10 - i}`;
  }
  return out;
}

/**
 * The client's `Accept-Language` from its options (see `acceptLanguage`); a TypeError when both
 * `locale` and an `accept-language` in `headers` say it.
 * @example clientAcceptLanguage('de', new Headers()) // 'de'
 */
export function clientAcceptLanguage(locale: unknown, headers: Headers): string | undefined {
  const value = acceptLanguage(locale);
  if (value !== undefined && headers.has('accept-language')) {
    throw new TypeError(
      'errata: createClient takes `locale` or an Accept-Language header, not both.',
    );
  }
  return value;
}
