import type { FieldViolation } from '../api-error.js';
import { fromDotted, isObject, parsedError, str, violation } from '../formats/shared.js';
import { firstObject, push, type ShapeParser, statusOf } from './util.js';

/** What GitHub's violation codes mean, for the items that carry no message of their own. */
const CODE_TEXT: Readonly<Record<string, string>> = {
  missing: 'does not exist',
  missing_field: 'is required',
  invalid: 'is invalid',
  already_exists: 'already exists',
  unprocessable: 'cannot be processed',
};

/**
 * GitHub REST: `{ message, documentation_url, status?, errors?: [{ resource, field, code,
 * message? }] }`. Recognised by `documentation_url`, or by `errors` items naming a `resource`.
 */
export const parseGithub: ShapeParser = (input) => {
  const body = input.json;
  if (!isObject(body) || typeof body.message !== 'string') return undefined;
  const docUrl = str(body.documentation_url);
  const first = firstObject(body.errors);
  if (docUrl === undefined && (first === undefined || !('resource' in first))) return undefined;
  const fields: FieldViolation[] = [];
  if (Array.isArray(body.errors)) {
    for (const item of body.errors) {
      if (!push(fields, githubViolation(item))) break;
    }
  }
  return parsedError(input, 'github', {
    message: body.message,
    fields,
    docUrl,
    status: statusOf(body.status),
  });
};

/** One `errors` item: an object naming resource, field and code, or (older endpoints) a string. */
function githubViolation(item: unknown): FieldViolation | undefined {
  if (typeof item === 'string') return { path: [], message: item };
  if (!isObject(item)) return undefined;
  const code = str(item.code);
  const field = str(item.field);
  const resource = str(item.resource);
  // Without a message: the field's problem ("is required"), or the resource's when no field is named.
  const message =
    str(item.message) ??
    (code === undefined
      ? undefined
      : field !== undefined
        ? codeText(code)
        : `${resource ?? 'resource'} ${codeText(code)}`);
  return violation(field === undefined ? [] : fromDotted(field), message, code);
}

function codeText(code: string): string {
  return Object.hasOwn(CODE_TEXT, code) ? (CODE_TEXT[code] as string) : code;
}
