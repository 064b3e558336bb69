import type { ApiError } from '../../src/api-error.js';
import type { ShapeInput } from '../../src/formats/types.js';
import { parseErrorBody } from '../../src/parse/index.js';

/** Parse a JSON body sent with `application/json` (plus any headers). */
export function parseJson(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): ApiError {
  return parseErrorBody({
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** Parse a body given as text, with a content type. */
export function parseText(
  status: number,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
): ApiError {
  return parseErrorBody({
    status,
    headers: contentType === '' ? headers : { 'content-type': contentType, ...headers },
    body,
  });
}

/** A ShapeInput for calling one shape parser directly (as parseErrorBody would build it). */
export function shapeInput(
  status: number,
  json: unknown,
  headers: Record<string, string> = {},
): ShapeInput {
  return {
    status,
    contentType: 'application/json',
    json,
    text: JSON.stringify(json) ?? '',
    headerRequestId: undefined,
    headerRetryAfter: undefined,
    headers,
  };
}
