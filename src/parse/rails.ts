import type { FieldViolation } from '../api-error.js';
import { fromDotted, isObject, parsedError } from '../formats/shared.js';
import { MAX_FIELDS, type ShapeParser } from './util.js';

/**
 * Rails: `{ errors: { email: ["has already been taken"] } }` (`errors.messages`, or
 * `errors.details`' `[{ error: "taken" }]`) and `{ errors: ["Email has already been taken"] }`
 * (`full_messages`; also HashiCorp Vault's). Checked before `laravel`, whose bodies always carry a
 * `message`; the message is the first violation's.
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
  // Rails' `errors.messages` lists hold fragments of a sentence about the attribute ("has already
  // been taken"): the message is "attribute fragment". A string value (Jira's `errors`) is a
  // sentence of its own. `full_messages` lists name no field: messages, not violations.
  const fragment = isObject(errors) && Array.isArray(errors[String(first.path[0])]);
  const message =
    fragment && first.path.length > 0 ? `${first.path.join('.')} ${first.message}` : first.message;
  return parsedError(input, 'rails', { message, fields: fields.filter((f) => f.path.length > 0) });
};

/** `"is invalid"`, or a details entry `{ error: "taken", count? }` (the code is the message). */
function railsViolation(key: string, item: unknown): FieldViolation | undefined {
  const path = key === 'base' ? [] : fromDotted(key);
  if (typeof item === 'string') return { path, message: item };
  if (isObject(item) && typeof item.error === 'string')
    return { path, message: item.error, code: item.error };
  return undefined;
}
