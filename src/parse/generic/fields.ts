import type { FieldViolation } from '../../api-error.js';
import { isObject } from '../../formats/shared.js';
import { arrayPath, field, MAX_FIELDS } from '../util.js';
import { FIELD_KEYS, LIST_KEYS, MESSAGE_KEYS, messageOf } from './keys.js';

type Path = (string | number)[];

const LIST_ORDER: readonly string[] = LIST_KEYS;
const LIST_SET: ReadonlySet<string> = new Set(LIST_KEYS);

/** Where a request carried a field (OpenAPI's `in`, Pydantic's first `loc` item), not the field. */
const LOCATION = /^(body|query|path|header|cookie|formData)$/;

const MAX_DEPTH = 8;
const MAX_SEGMENTS = 32;

/**
 * A field path as APIs write it: a JSON Pointer (`/items/0/sku`, `#/items/0`), a dotted or
 * bracketed path (`items[0].sku`, `items.0.sku`), or a list of names and indexes (Pydantic's
 * `loc`). Indexes become numbers.
 */
export function pathOf(value: unknown): Path | undefined {
  if (Array.isArray(value)) {
    const path = arrayPath(value);
    // Pydantic and FastAPI say where the field was sent; the client wants the field.
    if (path !== undefined && LOCATION.test(String(path[0]))) {
      return path.length > 1 ? path.slice(1) : path;
    }
    return path !== undefined && path.length > 0 ? path : undefined;
  }
  if (typeof value !== 'string') return undefined;
  let text = value.trim();
  if (text === '' || text.length > 500 || LOCATION.test(text)) return undefined;
  let parts: string[];
  if (text.startsWith('#/') || text.startsWith('/')) {
    text = text.replace(/^#?\//, '');
    parts = text.split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  } else {
    parts = text
      .replace(/\[(\d+)\]/g, '.$1')
      .replace(/\[["']?([^\]"']*)["']?\]/g, '.$1')
      .split('.');
  }
  const path: Path = [];
  for (const part of parts.slice(0, MAX_SEGMENTS)) {
    if (part === '') continue;
    path.push(/^\d{1,9}$/.test(part) ? Number(part) : part);
  }
  return path.length > 0 ? path : undefined;
}

function messageIn(item: Record<string, unknown>): string {
  for (const key of MESSAGE_KEYS) {
    const m = messageOf(item[key]);
    if (m !== undefined) return m;
  }
  return 'is invalid';
}

function codeIn(item: Record<string, unknown>): string | undefined {
  for (const key of ['code', 'type', 'reason', 'errorCode', 'error_code']) {
    const v = item[key];
    if (typeof v === 'string' && /^[A-Za-z0-9_.:-]{1,100}$/.test(v)) return v;
  }
  return undefined;
}

/**
 * The path an error item names, from the first field member that holds one.
 * @example itemPath({ code: 'missing_field', field: 'title' }) // ['title']
 */
export function itemPath(item: Record<string, unknown>): Path | undefined {
  for (const key of FIELD_KEYS) {
    const path = pathOf(item[key]);
    if (path !== undefined) return path;
  }
  // Box: `{ reason: 'missing_parameter', name: 'parent', message: "'parent' is required" }`: a
  // `name` is the field when the item's message speaks of it.
  const name = item.name;
  const message = item.message;
  if (
    typeof name === 'string' &&
    typeof message === 'string' &&
    /^[A-Za-z_][\w.]{0,99}$/.test(name)
  ) {
    if (message.includes(name)) return pathOf(name);
  }
  // JSON:API: `source: { pointer | parameter }`; Salesforce-like `InvalidField: { name }`.
  for (const holder of ['source', 'InvalidField', 'invalidField']) {
    const inner = item[holder];
    if (!isObject(inner)) continue;
    const path = pathOf(inner.pointer) ?? pathOf(inner.parameter) ?? pathOf(inner.name);
    if (path !== undefined) return path;
  }
  return undefined;
}

/** Violations from a list of error items: one per named field (`fields: [a, b]` names many). */
function fromList(list: readonly unknown[], out: FieldViolation[], depth: number): void {
  for (const item of list) {
    if (out.length >= MAX_FIELDS) return;
    if (!isObject(item)) continue;
    const message = messageIn(item);
    const code = codeIn(item);
    const path = itemPath(item);
    if (path !== undefined) {
      out.push(field(path, message, code));
      continue;
    }
    const names = item.fields;
    if (Array.isArray(names) && names.every((n) => typeof n === 'string')) {
      for (const name of names as string[]) {
        const p = pathOf(name);
        if (p !== undefined && out.length < MAX_FIELDS) out.push(field(p, message, code));
      }
      continue;
    }
    // Google `details[].fieldViolations[]`, Kubernetes `details.causes[]`: lists inside items.
    if (depth < 2) for (const key of LIST_KEYS) collect(item[key], out, depth + 1, []);
  }
}

/**
 * Violations from a map of fields (`{ email: ['is taken'] }`, Discord's nested
 * `{ a: { 0: { b: { _errors: [...] } } } }`): a string or a list of strings or error objects
 * is a violation at its key's path; another map is walked into.
 */
function fromMap(
  map: Record<string, unknown>,
  out: FieldViolation[],
  depth: number,
  at: Path,
  loose: boolean,
) {
  for (const key of Object.keys(map)) {
    if (out.length >= MAX_FIELDS || depth > MAX_DEPTH) return;
    const value = map[key];
    const path = [...at, /^\d{1,9}$/.test(key) ? Number(key) : key];
    if (key === '_errors' && Array.isArray(value)) {
      const first = value[0];
      if (at.length > 0) {
        out.push(
          field(
            at,
            isObject(first) ? messageIn(first) : String(messageOf(first) ?? 'is invalid'),
            isObject(first) ? codeIn(first) : undefined,
          ),
        );
      }
      continue;
    }
    if (typeof value === 'string') {
      // Under `details` a one-word string is more often data (`{ name: 'db' }`) than a message.
      if (messageOf(value) !== undefined && (!loose || /\s/.test(value.trim()))) {
        out.push(field(path, value, undefined));
      }
    } else if (Array.isArray(value)) {
      const first = value[0];
      if (typeof first === 'string') out.push(field(path, first, undefined));
      // Kubernetes `details.causes: [{ field, message }]`: items that name their own fields.
      else if (isObject(first) && itemPath(first) !== undefined) fromList(value, out, depth + 1);
      else if (isObject(first)) out.push(field(path, messageIn(first), codeIn(first)));
    } else if (isObject(value)) {
      fromMap(value, out, depth + 1, path, loose);
    }
  }
}

/**
 * Violations from one candidate member: a list of error items or a map of fields. `loose`: the
 * member is one (`details`) that as often holds data as violations.
 */
export function collect(
  value: unknown,
  out: FieldViolation[],
  depth: number,
  at: Path,
  loose = false,
): void {
  if (Array.isArray(value)) fromList(value, out, depth);
  else if (isObject(value) && depth < 2) {
    // A map of fields, unless it is itself an error object (`error: { code, message }`).
    if ('message' in value || 'code' in value) {
      for (const key of LIST_KEYS)
        if (Array.isArray(value[key])) fromList(value[key], out, depth + 1);
      if (isObject(value.details)) collect(value.details, out, depth + 1, at, true);
    } else fromMap(value, out, depth, at, loose);
  }
}

/**
 * Every violation the body's error lists and field maps name (and `list`'s items, for a body that
 * is a list), without duplicate paths.
 */
export function fieldsOf(
  nodes: readonly Record<string, unknown>[],
  list?: readonly unknown[],
): FieldViolation[] {
  const out: FieldViolation[] = [];
  if (list !== undefined) fromList(list, out, 0);
  for (const node of nodes) {
    // `error` is a node itself when it is an object (the caller passes it), a message otherwise.
    // The node's own members in the table's order: objects have a handful, the table dozens.
    const present: string[] = [];
    let seen = 0;
    for (const key in node) {
      if (++seen > 256) break;
      if (LIST_SET.has(key) && key !== 'error' && Object.hasOwn(node, key)) present.push(key);
    }
    if (present.length > 1) present.sort((a, b) => LIST_ORDER.indexOf(a) - LIST_ORDER.indexOf(b));
    for (const key of present) collect(node[key], out, 0, [], key === 'details');
    // FastAPI's `detail` list, also when an API wraps it (Mistral's `message: { detail }`).
    if (Array.isArray(node.detail)) collect(node.detail, out, 0, [], true);
  }
  const seen = new Set<string>();
  return out.filter((v) => {
    const key = JSON.stringify(v.path);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
