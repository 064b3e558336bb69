// A catalog's translations, checked and compiled once when the catalog is defined: every code
// named exists, every message's arguments are members of the code's details (when the schema can
// say which), and every ICU message compiles.

import type { FieldViolation } from '../api-error.js';
import { CatalogDefinitionError } from '../catalog-error.js';
import type { CatalogEntry, MessageContext } from '../catalog-types.js';
import { isLanguageTag } from './accept-language.js';
import { detailsKeys } from './details-keys.js';
import { compileSimpleMessage, messageArguments } from './message-template.js';
import type {
  FieldTranslation,
  LocaleTranslations,
  MessageCompiler,
  TranslationEntry,
} from './translation-types.js';

/** A code's text in one locale, ready to use. */
export type CompiledTranslation = {
  readonly title: string | undefined;
  readonly message: ((details: unknown, context: MessageContext) => string) | undefined;
};

/** One locale of a catalog, ready to use. */
export type CompiledLocale = {
  readonly locale: string;
  readonly errors: ReadonlyMap<string, CompiledTranslation>;
  readonly fields: ReadonlyMap<string, (violation: FieldViolation) => string>;
  /** The translations as defined (for docs and `errata i18n`). */
  readonly definition: LocaleTranslations;
};

const FIELD_ARGUMENTS = new Set(['path', 'code']);

function fail(message: string): never {
  throw new CatalogDefinitionError('ERR_CATALOG_TRANSLATION', message);
}

/**
 * Check and compile a catalog's translations; the catalog's own locale must not be among them
 * (its entries are that locale). Throws a CatalogDefinitionError (`ERR_CATALOG_TRANSLATION`).
 */
export function compileTranslations(
  translations: unknown,
  ownLocale: string,
  entryOf: (code: string) => CatalogEntry | undefined,
  compiler: MessageCompiler | undefined,
): CompiledLocale[] {
  if (translations === undefined) return [];
  if (typeof translations !== 'object' || translations === null || Array.isArray(translations)) {
    fail('translations must be an object of locales: { de: { errors: { … } } }.');
  }
  if (compiler !== undefined && typeof compiler !== 'function') {
    fail('messageFormat must be a function (`icu` from errata/i18n).');
  }
  const own = ownLocale.toLowerCase();
  const seen = new Set<string>([own]);
  const out: CompiledLocale[] = [];
  for (const [locale, definition] of Object.entries(translations)) {
    if (!isLanguageTag(locale)) fail(`translations: '${locale}' is not a language tag.`);
    if (seen.has(locale.toLowerCase())) {
      fail(
        locale.toLowerCase() === own
          ? `translations: '${locale}' is the catalog's own locale; its entries are that language.`
          : `translations: '${locale}' is given twice (tags ignore case).`,
      );
    }
    seen.add(locale.toLowerCase());
    out.push(compileLocale(locale, definition, entryOf, compiler));
  }
  return out;
}

function compileLocale(
  locale: string,
  definition: unknown,
  entryOf: (code: string) => CatalogEntry | undefined,
  compiler: MessageCompiler | undefined,
): CompiledLocale {
  const where = `translations.${locale}`;
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) {
    fail(`${where} must be an object: { errors?: { … }, fields?: { … } }.`);
  }
  const def = definition as LocaleTranslations;
  for (const key of Object.keys(def)) {
    if (key !== 'errors' && key !== 'fields') fail(`${where}: unknown member '${key}'.`);
  }
  const errors = new Map<string, CompiledTranslation>();
  for (const [code, entry] of objectEntries(def.errors, `${where}.errors`)) {
    const catalogEntry = entryOf(code);
    if (catalogEntry === undefined) {
      fail(`${where}.errors: the catalog has no code '${code}'.`);
    }
    if (errors.has(catalogEntry.code)) {
      fail(`${where}.errors: '${code}' translates '${catalogEntry.code}' a second time.`);
    }
    errors.set(
      catalogEntry.code,
      compileEntry(`${where}.errors.${code}`, locale, entry, catalogEntry, compiler),
    );
  }
  const fields = new Map<string, (violation: FieldViolation) => string>();
  for (const [code, text] of objectEntries(def.fields, `${where}.fields`)) {
    fields.set(code, compileField(`${where}.fields.${code}`, locale, text, compiler));
  }
  return { locale, errors, fields, definition: def };
}

