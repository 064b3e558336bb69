import type { ApiError, FieldViolation } from '../../api-error.js';
import type { Catalog, ErrorOptions } from '../../catalog-types.js';
import type { Format, FormatName } from '../../formats/types.js';
import { renderError } from '../../render.js';
import type { StandardSchemaV1 } from '../../standard-schema.js';
import { isAnySchema, isSchema, type JsonSchema, type JsonValue } from '../shared/json-schema.js';
import type { CodeInfo } from './details.js';

/** The request id of every example, so that the output is the same on every run. */
export const EXAMPLE_REQUEST_ID = 'req_3q2-7wZ0Ck1mB3rX9yJfQA';
/** The timestamp of every example (the `success` format carries one). */
export const EXAMPLE_TIMESTAMP = '2025-01-01T00:00:00.000Z';

/** Violations shown in the example of the code errata's validation failures use. */
const EXAMPLE_FIELDS: readonly FieldViolation[] = [
  { path: ['name'], message: 'must not be empty' },
  { path: ['items', 0, 'qty'], message: 'must be positive', code: 'too_small' },
];

/** One rendered example: what the real renderer sends for a code. */
export type RenderedExample = {
  headers: Record<string, string>;
  body: JsonValue;
  /** Set when the example's details are a placeholder the code's own schema rejects. */
  note?: string;
};

type MakeError = (code: string, details: unknown, options: ErrorOptions) => ApiError;

/**
 * The response errata sends for a code in a wire format (a built-in's name, or any format object:
 * configured, or custom through its own `render`), rendered by the real renderer with a fixed
 * request id and timestamp. The code's first own example (`examples` in the catalog) gives its
 * message, details, fields and retry delay; otherwise details come from `exampleDetails`.
 * @example const { body } = await renderExample(catalog, codes[0], 'problem');
 */
export async function renderExample(
  catalog: Catalog,
  info: CodeInfo,
  wire: FormatName | Format,
): Promise<RenderedExample> {
  const own = info.entry.examples?.[0];
  const { value: details, accepted } =
    own?.details !== undefined
      ? { value: own.details, accepted: true }
      : await exampleDetails(info);
  const options: ErrorOptions = { requestId: EXAMPLE_REQUEST_ID };
  if (own?.fields !== undefined) {
    options.fields = own.fields.map((f) => ({ ...f, path: [...f.path] }));
  } else if (info.entry.roles.includes('validation_error')) {
    options.fields = EXAMPLE_FIELDS.map((f) => ({ ...f, path: [...f.path] }));
  }
  if (own?.message !== undefined) options.message = own.message;
  if (own?.retryAfter !== undefined) options.retryAfter = own.retryAfter;
  const make: MakeError = (code, d, o) => (catalog.error as unknown as MakeError)(code, d, o);
  let error: ApiError;
  try {
    error = make(info.entry.code, details, options);
  } catch {
    // A message function that cannot cope with the example details (or with none): the title.
    error = make(info.entry.code, details, { ...options, message: info.entry.title });
  }
  const rendered = renderError(error, {
    format: wire,
    catalog,
    requestId: EXAMPLE_REQUEST_ID,
    timestamp: EXAMPLE_TIMESTAMP,
  });
  const example: RenderedExample = { headers: rendered.headers, body: bodyValue(rendered.body) };
  if (!accepted) {
    example.note = `the example details of ${info.entry.code} are a placeholder its schema rejects; give the schema an example (Zod: .meta({ examples: [...] }))`;
  }
  return example;
}

