import type { ApiError, FieldViolation } from '../api-error.js';
import {
  fieldsFromMap,
  fromDotted,
  fromJsonPath,
  fromPointer,
  isObject,
  type JsonObject,
  nonEmpty,
  num,
  parsedError,
  setMember,
  str,
  violation,
} from './shared.js';
import type { ShapeInput } from './types.js';

/** A problem format's member names, resolved from its options (`false`: left out). */
export type ProblemNames = {
  readonly instance: string | false;
  readonly code: string | false;
  readonly request_id: string | false;
  readonly errors: string | false;
  readonly details: string | false;
  readonly retry_after: string | false;
  readonly type: 'uri' | 'about:blank' | 'code';
  /** Members that are never details: the standard ones, errata's, and their configured names. */
  readonly reserved: ReadonlySet<string>;
};

/** Members with a meaning of their own; details never overwrite them. */
export const RESERVED: readonly string[] = [
  'type',
  'title',
  'status',
  'detail',
  'instance',
  'code',
  'request_id',
  'errors',
  'details',
  'doc_url',
  'retry_after',
];

/**
 * The names of the `problem` format without options: what `formats.problem` reads.
 * @example parseProblem(PROBLEM_DEFAULTS, input)
 */
export const PROBLEM_DEFAULTS: ProblemNames = {
  instance: 'instance',
  code: 'code',
  request_id: 'request_id',
  errors: 'errors',
  details: 'details',
  retry_after: false,
  type: 'uri',
  // Every default name is already reserved.
  reserved: /* @__PURE__ */ new Set(RESERVED),
};

/** Members other APIs put in problem bodies that are not details (ASP.NET's traceId, …). */
const FOREIGN = new Set(['traceId', 'timestamp', 'requestId', 'trace_id', 'correlationId']);

/** A member by its configured name; nothing when the options left it out. */
function at(body: JsonObject, name: string | false): unknown {
  return name === false ? undefined : body[name];
}

/** Parse a problem body, reading each member under its configured name. */
export function parseProblem(n: ProblemNames, input: ShapeInput): ApiError | undefined {
  const body = input.json;
  if (!isObject(body)) return undefined;
  const isProblemType = input.contentType.endsWith('problem+json');
  if (
    !isProblemType &&
    !('title' in body || 'type' in body) &&
    !('detail' in body && 'status' in body)
  ) {
    return undefined;
  }
  if (!isProblemType && typeof body.detail !== 'string' && typeof body.title !== 'string') {
    return undefined;
  }
  // `{ status, message, detail }` (Twilio) is an API's own shape: problem bodies have no message.
  if (!isProblemType && !('title' in body || 'type' in body) && typeof body.message === 'string') {
    return undefined;
  }
  const type = str(body.type);
  const title = str(body.title);
  const fields = problemFields(at(body, n.errors));
  const code =
    str(at(body, n.code)) ??
    (type !== undefined && type !== 'about:blank' ? lastSegment(type) : undefined);
  return parsedError(input, 'problem', {
    status: num(body.status),
    code,
    title,
    message: str(body.detail) ?? title,
    type,
    details: n.details === false ? undefined : detailsOf(n, body, n.details),
    fields,
    requestId:
      str(at(body, n.request_id)) ?? str(body.traceId) ?? str(body.requestId) ?? occurrence(body),
    retryAfter: num(body[n.retry_after === false ? 'retry_after' : n.retry_after]),
    docUrl: str(body.doc_url),
  });
}

/**
 * `instance` when it is an occurrence id (Vonage sends its trace id there) rather than a path to
 * a resource: no `/` in it.
 */
function occurrence(body: JsonObject): string | undefined {
  const instance = str(body.instance);
  return instance !== undefined && !instance.includes('/') ? instance : undefined;
}

/** The details member when present, else the extension members (those not reserved or foreign). */
function detailsOf(n: ProblemNames, body: JsonObject, name: string): unknown {
  if (body[name] !== undefined) return nonEmpty(body[name]);
  const extensions: JsonObject = {};
  let count = 0;
  for (const key in body) {
    if (n.reserved.has(key) || FOREIGN.has(key)) continue;
    setMember(extensions, key, body[key]);
    count++;
  }
  return count > 0 ? extensions : undefined;
}

/** Hosts whose URIs point at specifications (RFC sections, MDN pages), never at an API's own code. */
const SPEC_HOSTS =
  /^https?:\/\/(?:tools\.ietf\.org|datatracker\.ietf\.org|www\.rfc-editor\.org|developer\.mozilla\.org|httpstatuses\.(?:com|io))\//i;

/** The last segment of a type URI as a code (`…/errors/out_of_credit` -> `out_of_credit`). */
function lastSegment(type: string): string | undefined {
  if (type.length > 2048 || SPEC_HOSTS.test(type)) return undefined;
  // Trailing separators are cut with a loop: a regex like /[#/]+$/ is quadratic on '/////x'.
  let end = type.length;
  while (end > 0 && (type[end - 1] === '/' || type[end - 1] === '#')) end--;
  const cut = type.slice(0, end);
  const seg = cut.slice(
    Math.max(cut.lastIndexOf('/'), cut.lastIndexOf('#'), cut.lastIndexOf(':')) + 1,
  );
  return /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/.test(seg) ? seg : undefined;
}

/** errata's `[{ detail, pointer }]` or ASP.NET's `{ "Name": ["…"] }`. */
function problemFields(errors: unknown): FieldViolation[] | undefined {
  const out: FieldViolation[] = [];
  if (Array.isArray(errors)) {
    for (const item of errors) {
      if (!isObject(item)) continue;
      const pointer =
        str(item.pointer) ?? (isObject(item.source) ? str(item.source.pointer) : undefined);
      const name = str(item.field) ?? str(item.name);
      // An item that names no field at all (Akamai's `invalidField`) is left to the generic
      // recogniser, which knows more member names, rather than read as a whole-body violation.
      if (pointer === undefined && name === undefined) continue;
      const path = pointer !== undefined ? fromPointer(pointer) : fromDotted(name ?? '');
      const v = violation(path, item.detail ?? item.message ?? item.reason, item.code);
      if (v) out.push(v);
    }
  } else if (isObject(errors)) {
    return nonEmptyList(fieldsFromMap(errors, fromJsonPath));
  }
  return nonEmptyList(out);
}

function nonEmptyList<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}
