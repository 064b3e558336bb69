import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Catalog, CatalogEntry } from '../../catalog-types.js';
import type { Format, FormatName } from '../../formats/types.js';
import { formatProblem } from './contract-format.js';
import { type ContractLocales, localesOf, localesProblem } from './contract-locales.js';
import { detailsJsonSchema, type JsonSchema, type JsonValue, schemaVendor } from './json-schema.js';
import { loadCatalog } from './load-catalog.js';
import { UsageError } from './usage-error.js';
import {
  builtinName,
  commandFormat,
  contractOptions,
  customSchema,
  wireType,
} from './wire-format.js';

/**
 * The format tag of the snapshot files errata writes. `contract/2` added the wire format and each
 * code's problem `type` (and `reported`), and later, optionally, `locales`; `contract/1` files
 * still load, what they lack reading as unknown rather than as a change.
 */
export const SNAPSHOT_FORMAT = 'contract/2';
/** Every tag errata reads. */
export const SNAPSHOT_FORMATS = ['contract/1', 'contract/2'] as const;

/** The wire format of a contract: a built-in with its options, or a custom one with its schema. */
export type ContractFormat = {
  /** A built-in's name (also when configured), or the custom format's own. */
  name: string;
  /** Content type of error bodies. */
  contentType: string;
  /** A built-in's options as JSON (`{}` for its defaults). */
  options?: Record<string, JsonValue>;
  /** A custom format's body schema (`schema()`); `{}` when it declares none. */
  schema?: JsonSchema;
};

/** What a client may rely on about one code. */
export type ContractEntry = {
  status: number;
  title: string;
  category: string;
  retryable: boolean;
  /** Whether message and details reach clients. */
  expose: boolean;
  since?: string;
  /** `true`, or what to use instead. Absent when not deprecated. */
  deprecated?: true | string;
  /** JSON Schema of the details; `{}` when the schema's library cannot be converted. */
  details?: JsonSchema;
  /** Why `details` is `{}`: the schema could not be converted to JSON Schema. */
  detailsNote?: string;
  /** The problem `type` URI its problem+json bodies carry (`about:blank`, a URI, or the code). */
  type?: string;
  /** `true` when the code is reported elsewhere (a webhook log), not returned over HTTP. */
  reported?: true;
};

/** The public contract of a catalog, as `errata snapshot` writes it (a lock file). */
export type Snapshot = {
  errata: (typeof SNAPSHOT_FORMATS)[number];
  /** The wire format; absent in `contract/1` files (unknown). */
  format?: ContractFormat;
  /** Entries by code, sorted by code. */
  codes: Record<string, ContractEntry>;
  /** The code each role maps to, sorted by role. */
  roles: Record<string, string>;
  /** The catalog's languages; absent in files written before errata recorded them (unknown). */
  locales?: ContractLocales;
};

/**
 * The contract of a catalog in a wire format (the catalog's own by default), with codes and roles
 * sorted so the same catalog always gives the same snapshot whatever its definition order.
 * @example JSON.stringify(snapshotOf(vaultCatalog), null, 2)
 */
export function snapshotOf(
  catalog: Catalog,
  format: Format = commandFormat(catalog, undefined),
): Snapshot {
  const codes: Record<string, ContractEntry> = {};
  const entries = [...catalog.entries()].sort((a, b) => compareText(a.code, b.code));
  for (const entry of entries) {
    const out = contractEntry(entry);
    out.type = wireType(catalog, entry, format);
    if (entry.reported === true) out.reported = true;
    codes[entry.code] = out;
  }
  const roles: Record<string, string> = {};
  for (const role of Object.keys(catalog.roles).sort(compareText)) {
    const code = catalog.roles[role];
    if (typeof code === 'string') roles[role] = code;
  }
  return {
    errata: SNAPSHOT_FORMAT,
    format: contractFormat(format),
    codes,
    roles,
    locales: localesOf(catalog),
  };
}

/**
 * How a snapshot records a format: a built-in's name, content type and options, or a custom
 * format's name, content type and body schema.
 * @example contractFormat(formats.problem) // { name: 'problem', contentType: 'application/problem+json', options: {} }
 */
export function contractFormat(format: Format): ContractFormat {
  const name: FormatName | undefined = builtinName(format);
  const base = { name: format.name, contentType: format.contentType };
  if (name !== undefined) {
    return { ...base, options: contractOptions(format) as Record<string, JsonValue> };
  }
  return { ...base, schema: customSchema(format) ?? {} };
}

