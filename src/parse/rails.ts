import type { FieldViolation } from '../api-error.js';
import { fromDotted, isObject, parsedError } from '../formats/shared.js';
import { MAX_FIELDS, type ShapeParser } from './util.js';

/**
 * Rails: `{ errors: { email: ["has already been taken"] } }` (`errors.messages`, or
 * `errors.details`' `[{ error: "taken" }]`) and `{ errors: ["Email has already been taken"] }`
 * (`full_messages`). Checked before `laravel`, whose bodies always carry a `message`; the message
 * is Rails' "attribute message" of the first violation.
 */
export const parseRails: ShapeParser = (input) => {
  const body = input.json;
  if (!isObject(body) || 'message' in body) return undefined;
  const errors = body.errors;
  const fields: FieldViolation[] = [];
  if (Array.isArray(errors)) {
    for (const m of errors.slice(0, MAX_FIELDS)) {
      if (typeof m !== 'string') return undefined;
      fields.push({ path: [], message: m });
    }
  } else if (isObject(errors)) {
    for (const key in errors) {
      const value = errors[key];
      for (const item of Array.isArray(value) ? value.slice(0, MAX_FIELDS) : [value]) {
        const v = railsViolation(key, item);
        if (v === undefined) return undefined; // not Rails: some value is neither text nor detail
        fields.push(v);
        if (fields.length >= MAX_FIELDS) break;
      }
      if (fields.length >= MAX_FIELDS) break;
    }
  } else {
    return undefined;
  }
  const first = fields[0];
  if (first === undefined) return undefined;
  const message =
    first.path.length > 0 ? `${first.path.join('.')} ${first.message}` : first.message;
  return parsedError(input, 'rails', { message, fields });
};

/** `"is invalid"`, or a details entry `{ error: "taken", count? }` (the code is the message). */
function railsViolation(key: string, item: unknown): FieldViolation | undefined {
  const path = key === 'base' ? [] : fromDotted(key);
  if (typeof item === 'string') return { path, message: item };
  if (isObject(item) && typeof item.error === 'string')
    return { path, message: item.error, code: item.error };
  return undefined;
}
