import { createRequire } from 'node:module';
import type { StandardSchemaV1 } from '../../standard-schema.js';

/** A JSON value, as JSON.parse returns it. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/** A JSON Schema document (draft 2020-12, which OpenAPI 3.1 uses), without `$schema`. */
export type JsonSchema = { [key: string]: JsonValue };

/** The Standard JSON Schema converter (https://standardschema.dev), read structurally. */
type Converter = {
  input: (options: { target: string; libraryOptions?: Record<string, unknown> }) => unknown;
};

// errata has no runtime dependency on any schema library, so the fallbacks below are loaded
// lazily, only for a schema of that library, and only when the library is installed.
const requireHere = createRequire(import.meta.url);

/**
 * Convert a catalog entry's details schema to JSON Schema, or `undefined` when there is no schema
 * or its library offers no conversion. Uses the Standard JSON Schema interface when the schema
 * has it (Zod ≥ 4.2, ArkType), else Zod 4's `toJSONSchema`, else `@valibot/to-json-schema` when
 * installed. The input side is converted: details are sent as given, not parsed.
 * @example detailsJsonSchema(z.object({ name: z.string() })) // { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }
 */
export function detailsJsonSchema(schema: StandardSchemaV1 | undefined): JsonSchema | undefined {
  if (schema === undefined) return undefined;
  const raw = viaStandard(schema) ?? viaZod(schema) ?? viaValibot(schema);
  return raw === undefined ? undefined : clean(raw);
}

/** The library that made a schema (`zod`, `valibot`, `arktype`, …), for messages. */
export function schemaVendor(schema: StandardSchemaV1): string {
  return schema['~standard'].vendor;
}

function viaStandard(schema: StandardSchemaV1): unknown {
  const props = schema['~standard'] as StandardSchemaV1.Props & { jsonSchema?: Converter };
  if (typeof props.jsonSchema?.input !== 'function') return undefined;
  // Zod throws on types JSON Schema cannot express (dates, bigints…) unless told to emit `{}`.
  const libraryOptions = props.vendor === 'zod' ? { unrepresentable: 'any' } : undefined;
  return attempt(() =>
    props.jsonSchema?.input({
      target: 'draft-2020-12',
      ...(libraryOptions === undefined ? {} : { libraryOptions }),
    }),
  );
}

/** Zod 4 before the Standard JSON Schema interface: its core converter works on any Zod 4 schema. */
function viaZod(schema: StandardSchemaV1): unknown {
  if (schemaVendor(schema) !== 'zod' || !('_zod' in schema)) return undefined;
  const core = load('zod/v4/core') as { toJSONSchema?: (s: unknown, o: unknown) => unknown };
  if (typeof core?.toJSONSchema !== 'function') return undefined;
  const convert = core.toJSONSchema;
  return attempt(() =>
    convert(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }),
  );
}

function viaValibot(schema: StandardSchemaV1): unknown {
  if (schemaVendor(schema) !== 'valibot') return undefined;
  const lib = load('@valibot/to-json-schema') as {
    toJsonSchema?: (s: unknown, o: unknown) => unknown;
  };
  if (typeof lib?.toJsonSchema !== 'function') return undefined;
  const convert = lib.toJsonSchema;
  return attempt(() => convert(schema, { target: 'draft-2020-12', errorMode: 'ignore' }));
}

function load(specifier: string): unknown {
  return attempt(() => requireHere(specifier) as unknown);
}

function attempt<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/**
 * A plain JSON copy without the `$schema` keyword (each library writes its own, and the document
 * embedding the schema already says which dialect it uses); `undefined` if it is not an object.
 */
function clean(raw: unknown): JsonSchema | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const copy = attempt(() => JSON.parse(JSON.stringify(raw)) as JsonSchema);
  if (copy === undefined) return undefined;
  delete copy.$schema;
  return copy;
}

/** Keywords that describe a schema without constraining its values. */
const ANNOTATIONS = new Set([
  'title',
  'description',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$comment',
  '$id',
  '$schema',
]);
const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];

/**
 * Whether `outer` accepts every value `inner` accepts (inner ⊆ outer). Conservative: a keyword it
 * does not understand must appear unchanged, so "unsure" reads as "not covered".
 * @example schemaCovers({ type: 'number' }, { type: 'integer' }) // true
 */
export function schemaCovers(outer: JsonSchema, inner: JsonSchema): boolean {
  const outers = alternatives(outer);
  return alternatives(inner).every((b) => outers.some((a) => altCovers(a, b)));
}

/** anyOf/oneOf members and `type: [..]` lists, flattened into single-type alternatives. */
function alternatives(schema: JsonSchema): JsonSchema[] {
  const union = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(union)) return union.filter(isSchema).flatMap(alternatives);
  if (Array.isArray(schema.type)) return schema.type.map((type) => ({ ...schema, type }));
  return [schema];
}

