import type { ApiError } from '../api-error.js';
import { ENVELOPE_DEFAULTS, parseEnvelope } from '../formats/envelope-parse.js';
import { parseGoogle } from '../formats/google-parse.js';
import { JSONAPI_DEFAULTS, parseJsonapi } from '../formats/jsonapi-parse.js';
import { LARAVEL_DEFAULTS, parseLaravel } from '../formats/laravel-parse.js';
import { MESSAGE_DEFAULTS, parseMessage } from '../formats/message-parse.js';
import { PROBLEM_DEFAULTS, parseProblem } from '../formats/problem-parse.js';
import { parsedError } from '../formats/shared.js';
import { parseStripe, STRIPE_DEFAULTS } from '../formats/stripe-parse.js';
import { parseSuccess, SUCCESS_DEFAULTS } from '../formats/success-parse.js';
import type { ShapeInput } from '../formats/types.js';
import { parseAspnet } from './aspnet.js';
import { parseAws } from './aws.js';
import { parseAwsXml } from './aws-xml.js';
import { parseAzure } from './azure.js';
import { parseBearerChallenge } from './bearer-challenge.js';
import { parseBoom } from './boom.js';
import { parseDrf } from './drf.js';
import { parseEmpty } from './empty.js';
import { parseErrorString } from './error-string.js';
import { parseFastapi } from './fastapi.js';
import { parseGithub } from './github.js';
import { parseGraphql } from './graphql.js';
import { parseHtml } from './html.js';
import { parseJsonrpc } from './jsonrpc.js';
import { parseOauth2 } from './oauth2.js';
import { parseRails } from './rails.js';
import { parseSpring } from './spring.js';
import { parseText } from './text.js';
import type { ShapeParser } from './util.js';

export type { ShapeParser } from './util.js';

// errata's eight formats with their default member names (what `formats.<name>` reads), from
// their parse-only modules: a parser bundle carries no renderer, option checks or guides.
const problem: ShapeParser = (input) => parseProblem(PROBLEM_DEFAULTS, input);
const success: ShapeParser = (input) => parseSuccess(SUCCESS_DEFAULTS, input);
const stripe: ShapeParser = (input) => parseStripe(STRIPE_DEFAULTS, input);
const envelope: ShapeParser = (input) => parseEnvelope(ENVELOPE_DEFAULTS, input);
const jsonapi: ShapeParser = (input) => parseJsonapi(JSONAPI_DEFAULTS, input);
const laravel: ShapeParser = (input) => parseLaravel(LARAVEL_DEFAULTS, input);
const message: ShapeParser = (input) => parseMessage(MESSAGE_DEFAULTS, input);

/**
 * errata's own eight formats, in the order JSON_SHAPES tries them: all a client that talks only to
 * errata APIs needs (`errata/client/lite`).
 * @example for (const parse of ERRATA_SHAPES) { const error = parse(shape); if (error) return error; }
 */
export const ERRATA_SHAPES: readonly ShapeParser[] = [
  problem,
  parseGoogle,
  success,
  stripe,
  envelope,
  jsonapi,
  laravel,
  message,
];

/**
 * JSON shape parsers, most specific first; the first that claims a body wins. Why each sits
 * where it does:
 * - `aspnet` before `problem`: the same RFC 9457 body, but `problem` would take a code from
 *   ASP.NET's RFC-section `type` link; `aspnet` steps aside when errata's `code` is present.
 * - errata's own formats next, in their original order, so errata bodies always parse as
 *   themselves (round trips stay exact).
 * - `jsonrpc` and `azure` before `envelope`: all three are `{ error: { …, message } }`; the two
 *   claim only bodies with members the envelope never renders (`jsonrpc`, a numeric code,
 *   `target`, `innererror`, a `details` list of `{ code, message }` objects).
 * - `github` before `jsonapi` and `graphql` (its `errors` items may carry `message`) and before
 *   `message` (it has a top-level `message`).
 * - `graphql` after `jsonapi`, which refuses `errors` items that have a `message` and no
 *   `detail`/`title`.
 * - `rails` before `laravel`: `{ errors: {…} }` without the `message` Laravel always sends.
 * - `spring`, then `boom`, then `oauth2`, then the generic `error`: all four have a string
 *   `error`; Spring's and Boom's are reason phrases next to a status, OAuth's is a registered
 *   code or comes with `error_description`, anything else is the generic shape.
 * - `aws` and `fastapi` before `message`, which would claim `{ __type, message }` as a bare
 *   message; `fastapi` after `problem`, which owns `{ detail, status }`.
 * - `drf` last: a body that is nothing but a map of string lists.
 */
