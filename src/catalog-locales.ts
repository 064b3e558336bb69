// The languages of a catalog: its own locale, its compiled translations, and what negotiates
// and localizes with them. catalog.ts puts these members on the catalog.

import type { ApiError } from './api-error.js';
import { CatalogDefinitionError } from './catalog-error.js';
import type { CatalogEntry } from './catalog-types.js';
import {
  createLocaleNegotiator,
  isLanguageTag,
  type LocaleChoice,
  MAX_TAG,
  matchLocale,
} from './i18n/accept-language.js';
import { localizeError } from './i18n/localize.js';
import type { LocaleTranslations, MessageCompiler } from './i18n/translation-types.js';
import { type CompiledLocale, compileTranslations } from './i18n/translations.js';

/** The members of a catalog that concern its languages. */
export type CatalogLocales = {
  readonly locale: string;
  readonly locales: readonly string[];
  translations(locale: string): LocaleTranslations | undefined;
  negotiate(acceptLanguage: string | null | undefined, preferred?: string): LocaleChoice;
  localize(error: ApiError, locale: string): ApiError;
};

/** A catalog's language members, and whether it has any language besides its own. */
export function catalogLocales(
  definition: { locale?: unknown; translations?: unknown; messageFormat?: unknown },
  entryOf: (code: string) => CatalogEntry | undefined,
): { members: CatalogLocales; translated: boolean } {
  const own = definition.locale ?? 'en';
  if (!isLanguageTag(own)) {
    throw new CatalogDefinitionError(
      'ERR_CATALOG_TRANSLATION',
      `locale ${JSON.stringify(own)} is not a language tag (such as 'en' or 'en-GB').`,
    );
  }
  const compiled = compileTranslations(
    definition.translations,
    own,
    entryOf,
    definition.messageFormat as MessageCompiler | undefined,
  );
  const byLocale = new Map<string, CompiledLocale>(compiled.map((c) => [c.locale, c]));
  const locales = Object.freeze([own, ...compiled.map((c) => c.locale)]);
  const negotiator = createLocaleNegotiator({ locales, defaultLocale: own });
  const exact = new Map(locales.map((locale) => [locale.toLowerCase(), locale]));
  const match = (tag: string) =>
    typeof tag !== 'string' || tag.length > MAX_TAG
      ? undefined
      : (exact.get(tag.toLowerCase()) ?? matchLocale(tag, locales));
  // The app's choice decided, not the header: frozen and shared, like the negotiator's answers.
  const chosen = new Map<string, LocaleChoice>(
    locales.map((locale) => [locale, Object.freeze({ locale, negotiated: false })]),
  );
  const members: CatalogLocales = {
    locale: own,
    locales,
    translations: (locale) =>
      byLocale.get(locale)?.definition ??
      byLocale.get(exact.get(locale.toLowerCase()) ?? '')?.definition,
    negotiate(acceptLanguage, preferred) {
      if (preferred !== undefined) {
        const found = typeof preferred === 'string' ? match(preferred) : undefined;
        if (found !== undefined) return chosen.get(found) as LocaleChoice;
      }
      return negotiator(acceptLanguage);
    },
    localize(error, locale) {
      const found = byLocale.get(locale) ?? byLocale.get(match(locale) ?? own);
      return localizeError(error, found, own);
    },
  };
  return { members, translated: compiled.length > 0 };
}
