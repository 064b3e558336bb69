import { ApiError, type ApiErrorInit, type FieldViolation } from '../api-error.js';
import type { ShapeInput } from '../formats/types.js';
import { codeForStatus } from '../status.js';
import { safeId } from './headers.js';
import { clip, field, MAX_FIELDS, MAX_MESSAGE } from './util.js';

const MAX_CODE = 200;
const MAX_TITLE = 200;
const MAX_URI = 2048;
const MAX_PATH = 64;
const MAX_SEGMENT = 200;

/**
 * The error with everything taken from the body bounded: message and title cut, at most 100
 * violations with short paths, a code, type and doc URL of sane length, a request id that is safe
 * to log (else the header's), a retry delay that is not negative. Shape parsers bound what they
 * read themselves; this is the one place that guarantees it for every format, errata's own too.
 * Returns the same object when nothing needs cutting (the usual case).
 */
export function bounded(error: ApiError, input: ShapeInput | undefined): ApiError {
  if (within(error)) return error;
  const init: ApiErrorInit = {
    status: error.status,
    code: error.code.length > MAX_CODE ? codeForStatus(error.status) : error.code,
    message: clip(error.message, MAX_MESSAGE),
    title: clip(error.title, MAX_TITLE),
    retryable: error.retryable,
    expose: error.expose,
    headers: error.headers,
    raw: error.raw,
  };
  if (error.details !== undefined) init.details = error.details;
  if (error.fields !== undefined) init.fields = boundedFields(error.fields);
  const requestId = safeId(error.requestId) ?? input?.headerRequestId;
  if (requestId !== undefined) init.requestId = requestId;
  if (validDelay(error.retryAfter)) init.retryAfter = error.retryAfter;
  if (error.type !== undefined && error.type.length <= MAX_URI) init.type = error.type;
  if (error.docUrl !== undefined && error.docUrl.length <= MAX_URI) init.docUrl = error.docUrl;
  if (error.format !== undefined) init.format = error.format;
  return new ApiError(init);
}

function within(error: ApiError): boolean {
  return (
    error.code.length <= MAX_CODE &&
    error.message.length <= MAX_MESSAGE &&
    error.title.length <= MAX_TITLE &&
    (error.requestId === undefined || safeId(error.requestId) === error.requestId) &&
    (error.retryAfter === undefined || validDelay(error.retryAfter)) &&
    (error.type === undefined || error.type.length <= MAX_URI) &&
    (error.docUrl === undefined || error.docUrl.length <= MAX_URI) &&
    (error.fields === undefined || fieldsWithin(error.fields))
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