export const JSON_SHAPES: readonly ShapeParser[] = [
  parseAspnet,
  problem,
  parseGoogle,
  success,
  stripe,
  parseJsonrpc,
  parseAzure,
  envelope,
  parseGithub,
  jsonapi,
  parseGraphql,
  parseRails,
  laravel,
  parseSpring,
  parseBoom,
  parseOauth2,
  parseAws,
  parseFastapi,
  parseErrorString,
  message,
  parseDrf,
];

// Top-level members a shape cannot do without, as bits: `JSON_SHAPE_NEEDS[i]` lists those of
// which JSON_SHAPES[i] needs at least one, so a body skips every parser that could not claim it
// (a `{ message }` body passes 18 parsers that each look it over before `message` takes it).
const TITLE = 1;
const TYPE = 2;
const DETAIL = 4;
const ERROR = 8;
const SUCCESS = 16;
const MESSAGE = 32;
const ERRORS = 64;
const STATUS_CODE = 128;
/** A `problem+json` content type: `problem` claims such a body whatever its members. */
const PROBLEM_TYPE = 256;
/** Set for every body: the parsers that need no particular member. */
const ANY = 512;
const EVERY = 1023;

/**
 * For each of JSON_SHAPES, in its order, the members (bits) of which a body needs one for that
 * parser to claim it, read from the parser's own first checks. Arrays need nothing (`google` and
 * `jsonrpc` take bare arrays).
 */
export const JSON_SHAPE_NEEDS: readonly number[] = [
  TITLE | TYPE, // aspnet: a title or a type
  PROBLEM_TYPE | TITLE | TYPE | DETAIL, // problem
  ERROR, // google
  SUCCESS, // success: `success: false`
  ERROR, // stripe
  ERROR, // jsonrpc
  ERROR, // azure
  ERROR, // envelope
  MESSAGE, // github
  ERRORS, // jsonapi
  ERRORS, // graphql
  ERRORS, // rails
  ERRORS, // laravel
  ERROR, // spring
  STATUS_CODE, // boom
  ERROR, // oauth2
  ANY, // aws: `__type`, `Code` or the x-amzn-errortype header
  DETAIL, // fastapi
  ERROR, // error string
  MESSAGE, // message
  ANY, // drf
];

/**
 * The bits of JSON_SHAPE_NEEDS a parsed body has: one pass over its top-level names (for…in
 * sees what `in` and member reads see, inherited enumerable members included).
 * @example bodyMembers({ json: { message: 'x' }, contentType: 'application/json' }) & 32 // 32
 */
export function bodyMembers(input: Pick<ShapeInput, 'json' | 'contentType'>): number {
  const body = input.json;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return EVERY;
  let bits = input.contentType.endsWith('problem+json') ? ANY | PROBLEM_TYPE : ANY;
  for (const key in body) bits |= memberBit(key);
  return bits;
}

/** A member's bit: a switch, not a scan of a list with indexOf (its call and compares per key). */
function memberBit(key: string): number {
  switch (key) {
    case 'title':
      return TITLE;
    case 'type':
      return TYPE;
    case 'detail':
      return DETAIL;
    case 'error':
      return ERROR;
    case 'success':
      return SUCCESS;
    case 'message':
      return MESSAGE;
    case 'errors':
      return ERRORS;
    case 'statusCode':
      return STATUS_CODE;
    default:
      return 0;
  }
}

/**
 * Parsers for bodies no JSON shape claimed. A Bearer challenge header first (its error code says
 * more than any proxy page), then AWS XML, HTML pages, plain text, and empty bodies.
 */
export const TEXT_SHAPES: readonly ShapeParser[] = [
  parseBearerChallenge,
  parseAwsXml,
  parseHtml,
  parseText,
  parseEmpty,
];

/** When nothing matched: the status, its phrase, and the request id from the headers. */
export function fallbackError(input: ShapeInput): ApiError {
  return parsedError(input, input.text === '' ? 'empty' : 'unknown', {});
}
