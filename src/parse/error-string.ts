import { isObject, parsedError, str } from '../formats/shared.js';
import { filled, type ShapeParser, statusOf } from './util.js';

/** A code-like string: `not_found`, `rate-limited`, `auth.expired`, `FORBIDDEN`, `forbidden`. */
function codeLike(s: string): boolean {
  return (
    s.length <= 100 &&
    (/^[A-Za-z0-9]+(?:[_.:-][A-Za-z0-9]+)+$/.test(s) ||
      /^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+$/.test(s) ||
      /^[a-z0-9]+$/.test(s) ||
      /^[A-Z0-9]+$/.test(s))
  );
}

/**
 * The generic `{ error: "Something failed" }` many hand-written APIs send (Express apps, Rails'
 * `{ status, error }`), optionally with `message` and `status`. A code-like `error`
 * (`not_found`) becomes the code; a sentence becomes the message. Checked after Spring, Boom and
 * OAuth 2, which are stricter uses of a string `error`.
 */
export const parseErrorString: ShapeParser = (input) => {
  const body = input.json;
  if (!isObject(body) || typeof body.error !== 'string' || body.error.trim() === '')
    return undefined;
  const message =
    filled(body.message) ??
    filled(body.error_description) ??
    filled(body.description) ??
    filled(body.detail);
  const error = body.error.trim();
  const isCode = codeLike(error);
  return parsedError(input, 'error', {
    code: str(body.code) ?? (isCode ? error : undefined),
    message: message ?? (isCode ? '' : error),
    status: statusOf(body.status) ?? statusOf(body.statusCode),
  });
};