/** A JSON body as its value; a custom format's body that is not JSON stays its text. */
function bodyValue(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

/**
 * Example details for a code: the first of the schema's own `examples` (or `default`) and a value
 * built from its JSON Schema that the code's schema accepts. When it accepts none, the built value
 * still stands in (`accepted: false`), so that the example matches the documented JSON Schema.
 * @example await exampleDetails(info) // { value: { name: 'name' }, accepted: true }
 */
export async function exampleDetails(
  info: CodeInfo,
): Promise<{ value: unknown; accepted: boolean }> {
  const schema = info.entry.details;
  const source = info.source;
  // Without a JSON Schema the document does not constrain the details: none is as good as any.
  if (schema === undefined || source === undefined) return { value: undefined, accepted: true };
  const { examples, default: _default, ...structure } = source;
  const candidates: JsonValue[] = Array.isArray(examples) ? [...examples] : [];
  if (_default !== undefined) candidates.push(_default);
  const built = synthesize(structure, source, '', 0);
  if (built !== undefined) candidates.push(built);
  for (const candidate of candidates) {
    if (await accepts(schema, candidate)) return { value: candidate, accepted: true };
  }
  return { value: built, accepted: false };
}

async function accepts(schema: StandardSchemaV1, value: unknown): Promise<boolean> {
  try {
    const result = await schema['~standard'].validate(value);
    return result.issues === undefined;
  } catch {
    return false;
  }
}

const MAX_DEPTH = 8;

/** A value for a JSON Schema (`undefined` when it cannot tell); strings are named after their member. */
function synthesize(
  value: JsonValue | undefined,
  root: JsonSchema,
  name: string,
  depth: number,
): JsonValue | undefined {
  if (!isSchema(value) || depth > MAX_DEPTH) return undefined;
  const schema = value;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (typeof schema.$ref === 'string') {
    return synthesize(resolve(root, schema.$ref), root, name, depth + 1);
  }
  const union = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(union)) {
    for (const alternative of union) {
      const built = synthesize(alternative, root, name, depth + 1);
      if (built !== undefined) return built;
    }
    return undefined;
  }
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((part) => synthesize(part, root, name, depth + 1));
    if (!parts.every(isSchema)) return parts[0];
    return Object.assign({}, ...parts) as JsonValue;
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const type = types.find((t) => t !== 'null') ?? types[0];
  if (type === 'object' || (type === undefined && isSchema(schema.properties))) {
    const properties = isSchema(schema.properties) ? schema.properties : {};
    const out: JsonSchema = {};
    for (const key of Array.isArray(schema.required) ? schema.required : []) {
      if (typeof key !== 'string') continue;
      const built = synthesize(properties[key] ?? {}, root, key, depth + 1);
      if (built === undefined) return undefined;
      out[key] = built;
    }
    return out;
  }
  if (type === 'array') {
    const count = typeof schema.minItems === 'number' ? schema.minItems : 0;
    if (count === 0) return [];
    const item = synthesize(schema.items, root, name, depth + 1);
    return item === undefined ? undefined : Array.from({ length: count }, () => item);
  }
  if (type === 'string') return exampleString(schema, name);
  if (type === 'integer' || type === 'number') return exampleNumber(schema, type === 'integer');
  if (type === 'boolean') return true;
  if (type === 'null') return null;
  // Any value is allowed (Zod writes `{}` for dates, bigints, unknown): a string stands in.
  if (isAnySchema(schema)) return name === '' ? 'example' : name;
  return undefined;
}

const BY_FORMAT: Readonly<Record<string, string>> = {
  'date-time': EXAMPLE_TIMESTAMP,
  date: '2025-01-01',
  time: '00:00:00Z',
  email: 'user@example.com',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  uuid: '00000000-0000-4000-8000-000000000000',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  hostname: 'example.com',
};

function exampleString(schema: JsonSchema, name: string): string {
  const byFormat = typeof schema.format === 'string' ? BY_FORMAT[schema.format] : undefined;
  if (byFormat !== undefined) return byFormat;
  let text = name === '' ? 'example' : name;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  if (text.length < min) text += 'x'.repeat(min - text.length);
  return text.length > max ? text.slice(0, max) : text;
}

function exampleNumber(schema: JsonSchema, integer: boolean): number {
  const num = (key: string) =>
    typeof schema[key] === 'number' ? (schema[key] as number) : undefined;
  let value = 1;
  const min = num('minimum');
  const exclusiveMin = num('exclusiveMinimum');
  const max = num('maximum');
  const exclusiveMax = num('exclusiveMaximum');
  if (min !== undefined) value = Math.max(value, min);
  if (exclusiveMin !== undefined && value <= exclusiveMin) value = exclusiveMin + 1;
  if (max !== undefined && value > max) value = max;
  if (exclusiveMax !== undefined && value >= exclusiveMax) value = exclusiveMax - 1;
  const step = num('multipleOf');
  if (step !== undefined && step > 0) value = Math.ceil(value / step) * step;
  return integer ? Math.ceil(value) : value;
}

/** A local reference (`#`, `#/$defs/A`) inside a details schema. */
function resolve(root: JsonSchema, pointer: string): JsonValue | undefined {
  if (pointer === '#') return root;
  if (!pointer.startsWith('#/')) return undefined;
  let at: JsonValue | undefined = root;
  for (const raw of pointer.slice(2).split('/')) {
    let key: string;
    try {
      key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return undefined;
    }
    at = isSchema(at) ? at[key] : Array.isArray(at) ? at[Number(key)] : undefined;
  }
  return at;
}
