import type { FieldViolation } from '../api-error.js';
import { isObject, nonEmpty, parsedError, str, violation } from '../formats/shared.js';
import { arrayPath, firstObject, push, type ShapeParser } from './util.js';

/**
 * FastAPI request locations. `body` is dropped from paths, because errata paths point into the
 * request body (as errata's own validation errors do); the others stay as the first segment so a
 * query parameter `limit` is not mistaken for a body field `limit`.
 */
const BODY = 'body';

/**
 * FastAPI / Starlette: validation errors `{ detail: [{ loc, msg, type, input?, ctx? }] }` (Pydantic
 * v1 and v2), and `HTTPException`'s `{ detail: "Not Found" }` (Django REST framework's `{ detail }`
 * has the same shape and is reported as `fastapi` too).
 */
export const parseFastapi: ShapeParser = (input) => {
  const body = input.json;
  if (!isObject(body) || !('detail' in body)) return undefined;
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
    message: summary(fields, (detail as unknown[]).length),
    fields,
  });
};

/** One Pydantic error: `loc` minus a leading `body`, `msg`, and `type` as the violation code. */
function pydanticViolation(item: unknown): FieldViolation | undefined {
  if (!isObject(item)) return undefined;
  const loc = arrayPath(item.loc);
  if (loc === undefined) return undefined;
  return violation(loc[0] === BODY ? loc.slice(1) : loc, item.msg, item.type);
}

/** `items.0.qty: Input should be greater than 0` for one violation, a count for several. */
function summary(fields: FieldViolation[], count: number): string | undefined {
  const [first] = fields;
  if (first === undefined) return undefined;
  if (count > 1) return `${count} validation errors`;
  return first.path.length > 0 ? `${first.path.join('.')}: ${first.message}` : first.message;
}
