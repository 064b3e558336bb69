import { envelopeFormat } from './envelope.js';
import { googleFormat } from './google.js';
import { jsonapiFormat } from './jsonapi.js';
import { laravelFormat } from './laravel.js';
import { messageFormat } from './message.js';
import { problemFormat } from './problem.js';
import { stripeFormat } from './stripe.js';
import { successFormat } from './success.js';
import type { Format, FormatName } from './types.js';

/**
 * Every wire format errata renders and parses, by name.
 * @example formats.problem.render(error, { requestId: 'req_1' })
 */
export const formats: Readonly<Record<FormatName, Format>> = Object.freeze({
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
export const FORMAT_NAMES = Object.keys(formats) as FormatName[];

/** Whether a string names a format. */
export function isFormatName(name: unknown): name is FormatName {
  return typeof name === 'string' && Object.hasOwn(formats, name);
}

/**
 * The format object for a name or format; throws a TypeError naming the valid ones otherwise.
 * @example getFormat('envelope').contentType // 'application/json'
 */
export function getFormat(format: FormatName | Format): Format {
  if (typeof format === 'object') return format;
  if (isFormatName(format)) return formats[format];
  throw new TypeError(
    `errata: unknown wire format ${JSON.stringify(format)}; expected one of ${FORMAT_NAMES.join(', ')}.`,
  );
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
  if (typeof accept === 'string' && app.name !== 'problem' && wantsProblem(accept)) {
    return formats.problem;
  }
  return app;
}

/** True when `application/problem+json` has a positive q at least that of the app's JSON type. */
function wantsProblem(accept: string): boolean {
  if (accept.length > 2048 || !accept.includes('problem+json')) return false;
  let problemQ = -1;
  let jsonQ = -1;
  for (const part of accept.split(',')) {
    const [rawType = '', ...params] = part.split(';');
    const type = rawType.trim().toLowerCase();
    let q = 1;
    for (const param of params) {
      const [k, v] = param.split('=');
      if (k?.trim().toLowerCase() === 'q' && v !== undefined) {
        const parsed = Number(v.trim());
        q = Number.isFinite(parsed) ? parsed : 0;
      }
    }
    if (type === 'application/problem+json') problemQ = Math.max(problemQ, q);
    else if (type === 'application/json') jsonQ = Math.max(jsonQ, q);
  }
  return problemQ > 0 && problemQ >= jsonQ;
}

export type {
  Format,
  FormatName,
  HeadersLike,
  ParseInput,
  RenderContext,
  RenderedError,
  ShapeInput,
} from './types.js';
