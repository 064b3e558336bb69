// A small JSON Schema check for bodies in a custom format: errata has no runtime dependency on a
// validator, and a contract check needs only the keywords a body schema uses to say what is
// sent — types, required members, constants, bounds. Unknown keywords are not held against a body.
import { isSchema, type JsonSchema, type JsonValue } from '../shared/json-schema.js';

/** Problems past this many are not listed: one broken body should not flood the report. */
const MAX_PROBLEMS = 5;
const MAX_DEPTH = 32;

/**
 * What is wrong with a JSON value under a JSON Schema (draft 2020-12, the keywords a body
 * schema uses: type, const, enum, required, properties, additionalProperties: false, items,
 * allOf / anyOf / oneOf, local $ref, numeric and length bounds, pattern), one short sentence
 * each; `[]` when it conforms.
 * @example conforms({ type: 'object', required: ['fault'] }, {}) // ['`fault` is missing']
 */
export function conforms(schema: JsonSchema, value: unknown): string[] {
  const out: string[] = [];
  check(schema, schema, value as JsonValue, '', out, 0);
  return out.slice(0, MAX_PROBLEMS);
}

function typeOf(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(type: JsonValue, actual: string): boolean {
  return type === actual || (type === 'number' && actual === 'integer');
}

function resolve(root: JsonSchema, ref: string): JsonSchema | undefined {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let at: JsonValue | undefined = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    at = isSchema(at) ? at[key] : undefined;
  }
  return isSchema(at) ? at : undefined;
}

function check(
  root: JsonSchema,
  schema: JsonSchema,
  value: JsonValue,
  path: string,
  out: string[],
  depth: number,
): void {
  if (depth > MAX_DEPTH || out.length >= MAX_PROBLEMS) return;
  const where = path === '' ? 'the body' : `\`${path}\``;
  const sub = (s: JsonValue | undefined, v: JsonValue, p: string) => {
    if (isSchema(s)) check(root, s, v, p, out, depth + 1);
  };
  if (typeof schema.$ref === 'string') {
    const target = resolve(root, schema.$ref);
    if (target !== undefined) check(root, target, value, path, out, depth + 1);
  }
  const actual = typeOf(value);
  const types = Array.isArray(schema.type)
    ? schema.type
    : schema.type === undefined
      ? []
      : [schema.type];
  if (types.length > 0 && !types.some((t) => typeMatches(t, actual))) {
    out.push(
      `${where} is ${actual === 'null' ? 'null' : `a ${actual}`}, not ${types.join(' or ')}`,
    );
    return;
  }
  const same = (a: JsonValue) => JSON.stringify(a) === JSON.stringify(value);
  if ('const' in schema && !same(schema.const as JsonValue)) {
    out.push(`${where} is not ${JSON.stringify(schema.const)}`);
  }
  if (Array.isArray(schema.enum) && !schema.enum.some(same)) {
    out.push(`${where} is none of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`);
  }
  for (const part of Array.isArray(schema.allOf) ? schema.allOf : []) sub(part, value, path);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = schema[key];
    if (!Array.isArray(list) || list.length === 0) continue;
    const fits = list.some((alt) => isSchema(alt) && conformsAt(root, alt, value, depth));
    if (!fits) out.push(`${where} matches none of its alternatives`);
  }
  if (actual === 'object' && isSchema(value)) objectChecks(schema, value, path, out, sub);
  if (actual === 'array' && Array.isArray(value)) {
    const min = schema.minItems;
    if (typeof min === 'number' && value.length < min)
      out.push(`${where} has fewer than ${min} items`);
    for (const [i, item] of value.entries()) sub(schema.items, item, `${path}[${i}]`);
  }
  if (typeof value === 'string') stringChecks(schema, value, where, out);
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum)
      out.push(`${where} is below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum)
      out.push(`${where} is above ${schema.maximum}`);
  }
}

function conformsAt(
  root: JsonSchema,
  schema: JsonSchema,
  value: JsonValue,
  depth: number,
): boolean {
  const out: string[] = [];
  check(root, schema, value, '', out, depth + 1);
  return out.length === 0;
}

function objectChecks(
  schema: JsonSchema,
  value: JsonSchema,
  path: string,
  out: string[],
  sub: (s: JsonValue | undefined, v: JsonValue, p: string) => void,
): void {
  const join = (name: string) => (path === '' ? name : `${path}.${name}`);
  for (const name of Array.isArray(schema.required) ? schema.required : []) {
    if (typeof name === 'string' && !(name in value)) out.push(`\`${join(name)}\` is missing`);
  }
  const properties = isSchema(schema.properties) ? schema.properties : {};
  for (const [name, member] of Object.entries(value)) {
    if (name in properties) sub(properties[name], member, join(name));
    else if (schema.additionalProperties === false)
      out.push(`\`${join(name)}\` is not a member of the format`);
    else sub(schema.additionalProperties, member, join(name));
  }
}

function stringChecks(schema: JsonSchema, value: string, where: string, out: string[]): void {
  if (typeof schema.minLength === 'number' && value.length < schema.minLength) {
    out.push(`${where} is shorter than ${schema.minLength}`);
  }
  if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) {
    out.push(`${where} is longer than ${schema.maxLength}`);
  }
  if (typeof schema.pattern === 'string') {
    let pattern: RegExp | undefined;
    try {
      pattern = new RegExp(schema.pattern, 'u');
    } catch {
      pattern = undefined; // a pattern this engine cannot read says nothing about the body
    }
    if (pattern !== undefined && value.length <= 65_536 && !pattern.test(value)) {
      out.push(`${where} does not match ${schema.pattern}`);
    }
  }
}
