// The language of a reference page (`errata docs --locale de`): each code's title and message
// from the catalog's translation, falling back code by code to the catalog's own language with a
// note saying so; examples rendered as the API answers a client asking for that language. The
// page's own words (headings, column names) and the catalog's descriptions, causes and
// resolutions are not translated: the catalog has them in its own language only.
import type { Catalog, CatalogEntry } from '../../catalog-types.js';
import { compileSimpleMessage, messageArguments } from '../../i18n/message-template.js';
import {
  type CodeTranslation,
  definedEntries,
  findLocale,
  languageName,
  translationStatus,
} from '../shared/translation-status.js';
import { code } from './inline.js';
import type { Inline } from './types.js';

/** What a page writes in its language. */
export type PageLanguage = {
  /** The page's locale: the catalog's own unless `--locale` named one of its translations. */
  readonly locale: string;
  /** Whether the page is in another language than the catalog's own. */
  readonly translated: boolean;
  /** The `Accept-Language` example responses are rendered for (none on the catalog's own page). */
  readonly acceptLanguage: string | undefined;
  /** A code's title on the page. */
  title(entry: CatalogEntry): string;
  /** A code's message as the entries layout shows it (a function message: the title). */
  message(entry: CatalogEntry): Inline;
  /** Said of a code shown in the catalog's own language for want of a translation. */
  note(entry: CatalogEntry): Inline | undefined;
  /** The paragraph that tells readers what the page has in its language. */
  lead: Inline | undefined;
};

/**
 * The page language for a locale of the catalog (`undefined`: its own). Throws a TypeError for a
 * locale the catalog does not have, naming those it has.
 * @example pageLanguage(vaultCatalog, 'de').title(vaultCatalog.get('secret_not_found')) // 'Geheimnis nicht gefunden'
 */
export function pageLanguage(catalog: Catalog, locale: string | undefined): PageLanguage {
  const found = locale === undefined ? catalog.locale : findLocale(catalog, locale);
  if (found === undefined) {
    throw new TypeError(
      `no locale ${JSON.stringify(locale)} in the catalog; it has ${catalog.locales.join(', ')}`,
    );
  }
  if (found === catalog.locale) return ownLanguage(catalog.locale);
  const defined = definedEntries(catalog, found);
  const status = new Map(translationStatus(catalog, found).map((c) => [c.code, c]));
  const own = languageName(catalog.locale);
  const name = languageName(found);
  const has = (entry: CatalogEntry, part: 'title' | 'message') =>
    status.get(entry.code)?.[part] === 'translated';
  const title = (entry: CatalogEntry) =>
    has(entry, 'title') ? (defined.get(entry.code)?.title ?? entry.title) : entry.title;
  return {
    locale: found,
    translated: true,
    acceptLanguage: found,
    title,
    message(entry) {
      if (!has(entry, 'message')) return ownMessage(entry);
      const text = defined.get(entry.code)?.message;
      return typeof text === 'string' ? (template(text) ?? title(entry)) : title(entry);
    },
    note: (entry) => fallbackNote(status.get(entry.code), own, name),
    lead: `This page is in ${name} (${code(found)}) where the catalog has a translation: each code's title and message, and every example response as the API sends it to a client asking for ${code(`Accept-Language: ${found}`)}. Descriptions, causes and resolutions are in ${own} (${code(catalog.locale)}), the catalog's own language, and a code with no ${name} translation yet says so.`,
  };
}

/** The page in the catalog's own language: the page errata writes without `--locale`. */
function ownLanguage(locale: string): PageLanguage {
  return {
    locale,
    translated: false,
    acceptLanguage: undefined,
    title: (entry) => entry.title,
    message: ownMessage,
    note: () => undefined,
    lead: undefined,
  };
}

function ownMessage(entry: CatalogEntry): Inline {
  return typeof entry.message === 'string' ? entry.message : entry.title;
}

/**
 * A translated message with plain `{name}` arguments as readers see it: quoting resolved, each
 * argument left as `{name}`. `undefined` for plural, select or formatted arguments.
 */
function template(text: string): string | undefined {
  try {
    const { names, simple } = messageArguments(text);
    if (!simple) return undefined;
    return compileSimpleMessage(text)(Object.fromEntries(names.map((n) => [n, `{${n}}`])));
  } catch {
    return undefined;
  }
}

/**
 * The note on a code the page shows in the catalog's own language: all of it, its title only,
 * or its message only (an unexposed code sends no message of its own: only its title counts).
 */
function fallbackNote(
  status: CodeTranslation | undefined,
  own: string,
  name: string,
): Inline | undefined {
  const title = status?.title === 'translated';
  // An unexposed code sends its title as the message: the title is all it says.
  const message = status?.exposed === false ? title : status?.message === 'translated';
  if (title && message) return undefined;
  const what = !title && !message ? '' : !title ? 'title ' : 'message ';
  return `(${what}in ${own}: no ${name} translation yet)`;
}
