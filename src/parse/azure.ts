import type { FieldViolation } from '../api-error.js';
import { isObject, type JsonObject, nonEmpty, parsedError, str } from '../formats/shared.js';
import { safeId } from './headers.js';
import { clip, fromJsonPath, push, type ShapeParser } from './util.js';

/**
 * Microsoft REST API guidelines / OData errors (Microsoft Graph, Azure Resource Manager, Dynamics):
 * `{ error: { code: "InvalidRequest", message, target?, details?: [{ code, message, target }],
 * innererror? } }`. The outer shape is errata's `envelope` too, so this parser only claims bodies
 * with members errata never renders (`target`, `innererror`, a `details` list) and none of the
 * envelope's own (`request_id`, `doc_url`, `details.fields`); everything else stays `envelope`.
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
  if (inner === undefined && list === undefined && typeof e.target !== 'string') return undefined;
  const message = str(e.message);
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
    message: message === undefined ? undefined : clip(message),
    fields,
    details: nonEmpty(details),
    requestId: safeId(str(inner?.['request-id']) ?? str(inner?.requestId)),
  });
};

/** `{ code, message, target }` -> a violation at `target` (a property name or `$.a.b` path). */
function targetViolation(item: unknown): FieldViolation | undefined {
  if (!isObject(item)) return undefined;
  const target = str(item.target);
  const message = str(item.message);
  if (target === undefined || message === undefined) return undefined;
  const code = str(item.code);
  const path = fromJsonPath(target);
  return code === undefined
    ? { path, message: clip(message) }
    : { path, message: clip(message), code: clip(code, 200) };
}
