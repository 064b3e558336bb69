import type { FieldViolation } from '../api-error.js';
import { isObject, parsedError } from '../formats/shared.js';
import { MAX_FIELDS, type ShapeParser } from './util.js';

/** Nesting followed into serializer errors; DRF nests one level per nested serializer. */
const MAX_DEPTH = 8;
/** Values looked at in all, so a wide hostile body costs bounded work. */
const MAX_NODES = 2000;

/**
 * Keys of errors that belong to no field: DRF's `non_field_errors`, Jira's `errorMessages`,
 * and a map wrapped in `errors` or `message` (GitLab's `{ message: { name: [...] } }`).
 */
const NON_FIELD = new Set(['non_field_errors', 'errorMessages', 'errors', 'message', 'messages']);

/**
 * Django REST framework validation errors: the body *is* the map, `{ email: ["Enter a valid email
 * address."], items: [{}, { qty: ["…"] }], non_field_errors: ["…"] }`, or a bare list of
 * messages. The loosest shape of all, so it is tried last: every leaf must be a list of strings.
 */
export const parseDrf: ShapeParser = (input) => {
  const body = input.json;
  const fields: FieldViolation[] = [];
  const budget = { nodes: 0 };
  if (Array.isArray(body)) {
    if (body.length === 0 || !leafList(body, [], fields)) return undefined;
  } else if (!isObject(body) || !walk(body, [], fields, 0, budget)) {
    return undefined;
  }
  const first = fields[0];
  if (first === undefined) return undefined;
  // Errors of no field (`non_field_errors`, Jira's `errorMessages`) are the error's own message.
  return parsedError(input, 'drf', {
    message: (fields.find((f) => f.path.length === 0) ?? first).message,
    fields: fields.filter((f) => f.path.length > 0),
  });
};

/** Collect violations under `node`; false when something is not DRF-shaped. */
function walk(
  node: Record<string, unknown>,
  path: (string | number)[],
  out: FieldViolation[],
  depth: number,
  budget: { nodes: number },
): boolean {
  if (depth > MAX_DEPTH) return false;
  for (const key in node) {
    if (++budget.nodes > MAX_NODES) return out.length > 0;
    const value = node[key];
    const here = NON_FIELD.has(key) && depth === 0 ? path : [...path, key];
    if (isObject(value)) {
      if (!walk(value, here, out, depth + 1, budget)) return false;
    } else if (Array.isArray(value)) {
      if (value.every((v) => typeof v === 'string')) {
        if (!leafList(value, here, out)) return false;
      } else {
        // A ListSerializer: one error object per item (`{}` for valid ones).
        for (let i = 0; i < value.length && i < MAX_FIELDS; i++) {
          const item: unknown = value[i];
          if (!isObject(item) || !walk(item, [...here, i], out, depth + 1, budget)) return false;
        }
      }
    } else {
      return false;
    }
    if (out.length >= MAX_FIELDS) return true;
  }
  return true;
}

function leafList(list: unknown[], path: (string | number)[], out: FieldViolation[]): boolean {
  for (const m of list.slice(0, MAX_FIELDS)) {
    if (typeof m !== 'string') return false;
    out.push({ path, message: m });
    if (out.length >= MAX_FIELDS) break;
  }
  return true;
}
