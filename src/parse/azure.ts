import type { FieldViolation } from '../api-error.js';
import {
  fromJsonPath,
  isObject,
  type JsonObject,
  nonEmpty,
  parsedError,
  str,
  violation,
} from '../formats/shared.js';
import { safeId } from './headers.js';
import { push, type ShapeParser } from './util.js';

/**
 * Microsoft REST API guidelines / OData errors (Microsoft Graph, Azure Resource Manager, Dynamics):
 * `{ error: { code: "InvalidRequest", message, target?, details?: [{ code, message, target }],
 * innererror? } }`. The outer shape is errata's `envelope` too (whose `details` may be any JSON,
 * a list included), so this parser only claims bodies with evidence errata never renders: a
 * `target`, an `innererror`, or a `details` list of `{ code, message }` error objects; and none
 * of the envelope's own members (`request_id`, `doc_url`). Everything else stays `envelope`.
 * Each `target` becomes a violation path.
 */
export const parseAzure: ShapeParser = (input) => {
  const body = input.json;
  if (!isObject(body) || !isObject(body.error)) return undefined;
  const e = body.error;
  if (typeof e.code !== 'string' || 'request_id' in e || 'doc_url' in e) return undefined;
  const inner = isObject(e.innererror)
    ? e.innererror
    : isObject(e.innerError)
      ? e.innerError
      : undefined;
  const list = Array.isArray(e.details) ? e.details : undefined;
  const errorList = list !== undefined && list.length > 0 && list.every(isErrorDetail);
  if (inner === undefined && !errorList && typeof e.target !== 'string') return undefined;
  const fields: FieldViolation[] = [];
  for (const item of list ?? []) {
    if (!push(fields, targetViolation(item))) break;
  }
  if (fields.length === 0) {
    const top = targetViolation(e);
    if (top !== undefined) fields.push(top);
  }
  const details: JsonObject = {};
  if (list !== undefined) details.details = list;
  if (inner !== undefined) details.innererror = inner;
  if (Array.isArray(e.additionalInfo)) details.additionalInfo = e.additionalInfo;
  return parsedError(input, 'azure', {
    code: e.code,
    message: str(e.message),
    fields,
    details: nonEmpty(details),
    requestId: safeId(str(inner?.['request-id']) ?? str(inner?.requestId)),
  });
};

/** A Microsoft error detail: an object with a string `code` and `message`. */
function isErrorDetail(item: unknown): boolean {
  return isObject(item) && typeof item.code === 'string' && typeof item.message === 'string';
}

/** `{ code, message, target }` -> a violation at `target` (a property name or `$.a.b` path). */
function targetViolation(item: unknown): FieldViolation | undefined {
  if (!isObject(item)) return undefined;
  const target = str(item.target);
  return target === undefined
    ? undefined
    : violation(fromJsonPath(target), item.message, item.code);
}
