import { type ApiError, type ApiErrorInit, quickApiError } from '../../api-error.js';
import type { ShapeInput } from '../../formats/types.js';
import { codeForStatus, statusPhrase } from '../../status.js';
import { localizedIn } from '../locale.js';
import { type GenericParts, genericParts } from './generic.js';
import { inMessage } from './in-message.js';

/**
 * Formats whose message is read to a written rule (errata's JSON:API title for violations,
 * OAuth 2's phrase for a bare code, Spring's placeholder for a hidden message, JSON-RPC): a
 * message left at the title or phrase there is the rule's answer, not a gap.
 */
const EXACT_MESSAGE = new Set(['jsonapi', 'oauth2', 'spring', 'jsonrpc']);

/**
 * `{ "message": "…" }` read as that message: the body's one member is what the shape took, so
 * there is nothing else for the recogniser to find.
 */
function onlyTheMessage(json: object, message: string): boolean {
  let count = 0;
  for (const key in json) {
    if (++count > 1 || (json as Record<string, unknown>)[key] !== message) return false;
  }
  return count === 1;
}

/** Statuses whose errors name fields (validation), and whose errors carry a delay. */
const FIELD_STATUSES = new Set([400, 409, 422]);
const DELAY_STATUSES = new Set([429, 503]);

/**
 * Whether the shape left something the recogniser could fill: the status's own code or phrase,
 * no request id, no (or only the headers') delay on a 429/503, no fields on a validation status.
 * (A request id the shape took from the headers is no gap by itself: the body may name another,
 * which is then taken only when some other gap brought the recogniser in.)
 * A complete reading (every errata body) skips the recogniser and costs nothing more.
 */
function hasGap(error: ApiError, input: ShapeInput): boolean {
  const message = error.message;
  return (
    error.code === codeForStatus(error.status) ||
    message === error.title ||
    message === statusPhrase(error.status) ||
    error.requestId === undefined ||
    (DELAY_STATUSES.has(error.status) &&
      (error.retryAfter === undefined || error.retryAfter === input.headerRetryAfter)) ||
    (FIELD_STATUSES.has(error.status) && error.fields === undefined)
  );
}

/**
 * What a shape left to the defaults (the status's code and phrase, the headers' ids) that the
 * recogniser found; undefined when nothing (the usual case: no object made).
 */
function gaps(
  error: ApiError,
  input: ShapeInput,
  parts: GenericParts,
): Partial<ApiErrorInit> | undefined {
  // Made at the first gap only: most bodies have none.
  let fill: Partial<ApiErrorInit> | undefined;
  const exact = error.format !== undefined && EXACT_MESSAGE.has(error.format);
  if (
    parts.code !== undefined &&
    parts.code !== error.code &&
    error.code === codeForStatus(error.status)
  ) {
    fill ??= {};
    fill.code = parts.code;
  }
  if (
    !exact &&
    parts.message !== undefined &&
    parts.message !== error.message &&
    parts.message !== error.code &&
    (error.message === error.title || error.message === statusPhrase(error.status))
  ) {
    fill ??= {};
    fill.message = parts.message;
  }
  // A body's own id and delay say more than the headers' (which the shapes fall back to).
  if (
    parts.requestId !== undefined &&
    (error.requestId === undefined || error.requestId === input.headerRequestId)
  ) {
    fill ??= {};
    fill.requestId = parts.requestId;
  }
  if (
    parts.retryAfter !== undefined &&
    (error.retryAfter === undefined || error.retryAfter === input.headerRetryAfter)
  ) {
    fill ??= {};
    fill.retryAfter = parts.retryAfter;
  }
  if (parts.fields !== undefined && error.fields === undefined) {
    fill ??= {};
    fill.fields = parts.fields;
  }
  return fill;
}

/**
 * Complete an error a shape parser produced with what the generic recogniser finds in the same
 * JSON body: only the parts the shape left to defaults, so a shape's own reading always wins.
 * One exception: an AIP-193 `LocalizedMessage` among google.rpc `details` (a gRPC-gateway
 * `{ code, message, details }` body) gives the message and `locale` whatever the shape read.
 * Returns the same error when there is nothing to add.
 * @example enrich(parseMessage(input), input)
 */
export function enrich(error: ApiError, input: ShapeInput): ApiError {
  const json = input.json;
  if (json === undefined || typeof json !== 'object' || json === null) return error;
  let fill = hasGap(error, input) ? found(error, input, json) : undefined;
  // The google format reads its own LocalizedMessage.
  if (error.locale === undefined && error.format !== 'google') {
    const localized = localizedIn(json);
    if (localized !== undefined) {
      fill ??= {};
      fill.message = localized.message;
      fill.locale = localized.locale;
    }
  }
  return fill === undefined ? error : rebuilt(error, fill);
}

/** What the recogniser finds for the gaps a shape left (see `gaps`). */
function found(
  error: ApiError,
  input: ShapeInput,
  json: object,
): Partial<ApiErrorInit> | undefined {
  // A body that is only its message: its words are all there is to read (no member search).
  const message = error.message;
  const parts = onlyTheMessage(json, message)
    ? inMessage(message, input.status)
    : genericParts(json, input.status);
  // Words that name nothing (the usual message) leave nothing to fill.
  return parts === undefined ? undefined : gaps(error, input, parts);
}

/** The error with the members of `fill` in place of its own. */
function rebuilt(error: ApiError, fill: Partial<ApiErrorInit>): ApiError {
  const init: ApiErrorInit = {
    status: error.status,
    code: error.code,
    message: error.message,
    title: error.title,
    retryable: error.retryable,
    expose: error.expose,
    headers: error.headers,
    raw: error.raw,
    ...fill,
  };
  const keep = {
    details: error.details,
    fields: error.fields,
    requestId: error.requestId,
    retryAfter: error.retryAfter,
    type: error.type,
    docUrl: error.docUrl,
    format: error.format,
    locale: error.locale,
  };
  for (const [key, value] of Object.entries(keep)) {
    if (value !== undefined && !(key in fill)) (init as Record<string, unknown>)[key] = value;
  }
  return quickApiError(init);
}
