// The `locales` member of a snapshot file: the catalog's own language and, per translation, the
// codes clients asking for it still read in the catalog's own language. Checked on load like the
// rest of the file; absent in files written before errata knew translations (unknown, not none).
import type { Catalog } from '../../catalog-types.js';
import { isTranslated, translationStatus } from './translation-status.js';

/** One translation in a snapshot. */
export type ContractTranslation = {
  /** Codes clients asking for the locale read in it (`errata i18n`'s rule). */
  translated: number;
  /** The codes they read in the catalog's own language instead, sorted. */
  missing: string[];
};

/** The languages of a catalog, as a snapshot records them. */
export type ContractLocales = {
  /** The catalog's own language (`defineCatalog({ locale })`, 'en' by default). */
  own: string;
  /** Each translation by locale, sorted by tag. */
  translations: Record<string, ContractTranslation>;
};

/**
 * The languages a catalog answers in: its own, and for each translation what it covers.
 * @example localesOf(vaultCatalog).translations.de // { translated: 21, missing: [] }
 */
export function localesOf(catalog: Catalog): ContractLocales {
  const translations: Record<string, ContractTranslation> = {};
  const others = catalog.locales.filter((l) => l !== catalog.locale);
  for (const locale of [...others].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const codes = translationStatus(catalog, locale);
    const missing = codes.filter((c) => !isTranslated(c)).map((c) => c.code);
    translations[locale] = {
      translated: codes.length - missing.length,
      missing: missing.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    };
  }
  return { own: catalog.locale, translations };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The first thing wrong with a snapshot's `locales`, or `undefined` when it is well formed.
 * @example localesProblem({ own: 'en', translations: {} }) // undefined
 */
export function localesProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'must be an object';
  for (const key of Object.keys(value)) {
    if (key !== 'own' && key !== 'translations') return `unknown field "${key}"`;
  }
  if (typeof value.own !== 'string' || value.own === '') return '"own" must be a locale';
  if (!isRecord(value.translations)) return '"translations" must be an object';
  for (const [locale, t] of Object.entries(value.translations)) {
    if (!isRecord(t)) return `translations.${locale} must be an object`;
    for (const key of Object.keys(t)) {
      if (key !== 'translated' && key !== 'missing') {
        return `translations.${locale}: unknown field "${key}"`;
      }
    }
    if (!Number.isInteger(t.translated) || (t.translated as number) < 0) {
      return `translations.${locale}.translated must be a count`;
    }
    if (!Array.isArray(t.missing) || !t.missing.every((c) => typeof c === 'string')) {
      return `translations.${locale}.missing must be a list of codes`;
    }
  }
  return undefined;
}
