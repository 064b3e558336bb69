import type { Catalog, CatalogEntry } from '../../catalog-types.js';
import { upperSnake } from '../../code-case.js';
import { formats } from '../../formats/index.js';
import type { Format } from '../../formats/types.js';
import {
  detailsJsonSchema,
  isSchema,
  type JsonSchema,
  type JsonValue,
} from '../shared/json-schema.js';
import { returnedEntries, wireType } from '../shared/wire-format.js';

/**
 * How a code's details can be described: `none` (no schema), `opaque` (its library cannot
 * convert it), `object` (a JSON object schema), `value` (certainly not an object), `unknown`.
 */
export type DetailsKind = 'none' | 'opaque' | 'object' | 'value' | 'unknown';

/** One catalog code as the OpenAPI document sees it. */
export type CodeInfo = {
  entry: CatalogEntry;
  /** The details schema as converted (its `$ref`s relative to itself), for example synthesis. */
  source: JsonSchema | undefined;
  /** The details schema placed at `#/components/schemas/<detailsName>` (its `$ref`s rewritten). */
  details: JsonSchema | undefined;
  kind: DetailsKind;
  /** Component name of the details schema: `SecretNotFoundDetails`. */
  detailsName: string;
  /** Component name of the code's body variant: `SecretNotFoundError`. */
  variantName: string;
  /** The problem `type` the code's problem+json bodies carry (see `wireType`). */
  type: string;
};

/** Component names of the document itself; per-code names never take them. */
export const FIXED_NAMES = {
  error: 'Error',
  code: 'ErrorCode',
  other: 'OtherError',
} as const;

/**
 * A code in PascalCase for component names; codes that differ only in case or separators are
 * already one code in a catalog.
 * @example pascalCase('secret_not_found') // 'SecretNotFound'
 */
export function pascalCase(code: string): string {
  return upperSnake(code)
    .split('_')
    .filter((part) => part !== '')
    .map((part) => part.charAt(0) + part.slice(1).toLowerCase())
    .join('');
}

/**
 * The codes a catalog answers with over HTTP (not those `reported` elsewhere) with their details
 * schemas converted, unique component names and the problem type `format` gives them.
 * `reserved` names (the wire format's own schemas) are never given to a code.
 * @example const codes = describeCodes(vaultCatalog, ['ErrorInfo'], formats.google);
 */
export function describeCodes(
  catalog: Catalog,
  reserved: readonly string[] = [],
  format: Format = catalog.format ?? formats.problem,
): CodeInfo[] {
  const used = new Set<string>([...Object.values(FIXED_NAMES), ...reserved]);
  const take = (base: string): string => {
    let name = base;
    // Two codes can share a PascalCase form (`a_1b`, `a1b`): the later one gets a suffix.
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    return name;
  };
  return returnedEntries(catalog).map((entry) => {
    const pascal = pascalCase(entry.code);
    const detailsName = take(`${pascal}Details`);
    const variantName = take(`${pascal}Error`);
    const source = detailsJsonSchema(entry.details);
    const details =
      source === undefined ? undefined : placeAt(source, `#/components/schemas/${detailsName}`);
    const type = wireType(catalog, entry, format);
    return { entry, source, details, kind: kindOf(entry, details), detailsName, variantName, type };
  });
}

function kindOf(entry: CatalogEntry, schema: JsonSchema | undefined): DetailsKind {
  if (entry.details === undefined) return 'none';
  if (schema === undefined) return 'opaque';
  const { type } = schema;
  if (type === 'object') return 'object';
  if (typeof type === 'string') return 'value';
  if (Array.isArray(type) && type.length > 0 && !type.includes('object')) return 'value';
  const values = 'const' in schema ? [schema.const] : schema.enum;
  if (Array.isArray(values) && values.length > 0 && !values.some((v) => isSchema(v))) {
    return 'value';
  }
  return 'unknown';
}

/**
 * A deep copy of a schema to be placed at `base`: its local references (`#`, `#/$defs/…`) are
 * rewritten to absolute ones, since inside an OpenAPI document `#` means the document. `$id` is
 * dropped so that nothing re-bases them again.
 * @example placeAt({ $ref: '#/$defs/A' }, '#/components/schemas/X') // { $ref: '#/components/schemas/X/$defs/A' }
 */
export function placeAt(schema: JsonSchema, base: string): JsonSchema {
  return rewrite(schema, base) as JsonSchema;
}

function rewrite(value: JsonValue, base: string): JsonValue {
  if (Array.isArray(value)) return value.map((item) => rewrite(item, base));
  if (!isSchema(value)) return value;
  const out: JsonSchema = {};
  for (const [key, member] of Object.entries(value)) {
    if (key === '$id') continue;
    if (
      key === '$ref' &&
      typeof member === 'string' &&
      (member === '#' || member.startsWith('#/'))
    ) {
      out[key] = base + member.slice(1);
    } else {
      out[key] = rewrite(member, base);
    }
  }
  return out;
}

/** Keywords of an object schema that still hold when the object gains members of its own. */
const PLAIN_OBJECT_KEYWORDS = new Set([
  'type',
  'properties',
  'required',
  '$defs',
  'title',
  'description',
  'examples',
  'default',
  'deprecated',
  '$comment',
]);

/**
 * The members of an object details schema where the details share an object with other members
 * (problem extension members, a `fields` list): a `$ref` when the schema allows that as is, else
 * its `properties` and `required` without the `dropped` names. `undefined` when nothing is left.
 * @example membersOf(info, ['type', 'title']) // { allOf: [{ $ref: '#/components/schemas/SecretNotFoundDetails' }] }
 */
export function membersOf(info: CodeInfo, dropped: ReadonlySet<string>): JsonSchema | undefined {
  const schema = info.details;
  if (schema === undefined || info.kind !== 'object') return undefined;
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const plain =
    Object.keys(schema).every((key) => PLAIN_OBJECT_KEYWORDS.has(key)) &&
    Object.keys(properties).every((name) => !dropped.has(name));
  if (plain) return { allOf: [{ $ref: `#/components/schemas/${info.detailsName}` }] };
  const kept: JsonSchema = {};
  for (const [name, member] of Object.entries(properties)) {
    if (!dropped.has(name)) kept[name] = member;
  }
  const required = (Array.isArray(schema.required) ? schema.required : []).filter(
    (name): name is string => typeof name === 'string' && !dropped.has(name),
  );
  if (Object.keys(kept).length === 0) return undefined;
  return required.length === 0 ? { properties: kept } : { properties: kept, required };
}

/** Whether an entry's details reach clients at all (unexposed codes send only their title). */
export function sendsDetails(info: CodeInfo): boolean {
  return info.entry.expose && info.details !== undefined;
}
