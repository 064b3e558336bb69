import { isFormatName, unknownFormat } from './builtin-names.js';
import { type EnvelopeFormat, envelopeFormat } from './envelope.js';
import { type GoogleFormat, googleFormat } from './google.js';
import { type JsonapiFormat, jsonapiFormat } from './jsonapi.js';
import { type LaravelFormat, laravelFormat } from './laravel.js';
import { type MessageFormat, messageFormat } from './message.js';
import { type ProblemFormat, problemFormat } from './problem.js';
import { type StripeFormat, stripeFormat } from './stripe.js';
import { type SuccessFormat, successFormat } from './success.js';
import type { Format, FormatName } from './types.js';

/**
 * The built-in formats by name, each with its own typed `.with(options)`.
 * @example const problem: BuiltinFormats['problem'] = formats.problem.with({ type: 'code' });
 */
export type BuiltinFormats = {
  readonly problem: ProblemFormat;
  readonly envelope: EnvelopeFormat;
  readonly message: MessageFormat;
  readonly success: SuccessFormat;
  readonly laravel: LaravelFormat;
  readonly google: GoogleFormat;
  readonly jsonapi: JsonapiFormat;
  readonly stripe: StripeFormat;
};

/**
 * Every wire format errata renders and parses, by name; `.with(options)` configures one.
 * @example formats.problem.render(error, { requestId: 'req_1' })
 * @example formats.envelope.with({ members: { request_id: 'requestId' } })
 */
export const formats: BuiltinFormats = /* @__PURE__ */ Object.freeze({
  problem: problemFormat,
  envelope: envelopeFormat,
  message: messageFormat,
  success: successFormat,
  laravel: laravelFormat,
  google: googleFormat,
  jsonapi: jsonapiFormat,
  stripe: stripeFormat,
});

/** Every format name, in a stable order. */
export const FORMAT_NAMES = /* @__PURE__ */ Object.keys(formats) as FormatName[];

/**
 * The format object for a name or format; throws a TypeError naming the valid ones otherwise.
 * @example getFormat('envelope').contentType // 'application/json'
 */
export function getFormat(format: FormatName | Format): Format {
  if (typeof format === 'object') return format;
  if (isFormatName(format)) return formats[format];
  return unknownFormat(format);
}

/** Where a request's format may come from, strongest first. */
export type NegotiateOptions = {
  /** A format pinned by the route: always wins. */
  route?: FormatName | Format | undefined;
  /** The app's format. @default 'problem' */
  app?: FormatName | Format | undefined;
  /** The request's `Accept` header. */
  accept?: string | readonly string[] | undefined;
};

/**
 * Pick the format of an error response: the route's pin, else `problem` when the client accepts
 * `application/problem+json` (and prefers it to plain JSON), else the app's.
 * @example negotiateFormat({ app: 'envelope', accept: 'application/problem+json' }).name // 'problem'
 */
export function negotiateFormat(options: NegotiateOptions): Format {
  if (options.route !== undefined) return getFormat(options.route);
  const app = getFormat(options.app ?? 'problem');
  const accept = Array.isArray(options.accept) ? options.accept.join(',') : options.accept;
  if (typeof accept === 'string' && app.name !== 'problem' && wantsProblem(accept, app)) {
    return formats.problem;
  }
  return app;
}

/**
 * True when `application/problem+json` has a positive q at least that of the app's media type
 * (its own content type, or `application/json`).
 */
function wantsProblem(accept: string, app: Format): boolean {
  if (accept.length > 2048) return false;
  const lower = accept.toLowerCase();
  if (!lower.includes('problem+json')) return false;
  let problemQ = -1;
  let jsonQ = -1;
  for (const part of lower.split(',')) {
    const [rawType = '', ...params] = part.split(';');
    const type = rawType.trim();
    let q = 1;
    for (const param of params) {
      const [k, v] = param.split('=');
      if (k?.trim() === 'q' && v !== undefined) {
        // RFC 9110 §12.4.2: a qvalue is 0..1 with at most three decimals; anything else counts as 0.
        const text = v.trim();
        q = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(text) ? Number(text) : 0;
      }
    }
    if (type === 'application/problem+json') problemQ = Math.max(problemQ, q);
    // Wildcards admit the app's own type too: `problem+json;q=0.5, */*` prefers the app's.
    else if (
      type === 'application/json' ||
      type === app.contentType ||
      type === '*/*' ||
      type === 'application/*'
    ) {
      jsonQ = Math.max(jsonQ, q);
    }
  }
  return problemQ > 0 && problemQ >= jsonQ;
}

export { isFormatName } from './builtin-names.js';
export { defineFormat, type FormatDefinition } from './define.js';
export type { EnvelopeFormat } from './envelope.js';
export type { GoogleFormat } from './google.js';
export type { JsonapiFormat } from './jsonapi.js';
export type { LaravelFormat } from './laravel.js';
export { memberNames } from './members.js';
export type { MessageFormat } from './message.js';
export type {
  EnvelopeOptions,
  GoogleOptions,
  JsonapiOptions,
  LaravelOptions,
  MemberOption,
  MessageOptions,
  ProblemOptions,
  StripeOptions,
  SuccessOptions,
} from './options.js';
export type { ProblemFormat } from './problem.js';
export type { StripeFormat } from './stripe.js';
export type { SuccessFormat } from './success.js';
export type {
  Format,
  FormatName,
  HeadersLike,
  JsonSchemaObject,
  ParseInput,
  RenderContext,
  RenderedError,
  SchemaEntry,
  ShapeInput,
  WireGuide,
} from './types.js';
