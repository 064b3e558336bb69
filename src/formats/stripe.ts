import type { ApiError } from '../api-error.js';
import { markDefault } from './builtin-names.js';
import { stripeGuide } from './guides.js';
import { builtinFormat, type Given, type MemberRule, resolveMembers } from './members.js';
import type { StripeOptions } from './options.js';
import { bracketPath, type JsonObject, rendered, visible } from './shared.js';
import { type StripeNames as Names, parseStripe } from './stripe-parse.js';
import type { Format, RenderContext } from './types.js';

/** The `stripe` format, configurable with `.with(options)`. */
export type StripeFormat = Format & {
  readonly options: Readonly<StripeOptions>;
  /**
   * The same format with options (merged over this one's).
   * @example formats.stripe.with({ members: { doc_url: false } })
   */
  with(options: StripeOptions): StripeFormat;
};

const RULES: Record<keyof Names, MemberRule> = {
  param: { name: 'param', level: 'error', rename: true, omit: true },
  doc_url: { name: 'doc_url', level: 'error', rename: true, omit: true },
};
const FIXED = { error: ['type', 'code', 'message'] };

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
      parse: parseStripe,
    },
    configure,
  );
}

/**
 * Stripe's shape: `{ "error": { type, code, message, param, doc_url } }`; `param` names the
 * first invalid parameter in bracket notation (`items[0][qty]`).
 * @example stripeFormat.with({ members: { doc_url: false } })
 */
export const stripeFormat: StripeFormat = /* @__PURE__ */ markDefault(
  /* @__PURE__ */ configure({}),
);
