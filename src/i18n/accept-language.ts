/**
 * `Accept-Language` (RFC 9110 §12.5.4) and RFC 4647 §3.4 lookup: which of an API's locales
 * answers a request, falling back along the tag (`de-CH-1996` → `de-CH` → `de`) and then to the
 * default. Bounded: a hostile header costs at most MAX_HEADER characters and MAX_RANGES ranges,
 * and a negotiator caches at most `cacheSize` header values. A malformed header is never an
 * error: its readable ranges count, the rest is ignored, and nothing readable means the default.
 */

/** One language range of a header, lower-cased, with its weight (q > 0). */
export type LanguageRange = { readonly tag: string; readonly q: number };

/**
 * Characters of a header that are read; the rest is ignored.
 * @example parseAcceptLanguage(header) // reads header.slice(0, MAX_HEADER)
 */
export const MAX_HEADER = 4096;
/**
 * Ranges of a header that are kept (the first ones, then ordered by weight).
 * @example parseAcceptLanguage(header).length <= MAX_RANGES // true
 */
export const MAX_RANGES = 32;

// RFC 9110: language-range = (1*8ALPHA *("-" 1*8alphanum)) / "*"; qvalue = 0[.ddd] / 1[.000].
const RANGE = /^(?:\*|[a-z]{1,8}(?:-[a-z0-9]{1,8})*)$/;
const WEIGHT = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/**
 * Longest language tag errata reads or sends (RFC 5646 §4.4.1 asks for at least 35): a longer
 * range in a header is skipped, and a longer locale is refused, so a hostile tag costs nothing.
 * @example isLanguageTag('de-'.padEnd(65, 'a')) // false
 */
export const MAX_TAG = 64;

/**
 * Whether a value is a language tag as `Accept-Language` names one (`de`, `de-CH`, `zh-Hant-TW`),
 * at most MAX_TAG characters.
 * @example isLanguageTag('de-CH') // true
 */
export function isLanguageTag(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= MAX_TAG &&
    value !== '*' &&
    RANGE.test(value.toLowerCase())
  );
}

/**
 * The ranges of an `Accept-Language` value, best first (by weight, then as sent); ranges with
 * `q=0` (refused) and unreadable ones are left out.
 * @example parseAcceptLanguage('de-CH, de;q=0.9, en;q=0.5') // [{ tag: 'de-ch', q: 1 }, { tag: 'de', q: 0.9 }, { tag: 'en', q: 0.5 }]
 */
export function parseAcceptLanguage(value: string | undefined): LanguageRange[] {
  if (value === undefined || value === '') return [];
  const text = value.length > MAX_HEADER ? value.slice(0, MAX_HEADER) : value;
  const ranges: LanguageRange[] = [];
  let seen = 0;
  for (const item of text.split(',')) {
    if (seen === MAX_RANGES) break;
    const [rawTag = '', ...params] = item.split(';');
    const tag = rawTag.trim().toLowerCase();
    if (tag === '' && params.length === 0) continue; // `a,,b`: an empty list element
    seen++;
    if (tag.length > MAX_TAG || !RANGE.test(tag)) continue;
    let q = 1;
    let readable = true;
    for (const param of params) {
      const weight = WEIGHT.exec(param.trim().toLowerCase());
      if (weight === null) readable = false;
      else q = Number(weight[1]);
    }
    if (readable && q > 0) ranges.push({ tag, q });
  }
  // A stable sort keeps the sender's order among equal weights.
  return ranges.sort((a, b) => b.q - a.q);
}

/**
 * RFC 4647 §3.4 lookup: the first range (best first) that names one of `locales`, itself or
 * truncated subtag by subtag (a singleton such as `x` goes with the subtag after it), else
 * `defaultLocale`. `*` names no locale of its own here: it falls to the default. Tags compare
 * without case; the locale is returned as `locales` spells it.
 * @example lookupLocale(parseAcceptLanguage('de-CH'), ['en', 'de'], 'en') // 'de'
 */
export function lookupLocale(
  ranges: readonly LanguageRange[],
  locales: readonly string[],
  defaultLocale: string,
): string {
  const byTag = new Map(locales.map((locale) => [locale.toLowerCase(), locale]));
  return lookupIn(ranges, byTag) ?? defaultLocale;
}

/**
 * The locale of `locales` that one language tag falls back to (`de-CH` → `de`), if any.
 * @example matchLocale('de-AT', ['en', 'de']) // 'de'
 */
