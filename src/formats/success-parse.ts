import type { ApiError } from '../api-error.js';
import { fromDotted, isObject, num, parsedError, str } from './shared.js';
import type { ShapeInput } from './types.js';

/**
 * The `success` format's member names, resolved from its options (`false`: left out).
 * @example const names: SuccessNames = SUCCESS_DEFAULTS;
 */
export type SuccessNames = Record<
  'requestId' | 'timestamp' | 'field' | 'retryAfter',
  string | false
> & {
  precision: 'milliseconds' | 'seconds' | false;
};

/**
 * The names of the `success` format without options: what `formats.success` reads.
 * @example parseSuccess(SUCCESS_DEFAULTS, input)
 */
export const SUCCESS_DEFAULTS: Readonly<SuccessNames> = {
  requestId: 'requestId',
  timestamp: 'timestamp',
  field: 'field',
  retryAfter: 'retryAfter',
  precision: 'milliseconds',
};

/**
 * Parse a body of the `success` format, reading each member under its configured name; `undefined`
 * when the body is not of this shape. Imports nothing of the render side, so parsers stay small.
 * @example parseSuccess(SUCCESS_DEFAULTS, input)
 */
export function parseSuccess(n: SuccessNames, input: ShapeInput): ApiError | undefined {
  const body = input.json;
  if (!isObject(body) || body.success !== false) return undefined;
  const e = isObject(body.error) ? body.error : {};
  const meta = isObject(body.meta) ? body.meta : {};
  const message = str(e.message) ?? str(body.error) ?? str(body.message);
  const field = n.field === false ? undefined : str(e[n.field]);
  return parsedError(input, 'success', {
    code: str(e.code),
    message,
    fields:
      field !== undefined && message !== undefined
        ? [{ path: fromDotted(field), message }]
        : undefined,
    requestId: (n.requestId === false ? undefined : str(meta[n.requestId])) ?? str(meta.request_id),
    retryAfter: n.retryAfter === false ? undefined : num(e[n.retryAfter]),
  });
}
