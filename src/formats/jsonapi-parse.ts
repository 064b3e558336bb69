import type { ApiError, FieldViolation } from '../api-error.js';
import {
  fromPointer,
  isObject,
  type JsonObject,
  MAX_PARSED_FIELDS,
  num,
  parsedError,
  setMember,
  str,
  violation,
} from './shared.js';
import type { ShapeInput } from './types.js';

/**
 * The `jsonapi` format's member names, resolved from its options (`false`: left out).
 * @example const names: JsonapiNames = JSONAPI_DEFAULTS;
 */
export type JsonapiNames = Record<'request_id' | 'meta' | 'links', string | false>;

/**
 * The names of the `jsonapi` format without options: what `formats.jsonapi` reads.
 * @example parseJsonapi(JSONAPI_DEFAULTS, input)
 */
export const JSONAPI_DEFAULTS: Readonly<JsonapiNames> = {
  request_id: 'request_id',
  meta: 'meta',
  links: 'links',
};

/**
 * Parse a body of the `jsonapi` format, reading each member under its configured name; `undefined`
 * when the body is not of this shape. Imports nothing of the render side, so parsers stay small.
 * @example parseJsonapi(JSONAPI_DEFAULTS, input)
 */
export function parseJsonapi(n: JsonapiNames, input: ShapeInput): ApiError | undefined {
  const body = input.json;
  if (!isObject(body) || !Array.isArray(body.errors) || body.errors.length === 0) return undefined;
  const first = body.errors[0];
  if (!isObject(first)) return undefined;
  // JSON:API error objects have no `message`; GraphQL's do.
  if (!('detail' in first || 'title' in first || 'source' in first || 'status' in first))
    return undefined;
  // Docker's registry errors have `message` and a `detail` that is data, not text.
  if ('message' in first && str(first.detail) === undefined && str(first.title) === undefined)
    return undefined;
  const fields: FieldViolation[] = [];
  let details: unknown;
  const count = Math.min(body.errors.length, MAX_PARSED_FIELDS);
  for (let i = 0; i < count; i++) {
    const item = body.errors[i];
    if (!isObject(item)) continue;
    const source = isObject(item.source) ? item.source : undefined;
    const pointer = str(source?.pointer);
    const param = str(source?.parameter);
    const detail = str(item.detail) ?? str(item.title);
    const meta = isObject(item.meta) ? item.meta : undefined;
    if (details === undefined && meta !== undefined) details = detailsOf(meta);
    if ((pointer !== undefined || param !== undefined) && detail !== undefined) {
      const path = pointer !== undefined ? fromPointer(pointer) : [param as string];
      const v = violation(path, detail, meta?.violation);
      if (v) fields.push(v);
    }
  }
  const meta = isObject(body.meta) ? body.meta : {};
  const statusText = str(first.status);
  const links = isObject(first.links) ? first.links : {};
  return parsedError(input, 'jsonapi', {
    status: statusText === undefined ? undefined : Number(statusText),
    code: str(first.code),
    title: str(first.title),
    // errata writes one error object per violation under one shared title: that title is the
    // message. Objects with titles of their own are separate errors: the first one's detail.
    message:
      fields.length > 1 && sharedTitle(body.errors, count)
        ? (str(first.title) ?? str(first.detail))
        : (str(first.detail) ?? str(first.title)),
    details,
    fields,
    requestId:
      (n.request_id === false ? undefined : str(meta[n.request_id])) ?? str(meta.requestId),
    retryAfter: num(meta.retry_after),
    docUrl: str(links.type) ?? str(links.about),
  });
}

/** Whether the first `count` error objects all have the first one's title. */
function sharedTitle(errors: readonly unknown[], count: number): boolean {
  const title = isObject(errors[0]) ? errors[0].title : undefined;
  for (let i = 1; i < count; i++) {
    const item = errors[i];
    if (!isObject(item) || item.title !== title) return false;
  }
  return true;
}

/** The details an error object's `meta` carries: all but `violation`, unwrapping `{ details }`. */
function detailsOf(meta: JsonObject): unknown {
  const out: JsonObject = {};
  let count = 0;
  for (const key in meta) {
    if (key === 'violation') continue;
    setMember(out, key, meta[key]);
    count++;
  }
  if (count === 0) return undefined;
  // Non-object details render as `meta: { details }`; read them back as they were.
  return count === 1 && 'details' in out ? out.details : out;
}