export function matchLocale(tag: string, locales: readonly string[]): string | undefined {
  if (!isLanguageTag(tag)) return undefined;
  const byTag = new Map(locales.map((locale) => [locale.toLowerCase(), locale]));
  return lookupIn([{ tag: tag.toLowerCase(), q: 1 }], byTag);
}

function lookupIn(
  ranges: readonly LanguageRange[],
  byTag: ReadonlyMap<string, string>,
): string | undefined {
  for (const { tag } of ranges) {
    if (tag === '*') continue;
    let candidate = tag;
    for (;;) {
      const found = byTag.get(candidate);
      if (found !== undefined) return found;
      let cut = candidate.lastIndexOf('-');
      if (cut === -1) break;
      // A singleton left last (`de-x` after cutting `de-x-private`) goes too.
      if (cut >= 2 && candidate[cut - 2] === '-') cut -= 2;
      candidate = candidate.slice(0, cut);
    }
  }
  return undefined;
}

/** What a negotiator decided for one request. */
export type LocaleChoice = {
  /** One of the negotiator's locales. */
  readonly locale: string;
  /**
   * Whether `Accept-Language` decided (present or not): the response then varies by it
   * (`Vary: Accept-Language`), even when it fell back to the default. False when the app's own
   * choice for the request (a user's saved language) decided.
   */
  readonly negotiated: boolean;
};

/** Options of `createLocaleNegotiator`. */
export type LocaleNegotiatorOptions = {
  /**
   * The locales the API answers in (BCP 47 tags), the default among them.
   * @example ['en', 'de', 'fr-CA']
   */
  locales: readonly string[];
  /**
   * The locale when no range names one of `locales` (or there is no header).
   * @default the first of `locales`
   */
  defaultLocale?: string | undefined;
  /**
   * Header values whose answer is kept (the oldest goes first); values longer than 256
   * characters are never kept. 0 keeps none.
   * @default 256
   */
  cacheSize?: number | undefined;
};

const CACHEABLE_LENGTH = 256;

/**
 * A function from an `Accept-Language` value to the locale that answers it, with a bounded cache
 * of the values it has seen (clients send few distinct ones).
 * @example
 * const negotiate = createLocaleNegotiator({ locales: ['en', 'de'] });
 * negotiate('de-CH,de;q=0.9') // { locale: 'de', negotiated: true }
 */
export function createLocaleNegotiator(
  options: LocaleNegotiatorOptions,
): (acceptLanguage: string | null | undefined) => LocaleChoice {
  const { locales } = options;
  if (!Array.isArray(locales) || locales.length === 0) {
    throw new TypeError('errata: createLocaleNegotiator needs at least one locale.');
  }
  for (const locale of locales) {
    if (!isLanguageTag(locale)) {
      throw new TypeError(`errata: ${JSON.stringify(locale)} is not a language tag.`);
    }
  }
  const fallback = options.defaultLocale ?? (locales[0] as string);
  if (!locales.includes(fallback)) {
    throw new TypeError(
      `errata: defaultLocale ${JSON.stringify(fallback)} is not one of the locales.`,
    );
  }
  const cacheSize = options.cacheSize ?? 256;
  if (!Number.isSafeInteger(cacheSize) || cacheSize < 0) {
    throw new TypeError(`errata: cacheSize must be a non-negative integer; got ${cacheSize}.`);
  }
  const byTag = new Map(locales.map((locale) => [locale.toLowerCase(), locale]));
  // One frozen answer per locale, shared by every request: nothing a caller does to one can
  // change the next request's answer. Without the header the default answers, but a cache must
  // still not give that answer to a request that names another language: it was negotiated.
  const answers = new Map<string, LocaleChoice>(
    locales.map((locale) => [locale, Object.freeze({ locale, negotiated: true })]),
  );
  const none = answers.get(fallback) as LocaleChoice;
  const cache = new Map<string, LocaleChoice>();
  return (acceptLanguage) => {
    if (acceptLanguage === undefined || acceptLanguage === null) return none;
    const cached = cache.get(acceptLanguage);
    if (cached !== undefined) return cached;
    const found = lookupIn(parseAcceptLanguage(acceptLanguage), byTag);
    const choice = found === undefined ? none : (answers.get(found) as LocaleChoice);
    if (cacheSize > 0 && acceptLanguage.length <= CACHEABLE_LENGTH) {
      if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string);
      cache.set(acceptLanguage, choice);
    }
    return choice;
  };
}
