import type { ApiError, FieldViolation } from '../api-error.js';
import {
  fromDotted,
  isObject,
  type JsonObject,
  nonEmpty,
  num,
  parsedError,
  str,
  violation,
} from './shared.js';
import type { ShapeInput } from './types.js';

/**
 * The `envelope` format's member names, resolved from its options (`false`: left out).
 * @example const names: EnvelopeNames = ENVELOPE_DEFAULTS;
 */
export type EnvelopeNames = Record<
  'code' | 'details' | 'fields' | 'request_id' | 'doc_url' | 'retry_after',
  string | false
>;

/**
 * The names of the `envelope` format without options: what `formats.envelope` reads.
 * @example parseEnvelope(ENVELOPE_DEFAULTS, input)
 */
export const ENVELOPE_DEFAULTS: Readonly<EnvelopeNames> = {
  code: 'code',
  details: 'details',
  fields: 'fields',
  request_id: 'request_id',
  doc_url: 'doc_url',
  retry_after: false,
};

/** A member by its configured name; nothing when the options left it out. */
function at(body: JsonObject, name: string | false): unknown {
  return name === false ? undefined : body[name];
}

/**
 * Parse a body of the `envelope` format, reading each member under its configured name; `undefined`
 * when the body is not of this shape. Imports nothing of the render side, so parsers stay small.
 * @example parseEnvelope(ENVELOPE_DEFAULTS, input)
 */
export function parseEnvelope(n: EnvelopeNames, input: ShapeInput): ApiError | undefined {
  const body = input.json;
  if (!isObject(body) || !isObject(body.error)) return undefined;
  const e = body.error;
  const code = str(at(e, n.code));
  const message = str(e.message);
  if (code === undefined && message === undefined) return undefined;
  let details: unknown = at(e, n.details);
  let fields: FieldViolation[] | undefined;
  if (isObject(details) && n.fields !== false && Array.isArray(details[n.fields])) {
    fields = [];
    for (const f of details[n.fields] as unknown[]) {
      if (!isObject(f)) continue;
      const v = violation(fromDotted(str(f.field) ?? str(f.path) ?? ''), f.message, f.code);
      if (v) fields.push(v);
    }
    // Object rest, not assignment: a `__proto__` member stays a member.
    const { [n.fields]: _, ...rest } = details;
    details = 'value' in rest && Object.keys(rest).length === 1 ? rest.value : rest;
  }
  return parsedError(input, 'envelope', {
    code,
    message,
    details: nonEmpty(details),
    fields,
    requestId: str(at(e, n.request_id)) ?? str(e.requestId) ?? str(body.request_id),
    retryAfter: num(at(e, n.retry_after)) ?? num(e.retry_after) ?? num(e.retryAfter),
    docUrl: str(at(e, n.doc_url)),
    status: num(e.status),
  });
}
