import type { FieldViolation } from '../api-error.js';
import { fromDotted, isObject, num, parsedError, str, violation } from '../formats/shared.js';
import { filled, push, type ShapeParser } from './util.js';

/** What Spring Boot writes when `server.error.include-message` hides the real message. */
const HIDDEN = 'No message available';

/**
 * Spring Boot's default error body: `{ timestamp, status, error: "Not Found", message?, path,
 * errors?, trace?, requestId? }` (`errors` are binding errors `{ field, defaultMessage, code }`).
 * `error` is the reason phrase, so it becomes the title; it is not a code.
 */
export const parseSpring: ShapeParser = (input) => {
  const body = input.json;
  if (
    !isObject(body) ||
    typeof body.error !== 'string' ||
    num(body.status) === undefined ||
    !(typeof body.path === 'string' || 'timestamp' in body)
  ) {
    return undefined;
  }
  const message = filled(body.message);
  const fields: FieldViolation[] = [];
  if (Array.isArray(body.errors)) {
    for (const item of body.errors) {
      if (!push(fields, bindingViolation(item))) break;
    }
  }
  const path = str(body.path);
  return parsedError(input, 'spring', {
    title: body.error,
    message: message !== undefined && message !== HIDDEN ? message : body.error,
    fields,
    details: path === undefined ? undefined : { path },
    requestId: str(body.requestId),
    status: num(body.status),
  });
};

/** A Spring `FieldError` / `ObjectError`: `{ field?, defaultMessage, code, objectName }`. */
function bindingViolation(item: unknown): FieldViolation | undefined {
  if (!isObject(item)) return undefined;
  const field = str(item.field);
  const path = field === undefined ? [] : fromDotted(field);
  return violation(path, str(item.defaultMessage) ?? item.message, item.code);
}
