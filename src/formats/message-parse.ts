import type { ApiError } from '../api-error.js';
import { isObject, parsedError, str } from './shared.js';
import type { ShapeInput } from './types.js';

/**
 * The `message` format's member names, resolved from its options (`false`: left out).
 * @example const names: MessageNames = MESSAGE_DEFAULTS;
 */
export type MessageNames = { message: string };

/**
 * The names of the `message` format without options: what `formats.message` reads.
 * @example parseMessage(MESSAGE_DEFAULTS, input)
 */
export const MESSAGE_DEFAULTS: Readonly<MessageNames> = { message: 'message' };

/**
 * Parse a body of the `message` format, reading each member under its configured name; `undefined`
 * when the body is not of this shape. Imports nothing of the render side, so parsers stay small.
 * @example parseMessage(MESSAGE_DEFAULTS, input)
 */
export function parseMessage(n: MessageNames, input: ShapeInput): ApiError | undefined {
  const body = input.json;
  if (!isObject(body)) return undefined;
  const message = str(body[n.message]);
  if (message === undefined) return undefined;
  return parsedError(input, 'message', { message, code: str(body.code) });
}
