import {
  type ApiError,
  type ApiErrorInit,
  type FieldViolation,
  quickApiError,
} from '../api-error.js';
import type { ShapeInput } from '../formats/types.js';
import { codeForStatus, statusPhrase } from '../status.js';
import { safeId } from './headers.js';
import { localeOf } from './locale.js';
import { boundedData, DETAILS_LIMITS, RAW_LIMITS } from './plain-data.js';
import { clip, field, MAX_FIELDS, MAX_MESSAGE } from './util.js';

/** Longest code kept; a longer one is replaced by the status's code. */
export const MAX_CODE = 200;
/** Characters of a title kept. */
export const MAX_TITLE = 200;
/** Longest `type` or `docUrl` kept; a longer one is dropped. */
export const MAX_URI = 2048;
/** Segments of a violation's path kept. */
export const MAX_PATH = 64;
/** Characters kept per path segment. */
export const MAX_SEGMENT = 200;
/** Characters of a text body kept as `raw`. */
export const MAX_RAW_TEXT = 65_536;

/**
 * The error with everything taken from the body bounded: message and title cut, at most 100
 * violations with short paths, a code, type and doc URL of sane length, a request id that is safe
 * to log (else the header's), a retry delay that is not negative, `details` within
 * DETAILS_LIMITS (16 KiB as JSON, 16 levels, 100 members per object or list, strings of 1000
 * characters), `raw` within RAW_LIMITS (64 KiB as JSON, 32 levels, 1000 members, strings of
 * 4096) when the body is JSON of at most 64 Ki characters, else the body's first 64 Ki
 * characters, a `locale` that is a language tag of at most MAX_LOCALE characters. Shape parsers
 * bound what they read themselves; this is the one place that guarantees it for every format,
 * errata's own too. `locale` (a checked tag, from `Content-Language`) is set on the result when
 * given: a copy, so an error a team's own format returned is never changed.
 * Returns the same object when nothing needs cutting (the usual case).
 */
export function bounded(
  error: ApiError,
  input: ShapeInput | undefined,
  locale: string | undefined = undefined,
): ApiError {
  const details = boundedData(error.details, DETAILS_LIMITS);
  const raw = boundedRaw(error.raw, input);
  if (
    details === error.details &&
    raw === error.raw &&
    locale === undefined &&
    within(error, input)
  ) {
    return error;
  }
  const init: ApiErrorInit = {
    status: error.status,
    // An empty code or message (a team's own parse of an empty body) reads as none at all.
    code: codeWithin(error.code, error.status) ? error.code : codeForStatus(error.status),
    title: clip(error.title, MAX_TITLE) || statusPhrase(error.status),
    retryable: error.retryable,
    expose: error.expose,
    headers: error.headers,
    raw,
  };
  init.message = clip(error.message, MAX_MESSAGE) || init.title || statusPhrase(error.status);
  if (details !== undefined) init.details = details;
  if (error.fields !== undefined) init.fields = boundedFields(error.fields);
  const requestId = safeId(error.requestId) ?? input?.headerRequestId;
  if (requestId !== undefined) init.requestId = requestId;
  if (validDelay(error.retryAfter)) init.retryAfter = error.retryAfter;
  if (error.type !== undefined && error.type.length <= MAX_URI) init.type = error.type;
  if (error.docUrl !== undefined && error.docUrl.length <= MAX_URI) init.docUrl = error.docUrl;
  if (error.format !== undefined) init.format = error.format;
  const kept = locale ?? localeOf(error.locale);
  if (kept !== undefined) init.locale = kept;
  return quickApiError(init);
}

/**
 * `raw` bounded: text cut to MAX_RAW_TEXT characters; a JSON body longer than that is kept as its
 * cut text too (walking a hostile 1 MiB object costs as much as parsing it), a shorter one within
 * RAW_LIMITS.
 */
export function boundedRaw(raw: unknown, input: ShapeInput | undefined): unknown {
  if (typeof raw === 'string') return clip(raw, MAX_RAW_TEXT);
  if (input !== undefined && raw === input.json) {
    if (input.text.length > MAX_RAW_TEXT) return clip(input.text, MAX_RAW_TEXT);
    if (withinRawLimits(input)) return raw;
  }
  return boundedData(raw, RAW_LIMITS);
}

/** Characters of JSON text whose parsed value is within RAW_LIMITS whenever it is shallow enough. */
const SMALL_JSON = 1000;

/**
 * Whether a parsed body is within RAW_LIMITS without walking it: 1000 characters of JSON hold no
 * string over 1000 characters (4096 allowed), at most 500 items or 200 members per container
 * (1000), at most 62,000 characters once stringified (a `1e308` of 5 characters becomes 309;
 * 65,536 allowed); the scan that parsed it measured its depth (32 allowed).
 */
function withinRawLimits(input: ShapeInput): boolean {
  return (
    input.text.length <= SMALL_JSON &&
    input.jsonDepth !== undefined &&
    input.jsonDepth <= RAW_LIMITS.depth
  );
}

function within(error: ApiError, input: ShapeInput | undefined): boolean {
  const requestId = error.requestId;
  const length = error.message.length;
  return (
    codeWithin(error.code, error.status) &&
    length > 0 &&
    length <= MAX_MESSAGE &&
    error.title.length <= MAX_TITLE &&
    // The headers' id passed safeId already (most errors carry it).
    (requestId === undefined ||
      requestId === input?.headerRequestId ||
      safeId(requestId) === requestId) &&
    (error.retryAfter === undefined || validDelay(error.retryAfter)) &&
    (error.type === undefined || error.type.length <= MAX_URI) &&
    (error.docUrl === undefined || error.docUrl.length <= MAX_URI) &&
    (error.locale === undefined || localeOf(error.locale) !== undefined) &&
    (error.fields === undefined || fieldsWithin(error.fields))
  );
}

function codeWithin(code: string, status: number): boolean {
  // `"code": "402"` (Sinch) only restates the status: no code of the API's own.
  // The length first: String(status) makes a string, and only a 3-character code can equal it.
  return (
    code.length > 0 && code.length <= MAX_CODE && (code.length !== 3 || code !== String(status))
  );
}

function validDelay(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && value >= 0;
}

function fieldsWithin(fields: readonly FieldViolation[]): boolean {
  if (fields.length > MAX_FIELDS) return false;
  for (const f of fields) {
    if (f.message.length > MAX_MESSAGE || f.path.length > MAX_PATH) return false;
    if (f.code !== undefined && f.code.length > MAX_CODE) return false;
    for (const p of f.path) if (typeof p === 'string' && p.length > MAX_SEGMENT) return false;
  }
  return true;
}

function boundedFields(fields: readonly FieldViolation[]): FieldViolation[] {
  return fields.slice(0, MAX_FIELDS).map((f) => {
    const path = f.path
      .slice(0, MAX_PATH)
      .map((p) => (typeof p === 'string' ? clip(p, MAX_SEGMENT) : p));
    const code = f.code !== undefined && f.code.length <= MAX_CODE ? f.code : undefined;
    return field(path, clip(f.message, MAX_MESSAGE), code);
  });
}