function contractEntry(entry: CatalogEntry): ContractEntry {
  const out: ContractEntry = {
    status: entry.status,
    title: entry.title,
    category: entry.category,
    retryable: entry.retryable,
    expose: entry.expose,
  };
  if (entry.since !== undefined) out.since = entry.since;
  if (entry.deprecated !== false) out.deprecated = entry.deprecated;
  if (entry.details !== undefined) {
    const schema = detailsJsonSchema(entry.details);
    out.details = schema ?? {};
    if (schema === undefined) {
      out.detailsNote = `not convertible: no JSON Schema conversion for ${schemaVendor(entry.details)} schemas is available`;
    }
  }
  return out;
}

/** Plain code-point order: `localeCompare` would depend on the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Read one side of `errata diff`: a `.json` file is a snapshot (its shape checked, the format it
 * recorded kept), anything else a catalog module, whose snapshot is taken in its own format or
 * the `--wire` one.
 * @example const before = await readSnapshotOrCatalog('errata diff', 'errors.lock.json', undefined, cwd);
 */
export async function readSnapshotOrCatalog(
  command: string,
  file: string,
  exportName: string | undefined,
  cwd: string,
  wire?: FormatName,
): Promise<Snapshot> {
  if (!file.toLowerCase().endsWith('.json')) {
    const catalog = await loadCatalog(command, file, exportName, cwd);
    return snapshotOf(catalog, commandFormat(catalog, wire));
  }
  const path = resolve(cwd, file);
  const info = await stat(path).catch(() => undefined);
  if (info === undefined || !info.isFile())
    throw new UsageError(`${command}: no such snapshot: ${file}`);
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`${command}: ${file} is not valid JSON: ${reason}`);
  }
  const problem = snapshotProblem(data);
  if (problem !== undefined) {
    throw new UsageError(`${command}: ${file} is not an errata snapshot: ${problem}`);
  }
  return data as Snapshot;
}

/** The first thing wrong with a parsed snapshot file, or `undefined` when it is one. */
export function snapshotProblem(data: unknown): string | undefined {
  if (!isRecord(data)) return 'expected a JSON object';
  if (!(SNAPSHOT_FORMATS as readonly unknown[]).includes(data.errata)) {
    return `"errata" must be ${SNAPSHOT_FORMATS.map((f) => JSON.stringify(f)).join(' or ')}, got ${JSON.stringify(data.errata ?? null)}`;
  }
  if (data.format !== undefined) {
    const problem = formatProblem(data.format);
    if (problem !== undefined) return `format: ${problem}`;
  }
  if (!isRecord(data.codes)) return '"codes" must be an object';
  for (const [code, entry] of Object.entries(data.codes)) {
    const problem = entryProblem(entry);
    if (problem !== undefined) return `codes.${code}: ${problem}`;
  }
  if (!isRecord(data.roles)) return '"roles" must be an object';
  for (const [role, code] of Object.entries(data.roles)) {
    if (typeof code !== 'string') return `roles.${role} must be a code (a string)`;
  }
  if (data.locales !== undefined) {
    const problem = localesProblem(data.locales);
    if (problem !== undefined) return `locales: ${problem}`;
  }
  return undefined;
}

const FIELD_TYPES: Record<keyof ContractEntry, (v: unknown) => boolean> = {
  status: (v) => Number.isInteger(v) && (v as number) >= 100 && (v as number) <= 599,
  title: (v) => typeof v === 'string',
  category: (v) => typeof v === 'string',
  retryable: (v) => typeof v === 'boolean',
  expose: (v) => typeof v === 'boolean',
  since: (v) => typeof v === 'string',
  deprecated: (v) => v === true || typeof v === 'string',
  details: (v) => isRecord(v),
  detailsNote: (v) => typeof v === 'string',
  type: (v) => typeof v === 'string',
  reported: (v) => v === true,
};
const REQUIRED: readonly (keyof ContractEntry)[] = [
  'status',
  'title',
  'category',
  'retryable',
  'expose',
];

function entryProblem(entry: unknown): string | undefined {
  if (!isRecord(entry)) return 'must be an object';
  for (const key of REQUIRED) if (!(key in entry)) return `"${key}" is missing`;
  for (const [key, value] of Object.entries(entry)) {
    const valid = FIELD_TYPES[key as keyof ContractEntry];
    if (valid === undefined) return `unknown field "${key}"`;
    if (!valid(value)) return `"${key}" has the wrong type or value: ${preview(value)}`;
  }
  return undefined;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Whether a JSON value is an object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
