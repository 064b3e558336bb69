import type { ApiError } from '../api-error.js';
import { fieldsFromMap, isObject, parsedError, str } from './shared.js';
import type { ShapeInput } from './types.js';

/**
 * The `laravel` format's member names, resolved from its options (`false`: left out).
 * @example const names: LaravelNames = LARAVEL_DEFAULTS;
 */
export type LaravelNames = { message: string; errors: string };

/**
 * The names of the `laravel` format without options: what `formats.laravel` reads.
 * @example parseLaravel(LARAVEL_DEFAULTS, input)
 */
export const LARAVEL_DEFAULTS: Readonly<LaravelNames> = { message: 'message', errors: 'errors' };

/**
 * Parse a body of the `laravel` format, reading each member under its configured name; `undefined`
 * when the body is not of this shape. Imports nothing of the render side, so parsers stay small.
 * @example parseLaravel(LARAVEL_DEFAULTS, input)
 */
export function parseLaravel(n: LaravelNames, input: ShapeInput): ApiError | undefined {
  const body = input.json;
  if (!isObject(body)) return undefined;
  const map = body[n.errors];
  if (!isObject(map)) return undefined;
  const message = str(body[n.message]);
  const fields = fieldsFromMap(map);
  if (message === undefined && fields.length === 0) return undefined;
  return parsedError(input, 'laravel', { message: message ?? fields[0]?.message, fields });
}
