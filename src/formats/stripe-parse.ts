import type { ApiError } from '../api-error.js';
import { fromDotted, isObject, type JsonObject, parsedError, str } from './shared.js';
import type { ShapeInput } from './types.js';

/**
 * The `stripe` format's member names, resolved from its options (`false`: left out).
 * @example const names: StripeNames = STRIPE_DEFAULTS;
 */
export type StripeNames = Record<'param' | 'doc_url', string | false>;

/**
 * The names of the `stripe` format without options: what `formats.stripe` reads.
 * @example parseStripe(STRIPE_DEFAULTS, input)
 */
export const STRIPE_DEFAULTS: Readonly<StripeNames> = { param: 'param', doc_url: 'doc_url' };

const TYPES = new Set([
  'api_error',
  'card_error',
  'idempotency_error',
  'invalid_request_error',
  'rate_limit_error',
  'authentication_error',
]);

/**
 * Parse a body of the `stripe` format, reading each member under its configured name; `undefined`
 * when the body is not of this shape. Imports nothing of the render side, so parsers stay small.
 * @example parseStripe(STRIPE_DEFAULTS, input)
 */
export function parseStripe(n: StripeNames, input: ShapeInput): ApiError | undefined {
  const body = input.json;
  if (!isObject(body) || !isObject(body.error)) return undefined;
  const e = body.error;
  const type = str(e.type);
  if (
    type === undefined ||
    (!TYPES.has(type) &&
      !(n.param !== false && n.param in e) &&
      !(n.doc_url !== false && n.doc_url in e))
  )
    return undefined;
  const message = str(e.message);
  const param = n.param === false ? undefined : str(e[n.param]);
  const details: JsonObject = {};
  // The members kept as details, read by name: a loop's computed reads cost ~15 ns each.
  if (e.decline_code !== undefined) details.decline_code = e.decline_code;
  if (e.charge !== undefined) details.charge = e.charge;
  if (e.payment_intent !== undefined) details.payment_intent = e.payment_intent;
  if (e.setup_intent !== undefined) details.setup_intent = e.setup_intent;
  if (e.request_log_url !== undefined) details.request_log_url = e.request_log_url;
  details.type = type;
  return parsedError(input, 'stripe', {
    code: str(e.code) ?? type,
    message,
    details,
    fields:
      param !== undefined
        ? [{ path: fromDotted(param), message: message ?? 'invalid' }]
        : undefined,
    docUrl: n.doc_url === false ? undefined : str(e[n.doc_url]),
  });
}
