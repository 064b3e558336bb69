import type { ApiError } from '../api-error.js';
import { envelopeFormat } from '../formats/envelope.js';
import { googleFormat } from '../formats/google.js';
import { jsonapiFormat } from '../formats/jsonapi.js';
import { laravelFormat } from '../formats/laravel.js';
import { messageFormat } from '../formats/message.js';
import { problemFormat } from '../formats/problem.js';
import { parsedError } from '../formats/shared.js';
import { stripeFormat } from '../formats/stripe.js';
import { successFormat } from '../formats/success.js';
import type { ShapeInput } from '../formats/types.js';

type ShapeParser = (input: ShapeInput) => ApiError | undefined;

/**
 * JSON shape parsers, most specific first. Order matters: e.g. Spring Boot's `{ error: "Not
 * Found", status, path }` must be seen before OAuth's `{ error: "invalid_grant" }`, and the
 * bare `{ message }` shape comes last.
 */
export const JSON_SHAPES: readonly ShapeParser[] = [
  problemFormat.parse,
  googleFormat.parse,
  successFormat.parse,
  stripeFormat.parse,
  envelopeFormat.parse,
  jsonapiFormat.parse,
  laravelFormat.parse,
  messageFormat.parse,
];

/** Parsers for bodies that are not JSON objects (HTML pages, plain text). */
export const TEXT_SHAPES: readonly ShapeParser[] = [];

/** When nothing matched: the status, its phrase, and the request id from the headers. */
export function fallbackError(input: ShapeInput): ApiError {
  return parsedError(input, input.text === '' ? 'empty' : 'unknown', {});
}