function objectEntries(value: unknown, where: string): [string, unknown][] {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(`${where} must be an object.`);
  }
  return Object.entries(value);
}

function compileEntry(
  where: string,
  locale: string,
  value: unknown,
  entry: CatalogEntry,
  compiler: MessageCompiler | undefined,
): CompiledTranslation {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(`${where} must be an object: { title?, message?, source? }.`);
  }
  const def = value as TranslationEntry;
  for (const key of Object.keys(def)) {
    if (key !== 'title' && key !== 'message' && key !== 'source') {
      fail(`${where}: unknown member '${key}'.`);
    }
  }
  if (def.title !== undefined && (typeof def.title !== 'string' || def.title.trim() === '')) {
    fail(`${where}.title must be a non-empty string.`);
  }
  if (def.source !== undefined && typeof def.source !== 'string') {
    fail(`${where}.source must be a string.`);
  }
  const message = def.message;
  let compiled: CompiledTranslation['message'];
  if (typeof message === 'function') {
    const translate = message as (details: unknown, context: MessageContext) => unknown;
    compiled = (details, context) => {
      const text = translate(details, context);
      // A number, a promise or nothing is no message: the catalog's own text stands instead.
      if (typeof text !== 'string')
        throw new TypeError(`${where}.message did not return a string.`);
      return text;
    };
  } else if (typeof message === 'string') {
    const allowed = detailsKeys(entry.details);
    allowed?.add('retryAfter');
    const fill = compileText(where, locale, message, allowed, compiler);
    // The context's members (`retryAfter`) are read after the details' own.
    compiled = (details, context) => fill(details, context);
  } else if (message !== undefined) {
    fail(`${where}.message must be a string or a function of the details.`);
  }
  return { title: def.title, message: compiled };
}

/** The values a library-compiled message reads: the details' members and the context's. */
function valuesOf(details: unknown, context: unknown): Record<string, unknown> {
  const values: Record<string, unknown> =
    typeof details === 'object' && details !== null ? { ...details } : {};
  const retryAfter = (context as { retryAfter?: unknown } | undefined)?.retryAfter;
  if (retryAfter !== undefined && values.retryAfter === undefined) values.retryAfter = retryAfter;
  return values;
}

function compileField(
  where: string,
  locale: string,
  value: unknown,
  compiler: MessageCompiler | undefined,
): (violation: FieldViolation) => string {
  if (typeof value === 'function') return value as Exclude<FieldTranslation, string>;
  if (typeof value !== 'string') fail(`${where} must be a string or a function of the violation.`);
  const fill = compileText(where, locale, value, FIELD_ARGUMENTS, compiler);
  return (violation) =>
    fill({
      path: violation.path.join('.'),
      ...(violation.code === undefined ? {} : { code: violation.code }),
    });
}

/** Check a message's arguments and compile it: errata's own filler, or the catalog's compiler. */
function compileText(
  where: string,
  locale: string,
  text: string,
  allowed: ReadonlySet<string> | undefined,
  compiler: MessageCompiler | undefined,
): (values: unknown, context?: Readonly<Record<string, unknown>>) => string {
  let args: ReturnType<typeof messageArguments>;
  try {
    args = messageArguments(text);
  } catch (error) {
    fail(`${where}: not an ICU message: ${(error as Error).message}`);
  }
  const strangers = allowed === undefined ? [] : args.names.filter((name) => !allowed.has(name));
  if (strangers.length > 0) {
    const known = allowed === undefined ? '' : [...allowed].join(', ');
    fail(
      `${where}: {${strangers.join('}, {')}} ${strangers.length === 1 ? 'is' : 'are'} not in the details (it may use: ${known}).`,
    );
  }
  if (args.simple) return compileSimpleMessage(text);
  if (compiler === undefined) {
    fail(
      `${where} uses plural, select or formatted arguments: pass messageFormat: icu (exported by errata/i18n) to defineCatalog.`,
    );
  }
  try {
    const format = compiler(text, locale);
    return (values, context) => format(valuesOf(values, context));
  } catch (error) {
    fail(`${where}: the message format refused it: ${(error as Error).message}`);
  }
}
