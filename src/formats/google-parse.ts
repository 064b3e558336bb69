import type { ApiError, FieldViolation } from '../api-error.js';
import { type LocalizedMessage, localizedMessage } from '../parse/locale.js';
import { STATUS_BY_GRPC } from '../status.js';
import {
  fromDotted,
  isObject,
  type JsonObject,
  num,
  parsedError,
  str,
  violation,
} from './shared.js';
import type { ShapeInput } from './types.js';

/**
 * The `google` format's member names, resolved from its options (`false`: left out).
 * @example const names: GoogleNames = { RequestInfo: 'RequestInfo', RetryInfo: false, Help: 'Help', LocalizedMessage: 'LocalizedMessage' };
 */
export type GoogleNames = Record<
  'RequestInfo' | 'RetryInfo' | 'Help' | 'LocalizedMessage',
  string | false
>;

/**
 * Parse a body of the `google` format (AIP-193); `undefined` when the body is not of this shape.
 * A `LocalizedMessage` detail (a language tag and a message that is not blank) gives the message
 * and `locale`: AIP-193's message for users, where `Status.message` is the developer-facing one.
 * Imports nothing of the render side, so parsers stay small.
 * @example parseGoogle(input)
 */
export function parseGoogle(input: ShapeInput): ApiError | undefined {
  const body = input.json;
  // Some Google APIs send a bare array around the error object.
  const root = Array.isArray(body) && body.length === 1 ? body[0] : body;
  if (!isObject(root) || !isObject(root.error)) return undefined;
  const e = root.error;
  const statusName = str(e.status);
  if (typeof e.code !== 'number' || (statusName === undefined && !Array.isArray(e.details)))
    return undefined;
  let reason: string | undefined;
  let details: JsonObject | undefined;
  let requestId: string | undefined;
  let retryAfter: number | undefined;
  let docUrl: string | undefined;
  let localized: LocalizedMessage | undefined;
  const fields: FieldViolation[] = [];
  for (const d of Array.isArray(e.details) ? e.details : []) {
    if (!isObject(d)) continue;
    const type = str(d['@type']) ?? '';
    if (type.endsWith('.ErrorInfo')) {
      reason = str(d.reason);
      if (isObject(d.metadata) && Object.keys(d.metadata).length > 0) details = d.metadata;
    } else if (type.endsWith('.BadRequest') && Array.isArray(d.fieldViolations)) {
      for (const f of d.fieldViolations) {
        if (!isObject(f)) continue;
        const v = violation(fromDotted(str(f.field) ?? ''), f.description, f.reason);
        if (v) fields.push(v);
      }
    } else if (type.endsWith('.RetryInfo')) {
      retryAfter = duration(d.retryDelay);
    } else if (type.endsWith('.RequestInfo')) {
      requestId = str(d.requestId);
    } else if (type.endsWith('.Help') && Array.isArray(d.links) && isObject(d.links[0])) {
      docUrl = str(d.links[0].url);
    } else if (localized === undefined && type.endsWith('.LocalizedMessage')) {
      // The first usable one (AIP-193 allows one); a malformed entry leaves Status.message.
      localized = localizedMessage(d);
    }
  }
  const error = parsedError(input, 'google', {
    status: num(e.code) ?? (statusName === undefined ? undefined : STATUS_BY_GRPC[statusName]),
    code: reason ?? statusName,
    message: localized === undefined ? str(e.message) : localized.message,
    details,
    fields,
    requestId,
    retryAfter,
    docUrl,
  });
  // Made just above, so set in place (Parsed has no locale member).
  if (localized !== undefined) (error as { locale: string | undefined }).locale = localized.locale;
  return error;
}

/** A protobuf Duration in JSON (`"1.5s"`) or `{ seconds, nanos }`, in seconds. */
function duration(value: unknown): number | undefined {
  if (typeof value === 'string') {
    const m = /^(\d{1,12})(?:\.(\d{1,9}))?s$/.exec(value);
    return m ? Number(`${m[1]}.${m[2] ?? '0'}`) : undefined;
  }
  if (isObject(value)) {
    const seconds = Number(value.seconds ?? 0);
    const nanos = Number(value.nanos ?? 0);
    return Number.isFinite(seconds) && Number.isFinite(nanos) ? seconds + nanos / 1e9 : undefined;
  }
  return undefined;
}
