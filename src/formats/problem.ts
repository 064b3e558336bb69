import type { FieldViolation } from '../api-error.js';
import { statusPhrase } from '../status.js';
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
  pointerFragment,
  rendered,
  str,
  violation,
  visible,
} from './shared.js';
import type { Format } from './types.js';

/** Members with a meaning of their own; details never overwrite them. */
const RESERVED = new Set([
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
]);

/** Members other APIs put in problem bodies that are not details (ASP.NET's traceId, …). */
const FOREIGN = new Set(['traceId', 'timestamp', 'requestId', 'trace_id', 'correlationId']);

/**
 * RFC 9457 problem details (`application/problem+json`): `type`, `title`, `status`, `detail`,
 * `instance`, and the extension members `code`, `request_id`, `errors` (JSON Pointers) and the
 * details object's own members.
 */
export const problemFormat: Format = {
  name: 'problem',
  contentType: 'application/problem+json',
  drops: [
    'the title when there is no problem type (RFC 9457 `about:blank` takes the status phrase)',
    'details that are not a JSON object are nested under a `details` member',
    'detail members named like a standard or errata member (type, title, status, detail, instance, code, request_id, errors, details, doc_url, retry_after) are dropped',
    'documentation link (the type URI is the link when the catalog has a typeBase)',
    'detail members named traceId, timestamp, requestId, trace_id or correlationId are not read back as details (other APIs use them for request metadata)',
  ],
  render(error, context) {
    const { message, details, fields } = visible(error);
    // RFC 9457 §4.2.1: with about:blank the title should be the status phrase.
    const body: JsonObject =
      error.type && error.type !== 'about:blank'
        ? { type: error.type, title: error.title }
        : { type: 'about:blank', title: statusPhrase(error.status) };
    body.status = error.status;
    body.detail = message;
    // An absurdly long instance (a 10 kB path) is left out rather than echoed or cut.
    if (context?.instance !== undefined && context.instance.length <= 2048)
      body.instance = context.instance;
    body.code = error.code;
    const requestId = context?.requestId ?? error.requestId;
    if (requestId !== undefined) body.request_id = requestId;
    if (fields !== undefined && fields.length > 0) {
      body.errors = fields.map((f) =>
        f.code === undefined
          ? { detail: f.message, pointer: pointerFragment(f.path) }
          : { detail: f.message, pointer: pointerFragment(f.path), code: f.code },
      );
    }
    if (isObject(details)) {
      for (const key of Object.keys(details)) {
        if (RESERVED.has(key)) continue;
        // defineProperty: a `__proto__` member stays a member instead of replacing the prototype.
        Object.defineProperty(body, key, {
          value: details[key],
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    } else if (details !== undefined) {
      body.details = details;
    }
    return rendered(error, context, 'application/problem+json', body);
  },
  parse(input) {
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
    const type = str(body.type);
    const title = str(body.title);
    const fields = problemFields(body.errors);
    const extensions: JsonObject = {};
    let count = 0;
    for (const key in body) {
      if (RESERVED.has(key) || FOREIGN.has(key)) continue;
      // defineProperty: a `__proto__` member stays a member instead of becoming the prototype.
      Object.defineProperty(extensions, key, {
        value: body[key],
        enumerable: true,
        writable: true,
        configurable: true,
      });
      count++;
    }
    const code =
      str(body.code) ??
      (type !== undefined && type !== 'about:blank' ? lastSegment(type) : undefined);
    return parsedError(input, 'problem', {
      status: num(body.status),
      code,
      title,
      message: str(body.detail) ?? title,
      type,
      details:
        body.details !== undefined ? nonEmpty(body.details) : count > 0 ? extensions : undefined,
      fields,
      requestId: str(body.request_id) ?? str(body.traceId) ?? str(body.requestId),
      retryAfter: num(body.retry_after),
      docUrl: str(body.doc_url),
    });
  },
};

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
      const path =
        pointer !== undefined
          ? fromPointer(pointer)
          : fromDotted(str(item.field) ?? str(item.name) ?? '');
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
