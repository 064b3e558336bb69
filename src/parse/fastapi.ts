import type { FieldViolation } from '../api-error.js';
import { isObject, nonEmpty, parsedError, str, violation } from '../formats/shared.js';
import { arrayPath, firstObject, push, type ShapeParser } from './util.js';

/**
 * FastAPI request locations, dropped from paths: the field is what the client named (`item_id`),
 * wherever it sent it, as FastAPI's own docs and every other API name fields.
 */
const LOCATIONS = new Set(['body', 'query', 'path', 'header', 'cookie']);

/**
 * FastAPI / Starlette: validation errors `{ detail: [{ loc, msg, type, input?, ctx? }] }` (Pydantic
 * v1 and v2), and `HTTPException`'s `{ detail: "Not Found" }` (Django REST framework's `{ detail }`
 * has the same shape and is reported as `fastapi` too).
 */
export const parseFastapi: ShapeParser = (input) => {
  const body = input.json;
  // A `message` beside `detail` is an API's own shape (Twilio's): FastAPI never sends one.
  if (!isObject(body) || !('detail' in body) || typeof body.message === 'string') return undefined;
  const detail = body.detail;
  if (typeof detail === 'string') {
    return parsedError(input, 'fastapi', { message: detail, code: str(body.code) });
  }
  if (isObject(detail)) {
    // HTTPException(detail={...}): any JSON; take a message and code when it names them.
    const message = str(detail.message) ?? str(detail.msg) ?? str(detail.detail);
    const code = str(detail.code) ?? str(detail.error);
    if (message === undefined && code === undefined) return undefined;
    return parsedError(input, 'fastapi', {
      message,
      code,
      details: nonEmpty(detail),
    });
  }
  const first = firstObject(detail);
  if (first === undefined || !Array.isArray(first.loc) || typeof first.msg !== 'string')
    return undefined;
  const fields: FieldViolation[] = [];
  for (const item of detail as unknown[]) {
    if (!push(fields, pydanticViolation(item))) break;
  }
  return parsedError(input, 'fastapi', {
    message: fields[0]?.message,
    fields,
  });
};

/** One Pydantic error: `loc` minus its request location, `msg`, and `type` as the violation code. */
function pydanticViolation(item: unknown): FieldViolation | undefined {
  if (!isObject(item)) return undefined;
  const loc = arrayPath(item.loc);
  if (loc === undefined) return undefined;
  return violation(LOCATIONS.has(String(loc[0])) ? loc.slice(1) : loc, item.msg, item.type);
}