function altCovers(a: JsonSchema, b: JsonSchema): boolean {
  if (isAnySchema(a)) return true;
  if (isAnySchema(b)) return false;
  const aValues = enumValues(a);
  const bValues = enumValues(b);
  if (aValues !== undefined) {
    if (bValues === undefined) return false;
    const allowed = new Set(aValues.map(canonicalJson));
    return bValues.every((v) => allowed.has(canonicalJson(v)));
  }
  if (bValues !== undefined)
    return bValues.every((v) => a.type === undefined || typeMatches(a.type, v));
  if (a.type !== undefined && a.type !== b.type && !(a.type === 'number' && b.type === 'integer')) {
    return false;
  }
  for (const [key, value] of Object.entries(a)) {
    if (ANNOTATIONS.has(key) || key === 'type') continue;
    if (!keywordCovers(key, value, a, b)) return false;
  }
  return true;
}

function keywordCovers(key: string, value: JsonValue, a: JsonSchema, b: JsonSchema): boolean {
  const other = b[key];
  if (LOWER_BOUNDS.includes(key)) return typeof other === 'number' && other >= (value as number);
  if (UPPER_BOUNDS.includes(key)) return typeof other === 'number' && other <= (value as number);
  if (key === 'items') return isSchema(value) && schemaCovers(value, isSchema(other) ? other : {});
  if (key === 'required') {
    const inner = Array.isArray(other) ? other : [];
    return Array.isArray(value) && value.every((name) => inner.includes(name));
  }
  if (key === 'properties') {
    if (!isSchema(value)) return false;
    const inner = isSchema(other) ? other : {};
    // A property only `a` names is unconstrained in `b`; it is reported as a field change by
    // the caller, so the type comparison looks only at the properties both sides name.
    return Object.entries(value).every(([name, schema]) => {
      const innerSchema = inner[name];
      return !isSchema(schema) || !isSchema(innerSchema) || schemaCovers(schema, innerSchema);
    });
  }
  if (key === 'additionalProperties') {
    if (value === true || (isSchema(value) && isAnySchema(value))) return true;
    const innerNames = Object.keys(isSchema(b.properties) ? b.properties : {});
    const outerNames = Object.keys(isSchema(a.properties) ? a.properties : {});
    if (!innerNames.every((name) => outerNames.includes(name))) return false;
    if (other === false) return true;
    return isSchema(value) && isSchema(other) && schemaCovers(value, other);
  }
  return other !== undefined && canonicalJson(other) === canonicalJson(value);
}

function enumValues(schema: JsonSchema): JsonValue[] | undefined {
  if ('const' in schema) return [schema.const as JsonValue];
  return Array.isArray(schema.enum) ? schema.enum : undefined;
}

function typeMatches(type: JsonValue, value: JsonValue): boolean {
  if (type === 'integer') return Number.isInteger(value);
  if (type === 'null') return value === null;
  if (type === 'array') return Array.isArray(value);
  if (type === 'object') return isSchema(value);
  return typeof value === type;
}

/** Whether a schema accepts anything: it has no keyword but annotations. */
export function isAnySchema(schema: JsonSchema): boolean {
  return Object.keys(schema).every((key) => ANNOTATIONS.has(key));
}

/** Whether a JSON value is an object (a schema, or a map of them). */
export function isSchema(value: JsonValue | undefined): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * JSON with object keys sorted, so two schemas that differ only in key order compare equal.
 * @example canonicalJson({ b: 1, a: 2 }) // '{"a":2,"b":1}'
 */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (!isSchema(value)) return JSON.stringify(value);
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as JsonValue)}`).join(',')}}`;
}

/**
 * A short type for messages: `string`, `integer`, `"a" | "b"`, `array of string`, `object`, `any`.
 * @example describeSchema({ type: ['string', 'null'] }) // 'string | null'
 */
export function describeSchema(schema: JsonSchema): string {
  const parts = alternatives(schema).map(describeAlt);
  return [...new Set(parts)].join(' | ');
}

function describeAlt(schema: JsonSchema): string {
  const values = enumValues(schema);
  if (values !== undefined) {
    const shown = values.slice(0, 6).map((v) => JSON.stringify(v));
    return values.length > 6 ? `${shown.join(' | ')} | …` : shown.join(' | ');
  }
  if (schema.type === 'array') {
    const items = isSchema(schema.items) ? describeSchema(schema.items) : 'any';
    return `array of ${items.includes(' | ') ? `(${items})` : items}`;
  }
  if (typeof schema.type === 'string') {
    return typeof schema.format === 'string' ? `${schema.type} (${schema.format})` : schema.type;
  }
  if (isSchema(schema.properties)) return 'object';
  return isAnySchema(schema) ? 'any' : 'a schema';
}
