import {
  bracketPath,
  fromDotted,
  isObject,
  type JsonObject,
  parsedError,
  rendered,
  str,
  visible,
} from './shared.js';
import type { Format } from './types.js';

const TYPES = new Set([
  'api_error',
  'card_error',
  'idempotency_error',
  'invalid_request_error',
  'rate_limit_error',
  'authentication_error',
]);

/** The error `type` Stripe would use for a status. */
function stripeType(status: number, code: string): string {
  if (status >= 500) return 'api_error';
  if (code.includes('idempotency')) return 'idempotency_error';
  return 'invalid_request_error';
}

/**
 * Stripe's shape: `{ "error": { type, code, message, param, doc_url } }`; `param` names the
 * first invalid parameter in bracket notation (`items[0][qty]`).
 */
export const stripeFormat: Format = {
  name: 'stripe',
  contentType: 'application/json',
  drops: [
    'details',
    'every violation but the first (only one `param` is named)',
    "violation messages and codes (the error's message and code stand for the named param)",
    'title and problem type URI',
    'request id in the body (the header has it)',
  ],
  render(error, context) {
    const { message, fields } = visible(error);
    const inner: JsonObject = {
      type: stripeType(error.status, error.code),
      code: error.code,
      message,
    };
    const first = fields?.[0];
    if (first !== undefined && first.path.length > 0) inner.param = bracketPath(first.path);
    if (error.docUrl !== undefined) inner.doc_url = error.docUrl;
    return rendered(error, context, 'application/json', { error: inner });
  },
  parse(input) {
    const body = input.json;
    if (!isObject(body) || !isObject(body.error)) return undefined;
    const e = body.error;
    const type = str(e.type);
    if (type === undefined || (!TYPES.has(type) && !('param' in e) && !('doc_url' in e)))
      return undefined;
    const message = str(e.message);
    const param = str(e.param);
    const details: JsonObject = {};
    for (const key of [
      'decline_code',
      'charge',
      'payment_intent',
      'setup_intent',
      'request_log_url',
    ]) {
      if (e[key] !== undefined) details[key] = e[key];
    }
    details.type = type;
    return parsedError(input, 'stripe', {
      code: str(e.code) ?? type,
      message,
      details,
      fields:
        param !== undefined
          ? [{ path: fromDotted(param), message: message ?? 'invalid' }]
          : undefined,
      docUrl: str(e.doc_url),
    });
  },
};
