// `errata i18n --write DIR`: one JSON translation file per locale (`DIR/<locale>.json`, the shape
// `defineCatalog({ translations })` takes), its missing texts filled with the catalog's own,
// marked for translation, and their `source` fingerprints. A text a translator wrote is never
// replaced.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Catalog, CatalogEntry } from '../../catalog-types.js';
import { upperSnake } from '../../code-case.js';
import type { TranslationEntry } from '../../i18n/translation-types.js';
import { definedEntries, sourceFingerprint, UNTRANSLATED } from '../shared/translation-status.js';
import { UsageError } from '../shared/usage-error.js';
import { icuMessage } from './template.js';

/** What writing one locale's file did. */
export type WriteResult = {
  locale: string;
  /** The file, as given (`DIR/<locale>.json`). */
  file: string;
  /** Whether the file existed before. */
  updated: boolean;
  /** Codes given the catalog's own text, marked for translation. */
  added: string[];
  /** Codes whose marked text was renewed because the catalog's own text changed. */
  refreshed: string[];
  /** Codes of the file the catalog no longer has (left out: the catalog would refuse them). */
  dropped: string[];
  /** Codes whose translated message is a function in the catalog: JSON cannot hold it. */
  functions: string[];
};

type JsonEntry = { title?: string; message?: string; source?: string };
type JsonFile = { errors: Record<string, JsonEntry>; fields?: Record<string, string> };

/**
 * Write or update `DIR/<locale>.json`: for each code of the catalog, in catalog order, the
 * title and message the file (else the catalog) has; a missing one becomes the catalog's own
 * text after `[translate] ` with the current `source`. A translated text and its `source` are
 * kept as they are (a stale one stays stale until a translator renews it); a marked one is
 * renewed when the catalog's text changed. Field messages are kept (strings only).
 * @example await writeLocale(catalog, 'de', 'locales', process.cwd())
 */
export async function writeLocale(
  catalog: Catalog,
  locale: string,
  dir: string,
  cwd: string,
): Promise<WriteResult> {
  const file = join(dir, `${locale}.json`);
  const path = resolve(cwd, file);
  const existing = await readLocaleFile(path, file);
  const fromFile = byCatalogCode(catalog, existing?.errors ?? {});
  const defined = definedEntries(catalog, locale);
  const result: WriteResult = {
    locale,
    file,
    updated: existing !== undefined,
    added: [],
    refreshed: [],
    dropped: fromFile.unknown,
    functions: [],
  };
  const errors: Record<string, JsonEntry> = {};
  for (const entry of catalog.entries()) {
    const written = fromFile.found.get(entry.code);
    const own = defined.get(entry.code);
    if (typeof own?.message === 'function' && !isText(written?.message)) {
      result.functions.push(entry.code);
    }
    errors[entry.code] = mergeEntry(entry, written, own, result);
  }
  const fields: Record<string, string> = {};
  for (const [code, text] of Object.entries(catalog.translations(locale)?.fields ?? {})) {
    if (typeof text === 'string') fields[code] = text;
  }
  Object.assign(fields, existing?.fields ?? {});
  const out: JsonFile = { errors };
  if (Object.keys(fields).length > 0) out.fields = fields;
  await mkdir(resolve(cwd, dir), { recursive: true });
  await writeFile(path, `${JSON.stringify(out, null, 2)}\n`);
  return result;
}

/** A translated text: a string not marked for translation. */
function isText(value: unknown): value is string {
  return typeof value === 'string' && !value.startsWith(UNTRANSLATED);
}

function mergeEntry(
  entry: CatalogEntry,
  written: JsonEntry | undefined,
  own: TranslationEntry | undefined,
  result: WriteResult,
): JsonEntry {
  const title = [written?.title, own?.title].find(isText);
  const message = [written?.message, own?.message].find(isText);
  const inCode = message === undefined && typeof own?.message === 'function';
  const out: JsonEntry = { title: title ?? `${UNTRANSLATED}${entry.title}` };
  if (message !== undefined) out.message = message;
  else if (!inCode) out.message = `${UNTRANSLATED}${icuMessage(entry)}`;
  if (title !== undefined || message !== undefined || inCode) {
    // A translator's work keeps the source it was made from, even a stale one (or none).
    const source = [written?.source, own?.source].find((s) => typeof s === 'string');
    if (source !== undefined) out.source = source;
  } else {
    out.source = sourceFingerprint(entry);
  }
  const before = written ?? own;
  const parts = ['title', 'message'] as const;
  const marks = parts.filter((part) => isMarked(out[part]));
  if (marks.some((part) => typeof before?.[part] !== 'string')) result.added.push(entry.code);
  else if (marks.some((part) => before?.[part] !== out[part])) result.refreshed.push(entry.code);
  return out;
}

function isMarked(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith(UNTRANSLATED);
}

/** The file's entries by the catalog's spelling of their code, and the codes it does not have. */
function byCatalogCode(
  catalog: Catalog,
  errors: Record<string, JsonEntry>,
): { found: Map<string, JsonEntry>; unknown: string[] } {
  const byKey = new Map(catalog.entries().map((e) => [upperSnake(e.code), e.code]));
  const found = new Map<string, JsonEntry>();
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(errors)) {
    const code = catalog.get(key)?.code ?? byKey.get(upperSnake(key));
    if (code === undefined) unknown.push(key);
    else found.set(code, value);
  }
  return { found, unknown };
}

/** A translation file as JSON, checked for its shape; `undefined` when there is none yet. */
async function readLocaleFile(path: string, file: string): Promise<JsonFile | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) return undefined;
  const where = `errata i18n: ${file}`;
  if (!info.isFile()) throw new UsageError(`${where} is not a file`);
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`${where} is not valid JSON: ${reason}`);
  }
  const problem = fileProblem(data);
  if (problem !== undefined) {
    throw new UsageError(`${where} is not a translation file: ${problem}`);
  }
  const json = data as { errors?: Record<string, JsonEntry>; fields?: Record<string, string> };
  return {
    errors: json.errors ?? {},
    ...(json.fields === undefined ? {} : { fields: json.fields }),
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function fileProblem(data: unknown): string | undefined {
  if (!isRecord(data)) return 'expected { errors, fields }';
  for (const key of Object.keys(data)) {
    if (key !== 'errors' && key !== 'fields') return `unknown member "${key}"`;
  }
  if (data.errors !== undefined && !isRecord(data.errors)) return '"errors" must be an object';
  for (const [code, entry] of Object.entries(data.errors ?? {})) {
    if (!isRecord(entry)) return `errors.${code} must be an object`;
    for (const [key, value] of Object.entries(entry)) {
      if (key !== 'title' && key !== 'message' && key !== 'source') {
        return `errors.${code}: unknown member "${key}"`;
      }
      if (typeof value !== 'string') return `errors.${code}.${key} must be a string`;
    }
  }
  if (data.fields !== undefined && !isRecord(data.fields)) return '"fields" must be an object';
  for (const [code, text] of Object.entries(data.fields ?? {})) {
    if (typeof text !== 'string') return `fields.${code} must be a string`;
  }
  return undefined;
}
