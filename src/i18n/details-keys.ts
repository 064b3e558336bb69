import type { StandardSchemaV1 } from '../standard-schema.js';

/** The Standard JSON Schema converter (https://standardschema.dev), read structurally. */
type Converter = { input: (options: { target: string; libraryOptions?: unknown }) => unknown };

/**
 * The top-level member names a details schema declares, read through the Standard JSON Schema
 * interface (Zod ≥ 4.2, ArkType, Valibot's `toStandardJsonSchema`); `undefined` when the
 * schema cannot say (no converter, not an object, or open to any member).
 * @example detailsKeys(z.object({ name: z.string() })) // Set { 'name' }
 */
export function detailsKeys(schema: StandardSchemaV1 | undefined): Set<string> | undefined {
  if (schema === undefined) return new Set();
  const props = schema['~standard'] as StandardSchemaV1.Props & { jsonSchema?: Converter };
  if (typeof props.jsonSchema?.input !== 'function') return undefined;
  let json: unknown;
  try {
    json = props.jsonSchema.input({
      target: 'draft-2020-12',
      // Zod throws on types JSON Schema cannot express (dates, bigints…) unless told to emit `{}`.
      ...(props.vendor === 'zod' ? { libraryOptions: { unrepresentable: 'any' } } : {}),
    });
  } catch {
    return undefined;
  }
  return keysOf(json);
}

function keysOf(json: unknown): Set<string> | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const schema = json as Record<string, unknown>;
  const union = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(union)) {
    // A member of any branch may be named (a message reads what the occurrence has).
    const all = new Set<string>();
    for (const branch of union) {
      const keys = keysOf(branch);
      if (keys === undefined) return undefined;
      for (const key of keys) all.add(key);
    }
    return all;
  }
  const properties = schema.properties;
  const named =
    typeof properties === 'object' && properties !== null ? Object.keys(properties) : [];
  // A stripping object (Zod's default) accepts more members on input than it names; a message
  // can only count on the named ones. A schema that names none is open only if it says so.
  if (named.length > 0) return new Set(named);
  return schema.type === 'object' && schema.additionalProperties === false ? new Set() : undefined;
}
