import type { ApiError } from '../api-error.js';
import { stripeGuide } from './guides.js';
import { builtinFormat, type Given, type MemberRule, resolveMembers } from './members.js';
import type { StripeOptions } from './options.js';
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
import type { Format, RenderContext, ShapeInput } from './types.js';

/** The `stripe` format, configurable with `.with(options)`. */
export type StripeFormat = Format & {
  readonly options: Readonly<StripeOptions>;
  /**
   * The same format with options (merged over this one's).
   * @example formats.stripe.with({ members: { doc_url: false } })
   */
  with(options: StripeOptions): StripeFormat;
};

type Names = Record<'param' | 'doc_url', string | false>;

const RULES: Record<keyof Names, MemberRule> = {
  param: { name: 'param', level: 'error', rename: true, omit: true },
  doc_url: { name: 'doc_url', level: 'error', rename: true, omit: true },
};
const FIXED = { error: ['type', 'code', 'message'] };

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

/** Runs on every stripe-format response: names were resolved at `.with()`. */
function render(n: Names, error: ApiError, context: RenderContext | undefined) {
  const { message, fields } = visible(error);
  const inner: JsonObject = {
    type: stripeType(error.status, error.code),
    code: error.code,
    message,
  };
  const first = fields?.[0];
  if (first !== undefined && first.path.length > 0 && n.param !== false)
    inner[n.param] = bracketPath(first.path);
  if (error.docUrl !== undefined && n.doc_url !== false) inner[n.doc_url] = error.docUrl;
  return rendered(error, context, 'application/json', { error: inner });
}

function parse(n: Names, input: ShapeInput): ApiError | undefined {
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
    docUrl: n.doc_url === false ? undefined : str(e[n.doc_url]),
  });
}

function configure(given: Given): StripeFormat {
  const n = resolveMembers('stripe', RULES, FIXED, given.members, {});
  const drops = [
    'details',
    'every violation but the first (only one `param` is named)',
    "violation messages and codes (the error's message and code stand for the named param)",
    'title and problem type URI',
    'request id in the body (the header has it)',
  ];
  if (n.param === false)
    drops[1] = 'every violation (left out by the options: only `message` is sent)';
  if (n.doc_url === false) drops.push('documentation link (left out by the options)');
  return builtinFormat<typeof n, StripeFormat>(
    given,
    n,
    {
      name: 'stripe',
      contentType: 'application/json',
      keys: ['members'],
      guide: stripeGuide(n),
      drops,
      render,
      parse,
    },
    configure,
  );
}

/**
 * Stripe's shape: `{ "error": { type, code, message, param, doc_url } }`; `param` names the
 * first invalid parameter in bracket notation (`items[0][qty]`).
 * @example stripeFormat.with({ members: { doc_url: false } })
 */
export const stripeFormat: StripeFormat = configure({});
