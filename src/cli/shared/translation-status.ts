// Where each code of a catalog stands in each of its translations: translated, missing, marked
// for translation by `errata i18n --write`, or stale (the catalog's own text changed since). One
// reading for `errata i18n`, `errata docs --locale` and `errata snapshot`.
import { createHash } from 'node:crypto';
import type { Catalog, CatalogEntry } from '../../catalog-types.js';
import { upperSnake } from '../../code-case.js';
import type { TranslationEntry } from '../../i18n/translation-types.js';

/**
 * The mark `errata i18n --write` puts before the catalog's own text in a translation file: the
 * text is there for the translator to replace, and until then the code counts as untranslated.
 */
export const UNTRANSLATED = '[translate] ';

/**
 * The fingerprint of a code's own title and message that a translation records as its `source`:
 * the first 12 hex digits of SHA-256 over `title + "\n" + message`, a function message taken as
 * its source text (`fn.toString()`, so reformatting the function changes it too).
 * @example sourceFingerprint(catalog.get('secret_not_found')) // 'a3f09c41d27e'
 */
export function sourceFingerprint(entry: Pick<CatalogEntry, 'title' | 'message'>): string {
  const message = typeof entry.message === 'function' ? entry.message.toString() : entry.message;
  return createHash('sha256').update(`${entry.title}\n${message}`).digest('hex').slice(0, 12);
}

/** How one text of a code (its title or its message) stands in a locale. */
export type TextState = 'translated' | 'missing' | 'marked';

/** One code in one locale. */
export type CodeTranslation = {
  code: string;
  /**
   * Whether clients read the code's message: an unexposed code (a 500) sends its title as the
   * message, so its title is the text that needs translating.
   */
  exposed: boolean;
  title: TextState;
  message: TextState;
  /** The `source` the translation records, if any. */
  source: string | undefined;
  /** The fingerprint of the code's own title and message now (`sourceFingerprint`). */
  current: string;
};

/**
 * Every code of the catalog (reported ones included) as one of its translations has it, in
 * catalog order. Translations keyed by another spelling of a code (`SECRET_NOT_FOUND`) count for
 * the code, as the catalog reads them.
 * @example translationStatus(vaultCatalog, 'de').filter((c) => !isTranslated(c))
 */
export function translationStatus(catalog: Catalog, locale: string): CodeTranslation[] {
  const defined = definedEntries(catalog, locale);
  return catalog.entries().map((entry) => {
    const own = defined.get(entry.code);
    return {
      code: entry.code,
      exposed: entry.expose,
      title: textState(own?.title),
      message: textState(own?.message),
      source: typeof own?.source === 'string' ? own.source : undefined,
      current: sourceFingerprint(entry),
    };
  });
}

/**
 * The translation entries of a locale by the catalog's spelling of their code.
 * @example definedEntries(vaultCatalog, 'de').get('secret_not_found')?.title // 'Geheimnis nicht gefunden'
 */
export function definedEntries(catalog: Catalog, locale: string): Map<string, TranslationEntry> {
  const out = new Map<string, TranslationEntry>();
  const errors = catalog.translations(locale)?.errors as
    | Record<string, TranslationEntry | undefined>
    | undefined;
  if (errors === undefined) return out;
  const byKey = new Map(catalog.entries().map((e) => [upperSnake(e.code), e.code]));
  for (const [key, value] of Object.entries(errors)) {
    const code = catalog.get(key)?.code ?? byKey.get(upperSnake(key));
    if (code !== undefined && value !== undefined) out.set(code, value);
  }
  return out;
}

function textState(value: unknown): TextState {
  if (typeof value === 'function') return 'translated';
  if (typeof value !== 'string') return 'missing';
  return value.startsWith(UNTRANSLATED) ? 'marked' : 'translated';
}

/**
 * Whether clients asking for the locale get the code in it: its message when exposed, else its
 * title (the message an unexposed code sends).
 * @example isTranslated({ exposed: true, title: 'missing', message: 'translated', … }) // true
 */
export function isTranslated(code: CodeTranslation): boolean {
  return (code.exposed ? code.message : code.title) === 'translated';
}

/**
 * Whether a translated code was made from other text than the catalog's own now: its recorded
 * `source` differs from the current fingerprint. Unknown (false) without a `source`.
 * @example isStale({ source: 'a3f09c41d27e', current: '0b5e…', … }) // true
 */
export function isStale(code: CodeTranslation): boolean {
  const anything = code.title === 'translated' || code.message === 'translated';
  return anything && code.source !== undefined && code.source !== code.current;
}

/**
 * The locale of `catalog.locales` a tag names (case aside), or `undefined`.
 * @example findLocale(vaultCatalog, 'DE') // 'de'
 */
export function findLocale(catalog: Catalog, tag: string): string | undefined {
  return catalog.locales.find((locale) => locale.toLowerCase() === tag.toLowerCase());
}

/**
 * The English name of a language tag (`de` → German), else the tag itself.
 * @example languageName('fr') // 'French'
 */
export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
