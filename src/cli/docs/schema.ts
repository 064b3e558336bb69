import type { StandardSchemaV1 } from '../../standard-schema.js';
import { detailsJsonSchema, type JsonSchema, type JsonValue } from '../shared/json-schema.js';
import { code } from './inline.js';

/**
 * A details schema in a sentence for the docs: the members of an object schema with their types,
 * else its type; "a structured value" when the schema's library cannot describe itself.
 * @example describeDetails(z.object({ name: z.string() })) // '`name` (string)'
 */
export function describeDetails(schema: StandardSchemaV1): string {
  const json = detailsJsonSchema(schema);
  if (json === undefined) return 'a structured value (its schema cannot be described here)';
  const properties = objectOf(json.properties);
  if (properties === undefined) return typeText(json);
  const required = new Set(Array.isArray(json.required) ? json.required : []);
  const members = Object.entries(properties).map(([name, value]) => {
    const member = objectOf(value) ?? {};
    const notes = [typeText(member)];
    if (!required.has(name)) notes.push('optional');
    const description = typeof member.description === 'string' ? `: ${member.description}` : '';
    return `${code(name)} (${notes.join(', ')})${description}`;
  });
  return members.length === 0 ? 'an empty object' : members.join(', ');
}

/**
 * A JSON Schema's type in a few words: `string`, `integer`, `list of string`, `one of "a", "b"`.
 * @example typeText({ type: 'array', items: { type: 'string' } }) // 'list of string'
 */
export function typeText(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) {
    return `one of ${schema.enum.map((v) => code(JSON.stringify(v))).join(', ')}`;
  }
  if (schema.const !== undefined) return code(JSON.stringify(schema.const));
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives)) {
    const texts = alternatives.map((a) => typeText(objectOf(a) ?? {}));
    return [...new Set(texts)].join(' or ');
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const words = types
    .filter((t): t is string => typeof t === 'string')
    .map((t) => {
      if (t === 'array') {
        const items = objectOf(schema.items);
        return items === undefined ? 'list' : `list of ${typeText(items)}`;
      }
      if (t === 'string' && typeof schema.format === 'string') return `string, ${schema.format}`;
      return t;
    });
  return words.length === 0 ? 'any value' : words.join(' or ');
}

function objectOf(value: JsonValue | undefined): JsonSchema | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}
