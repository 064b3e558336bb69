import type { FieldViolation } from '../api-error.js';
import { fieldsFromMap, fromJsonPath, isObject, num, parsedError, str } from '../formats/shared.js';
import type { ShapeParser } from './util.js';

/** The title ASP.NET Core gives every ValidationProblemDetails. */
const VALIDATION_TITLE = 'One or more validation errors occurred.';

/**
 * ASP.NET Core ProblemDetails / ValidationProblemDetails: `{ type, title, status, traceId,
 * errors: { "Name": ["…"], "$.items[0].qty": ["…"] } }`. Checked before `problem`, which would
 * read a code out of ASP.NET's RFC-section `type` links (`section-15.5.1`). Recognised by
 * `traceId` or the validation title, and by the absence of errata's own `code` / `request_id`
 * members (an errata problem body is always `problem`).
 */
export const parseAspnet: ShapeParser = (input) => {
  const body = input.json;
  if (!isObject(body) || 'code' in body || 'request_id' in body) return undefined;
  const title = str(body.title);
  const traceId = str(body.traceId);
  if (traceId === undefined && !(title === VALIDATION_TITLE && isObject(body.errors)))
    return undefined;
  if (title === undefined && str(body.type) === undefined) return undefined;
  const fields = modelStateFields(body.errors);
  const detail = str(body.detail);
  return parsedError(input, 'aspnet', {
    title,
    message: detail ?? title,
    type: str(body.type),
    fields,
    requestId: traceId ?? str(body.requestId),
    status: num(body.status),
  });
};

/** The ModelState map: keys are property names or JSON paths (`$.items[0].qty`), values lists. */
function modelStateFields(errors: unknown): FieldViolation[] {
  return isObject(errors) ? fieldsFromMap(errors, fromJsonPath) : [];
}
