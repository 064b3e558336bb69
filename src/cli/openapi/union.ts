import type { Catalog } from '../../catalog-types.js';
import type { JsonSchema, JsonValue } from '../shared/json-schema.js';
import { type CodeInfo, FIXED_NAMES, sendsDetails } from './details.js';

/** How one wire format's error body is described. */
export type WireSpec = {
  /** Schema names the format defines besides `Error` and `ErrorCode`. */
  reserved: readonly string[];
  /** Whether the body names the code (else clients branch on the status). */
  carriesCode: boolean;
  /** How the body spells the code, when not as the catalog does. */
  codeNote?: string;
  /** Whether the body carries details (then each code's details schema is a component). */
  carriesDetails: boolean;
  /** `Error` first, then the format's own schemas. */
  schemas(ctx: WireContext): Record<string, JsonSchema>;
  /** What the body of one status's responses adds to `Error`, when the body can tell. */
  narrow(status: number, codes: readonly CodeInfo[]): JsonSchema | undefined;
};

/** What a wire format's schemas are built from. */
export type WireContext = {
  catalog: Catalog;
  codes: readonly CodeInfo[];
  /** Per-code variant schemas made by `codeUnion`, added to the components after the format's. */
  variants: Record<string, JsonSchema>;
};

/** A string member with a description. */
export const text = (description: string): JsonSchema => ({ type: 'string', description });

/** Members several formats share. */
export const CODE: JsonSchema = { $ref: `#/components/schemas/${FIXED_NAMES.code}` };
/** The request id member. */
export const REQUEST_ID = text('The request id, as in the `X-Request-ID` header.');
/** The message member. */
export const MESSAGE = text(
  'What went wrong, for people; may be reworded. A server error (500 and up) says only its title.',
);
/** The documentation link member. */
export const DOC_URL: JsonSchema = {
  type: 'string',
  format: 'uri',
  description: 'Documentation of the code.',
};

/** A validation failure's violations: one object per invalid field, with these members. */
export function violations(members: JsonSchema, description: string): JsonSchema {
  return {
    type: 'array',
    minItems: 1,
    description,
    items: {
      type: 'object',
      required: Object.keys(members),
      properties: { ...members, code: text('A stable code for the violation, when it has one.') },
    },
  };
}

/**
 * A reference to a component schema.
 * @example ref('Error') // { $ref: '#/components/schemas/Error' }
 */
export function ref(name: string): JsonSchema {
  return { $ref: `#/components/schemas/${name}` };
}

/**
 * `const` for one value, `enum` for several.
 * @example oneOrMany(['a']) // { const: 'a' }
 */
export function oneOrMany(values: readonly JsonValue[]): JsonSchema {
  return values.length === 1 ? { const: values[0] as JsonValue } : { enum: [...values] };
}

/** Codes a format writes on the wire, in catalog order, without repeats. */
export function wireValues(
  codes: readonly CodeInfo[],
  wire: (code: string) => string = (code) => code,
): string[] {
  return [...new Set(codes.map((info) => wire(info.entry.code)))];
}

/**
 * The `oneOf` + `discriminator` tying each code to what only that code carries (its details),
 * for the object holding the code; `{}` when no code carries anything of its own. Codes whose
 * details never reach the client (no schema, unexposed) share the `OtherError` variant.
 * @example codeUnion(ctx, 'code', (c) => c, (info) => ({ properties: { details: ref(info.detailsName) } }))
 */
export function codeUnion(
  ctx: WireContext,
  property: string,
  wire: (code: string) => string,
  constraint: (info: CodeInfo) => JsonSchema | undefined,
): JsonSchema {
  const specific: { info: CodeInfo; extra: JsonSchema }[] = [];
  const others: CodeInfo[] = [];
  for (const info of ctx.codes) {
    const extra = sendsDetails(info) ? constraint(info) : undefined;
    if (extra === undefined) others.push(info);
    else specific.push({ info, extra });
  }
  if (specific.length === 0) return {};
  const oneOf: JsonValue[] = [];
  const mapping: JsonSchema = {};
  for (const { info, extra } of specific) {
    const { properties, required, ...rest } = extra;
    const value = wire(info.entry.code);
    ctx.variants[info.variantName] = {
      description: `What \`${info.entry.code}\` carries besides the members every error has: its details (\`${info.detailsName}\`).`,
      type: 'object',
      required: [property, ...(Array.isArray(required) ? required : [])],
      properties: { [property]: { const: value }, ...(isObject(properties) ? properties : {}) },
      ...rest,
    };
    oneOf.push(ref(info.variantName));
    mapping[value] = `#/components/schemas/${info.variantName}`;
  }
  if (others.length > 0) {
    const values = wireValues(others, wire);
    ctx.variants[FIXED_NAMES.other] = {
      description: 'Every other code: nothing beyond the members every error has.',
      type: 'object',
      required: [property],
      properties: { [property]: oneOrMany(values) },
    };
    oneOf.push(ref(FIXED_NAMES.other));
    for (const value of values) mapping[value] = `#/components/schemas/${FIXED_NAMES.other}`;
  }
  return { oneOf, discriminator: { propertyName: property, mapping } };
}

function isObject(value: JsonValue | undefined): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
