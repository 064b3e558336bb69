import { type ContractEntry, compareText } from '../shared/contract.js';
import {
  canonicalJson,
  describeSchema,
  isSchema,
  type JsonSchema,
  type JsonValue,
  schemaCovers,
} from '../shared/json-schema.js';
import type { Change, ChangeKind } from './change.js';

/**
 * The changes of one code's details: the schema added or removed, else field by field (nested
 * objects and array items included), each field narrowed, widened or changed as a whole.
 * @example detailsChanges('out_of_stock', before.codes.out_of_stock, after.codes.out_of_stock)
 */
export function detailsChanges(code: string, old: ContractEntry, now: ContractEntry): Change[] {
  if (old.details === undefined && now.details === undefined) return [];
  if (old.details === undefined) {
    const message = `details added: ${describeSchema(now.details as JsonSchema)}`;
    return [{ kind: 'details-added', code, breaking: false, message, after: now.details ?? null }];
  }
  if (now.details === undefined) {
    const message = 'details removed: clients reading them get none';
    return [{ kind: 'details-removed', code, breaking: true, message, before: old.details }];
  }
  if (old.detailsNote !== undefined || now.detailsNote !== undefined) {
    // Without JSON Schema on both sides nothing can be said about the fields: flag it for a
    // person instead of guessing either way.
    const message = 'details not compared: a schema could not be converted to JSON Schema';
    return [{ kind: 'details-not-comparable', code, breaking: false, message }];
  }
  return fieldChanges('details', old.details, now.details).map((c) => ({ ...c, code }));
}

/** A change of one value's schema, before it is tied to a code. */
export type FieldChange = Omit<Change, 'code'>;

function isObjectSchema(schema: JsonSchema): boolean {
  return schema.type === 'object' && isSchema(schema.properties) && schema.anyOf === undefined;
}

/**
 * Changes of one value's schema: fields of objects one by one, else the whole type.
 * @example fieldChanges('details', { type: 'string' }, { type: 'integer' }) // [{ kind: 'details-field-changed', … }]
 */
export function fieldChanges(field: string, old: JsonSchema, now: JsonSchema): FieldChange[] {
  if (canonicalJson(old) === canonicalJson(now)) return [];
  if (isObjectSchema(old) && isObjectSchema(now)) return objectChanges(field, old, now);
  if (old.type === 'array' && now.type === 'array' && isSchema(old.items) && isSchema(now.items)) {
    const items = fieldChanges(`${field}[]`, old.items, now.items);
    return [...items, ...typeChange(field, { ...old, items: {} }, { ...now, items: {} })];
  }
  return typeChange(field, old, now);
}

/** One change for a value whose schema changed as a whole: narrowed, widened or neither. */
function typeChange(field: string, old: JsonSchema, now: JsonSchema): FieldChange[] {
  if (canonicalJson(old) === canonicalJson(now)) return [];
  const narrower = schemaCovers(old, now);
  const wider = schemaCovers(now, old);
  const was = describeSchema(old);
  const is = describeSchema(now);
  const types =
    enumDiff(old, now) ?? (was === is ? `${was} (${keywordDiff(old, now)})` : `${was} → ${is}`);
  const change = (kind: ChangeKind, breaking: boolean, message: string): FieldChange[] => [
    { kind, field, breaking, message: `${field}: ${message}`, before: old, after: now },
  ];
  if (narrower && wider) {
    return change('details-field-reworded', false, 'reworded (description or form), same values');
  }
  if (narrower) return change('details-field-narrowed', true, `type narrowed: ${types}`);
  if (wider) return change('details-field-widened', false, `type widened: ${types}`);
  return change('details-field-changed', true, `type changed: ${types}`);
}

function objectChanges(field: string, old: JsonSchema, now: JsonSchema): FieldChange[] {
  const out: FieldChange[] = [];
  const oldProps = old.properties as JsonSchema;
  const newProps = now.properties as JsonSchema;
  const oldRequired = new Set(Array.isArray(old.required) ? old.required : []);
  const newRequired = new Set(Array.isArray(now.required) ? now.required : []);
  for (const [name, schema] of Object.entries(oldProps)) {
    const path = `${field}.${name}`;
    const next = newProps[name];
    if (!isSchema(schema)) continue;
    if (next === undefined || !isSchema(next)) {
      const message = `${path}: field removed (was ${describeSchema(schema)})`;
      out.push({
        kind: 'details-field-removed',
        field: path,
        breaking: true,
        message,
        before: schema,
      });
      continue;
    }
    if (oldRequired.has(name) && !newRequired.has(name)) {
      const message = `${path}: now optional, so clients may not get it`;
      out.push({ kind: 'details-field-optional', field: path, breaking: true, message });
    }
    if (!oldRequired.has(name) && newRequired.has(name)) {
      const message = `${path}: now required, so servers that omit it no longer conform`;
      out.push({ kind: 'details-field-required', field: path, breaking: true, message });
    }
    out.push(...fieldChanges(path, schema, next));
  }
  for (const [name, schema] of Object.entries(newProps)) {
    if (name in oldProps || !isSchema(schema)) continue;
    const path = `${field}.${name}`;
    const required = newRequired.has(name);
    const added = `${path}: ${required ? 'required' : 'optional'} field added (${describeSchema(schema)})`;
    const message = required ? `${added}, so servers that omit it no longer conform` : added;
    out.push({
      kind: 'details-field-added',
      field: path,
      breaking: required,
      message,
      after: schema,
    });
  }
  const rest = (s: JsonSchema): JsonSchema => ({ ...s, properties: {}, required: [] });
  // Keywords of the object itself (additionalProperties, minProperties…) still count.
  out.push(...typeChange(field, rest(old), rest(now)));
  return out;
}

/** `value "fraud" removed` when both sides are lists of values (enums read better as a diff). */
function enumDiff(old: JsonSchema, now: JsonSchema): string | undefined {
  if (!Array.isArray(old.enum) || !Array.isArray(now.enum)) return undefined;
  const was = old.enum.map(canonicalJson);
  const is = now.enum.map(canonicalJson);
  const removed = was.filter((v) => !is.includes(v));
  const added = is.filter((v) => !was.includes(v));
  if (removed.length + added.length === 0) return undefined;
  const list = (vs: string[], what: string) =>
    vs.length === 0 ? [] : [`${vs.length === 1 ? 'value' : 'values'} ${vs.join(', ')} ${what}`];
  return [...list(removed, 'removed'), ...list(added, 'added')].join(', ');
}

/** `maxLength 10 → 5, pattern none → ^a` for schemas whose types read the same. */
function keywordDiff(old: JsonSchema, now: JsonSchema): string {
  const keys = [...new Set([...Object.keys(old), ...Object.keys(now)])].sort(compareText);
  const show = (v: JsonValue | undefined) => (v === undefined ? 'none' : JSON.stringify(v));
  return keys
    .filter((k) => canonicalJson(old[k] ?? null) !== canonicalJson(now[k] ?? null))
    .map((k) => `${k} ${show(old[k])} → ${show(now[k])}`)
    .join(', ');
}
