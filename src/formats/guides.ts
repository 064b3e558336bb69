// Where each built-in format puts the parts of an error, for the reference page (docs/formats.md
// says the same for the API's authors). A format's `guide` is built here from its resolved member
// names, so a configured format names its renamed members and says what it leaves out.
import type { FormatName, WireGuide } from './types.js';

type Name = string | false;

const HEADER_ONLY = 'only the `X-Request-ID` header';
const BY_STATUS = 'not in the body: branch on the HTTP status';

/** A member in backticks, with its parent path (`error.code`). */
function m(name: string, parent = ''): string {
  return `\`${parent}${name}\``;
}

/** Where the Retry-After seconds go in the body, appended to the details text. */
function retryText(name: Name, where: string): string {
  return name === false ? '' : `; a ${where} adds \`${name}\` (seconds)`;
}

/** The problem format's guide. */
export function problemGuide(n: {
  code: Name;
  request_id: Name;
  errors: Name;
  details: Name;
  retry_after: Name;
  type: 'uri' | 'about:blank' | 'code';
}): WireGuide {
  const typeCode =
    n.type === 'code'
      ? '`type`, which is the code itself'
      : n.type === 'uri'
        ? 'the last segment of the `type` URI when there is a problem type'
        : '`type` when the code has a problem type of its own';
  let code: string;
  if (n.code === false)
    code = n.type === 'code' ? typeCode : `${typeCode}; otherwise the HTTP status`;
  else if (n.type === 'code') code = `${m(n.code)}; also ${typeCode}`;
  else code = `${m(n.code)}; with a problem type, also the last segment of the \`type\` URI`;
  return {
    summary: 'RFC 9457 problem details',
    code,
    message: '`detail` (`title` is the same for every occurrence of a code)',
    fields:
      n.errors === false
        ? 'not sent: `detail` says what is wrong'
        : `${m(n.errors)}: one \`{ "detail", "pointer", "code" }\` per field, \`pointer\` a JSON Pointer`,
    details:
      n.details === false
        ? `not sent${retryText(n.retry_after, '429 or 503')}`
        : `extra top-level members of the body${retryText(n.retry_after, '429 or 503')}`,
    requestId: n.request_id === false ? HEADER_ONLY : m(n.request_id),
    carriesCode: n.code !== false || n.type === 'code',
  };
}

/** The envelope format's guide. */
export function envelopeGuide(n: {
  code: Name;
  details: Name;
  fields: Name;
  request_id: Name;
  retry_after: Name;
}): WireGuide {
  const extra = retryText(n.retry_after === false ? false : `error.${n.retry_after}`, '429 or 503');
  return {
    summary: 'a JSON object with one `error` member',
    code: n.code === false ? BY_STATUS : m(n.code, 'error.'),
    message: '`error.message`',
    fields:
      n.details === false || n.fields === false
        ? 'not sent'
        : `${m(n.fields, `error.${n.details}.`)}: one \`{ "field", "message", "code" }\` per field, \`field\` a dotted path`,
    details: n.details === false ? `not sent${extra}` : `${m(n.details, 'error.')}${extra}`,
    requestId: n.request_id === false ? HEADER_ONLY : m(n.request_id, 'error.'),
    carriesCode: n.code !== false,
  };
}

/** The message format's guide. */
export function messageGuide(n: { message: string }): WireGuide {
  return {
    summary: `a JSON object with a single ${m(n.message)}`,
    code: BY_STATUS,
    message: m(n.message),
    fields: `folded into ${m(n.message)} as \`field: problem; …\``,
    details: 'not sent',
    requestId: HEADER_ONLY,
    carriesCode: false,
  };
}

/** The success format's guide. */
export function successGuide(n: {
  requestId: Name;
  timestamp: Name;
  field: Name;
  retryAfter: Name;
  precision: 'milliseconds' | 'seconds' | false;
}): WireGuide {
  const stamp = n.timestamp === false || n.precision === false ? false : n.timestamp;
  const stampText =
    stamp === false
      ? ''
      : `${m(stamp, 'meta.')}${n.precision === 'seconds' ? ' (whole seconds)' : ''}`;
  let requestId: string;
  if (n.requestId === false) requestId = HEADER_ONLY;
  else requestId = `${m(n.requestId, 'meta.')}${stamp === false ? '' : `, next to ${stampText}`}`;
  return {
    summary:
      stamp !== false
        ? 'a JSON object with `success: false`, an `error` and a `meta` member'
        : n.requestId === false
          ? 'a JSON object with `success: false` and an `error` member'
          : 'a JSON object with `success: false`, an `error` and, with a request id, a `meta` member',
    code: '`error.code`',
    message: '`error.message`',
    fields:
      n.field === false
        ? "the first invalid field's message only, as `error.message`"
        : `the first invalid field only, as ${m(n.field, 'error.')} (a dotted path) with its message`,
    details:
      n.retryAfter === false
        ? 'not sent'
        : `not sent; a 429 adds ${m(n.retryAfter, 'error.')} (seconds)`,
    requestId,
    carriesCode: true,
  };
}

/** The laravel format's guide. */
export function laravelGuide(n: { message: string; errors: string }): WireGuide {
  return {
    summary: `a JSON object with a ${m(n.message)} and, for invalid fields, an ${m(n.errors)} map`,
    code: BY_STATUS,
    message: m(n.message),
    fields: `${m(n.errors)}: each dotted field path maps to a list of messages`,
    details: 'not sent',
    requestId: HEADER_ONLY,
    carriesCode: false,
  };
}

/** The google format's guide. */
export function googleGuide(n: { RequestInfo: Name }): WireGuide {
  return {
    summary: 'the AIP-193 error model of Google APIs',
    code: '`reason` of the `ErrorInfo` entry in `error.details`, in UPPER_SNAKE case; `error.code` is the HTTP status and `error.status` its canonical name',
    message: '`error.message`',
    fields: '`fieldViolations` of the `BadRequest` entry in `error.details`',
    details: '`metadata` of the `ErrorInfo` entry, every value a string',
    requestId: n.RequestInfo === false ? HEADER_ONLY : '`requestId` of the `RequestInfo` entry',
    carriesCode: true,
  };
}

/** The jsonapi format's guide. */
export function jsonapiGuide(n: { request_id: Name; meta: Name }): WireGuide {
  return {
    summary: 'JSON:API error objects',
    code: '`code` of each object in `errors`',
    message: '`detail` of each object (`title` is the same for every occurrence of a code)',
    fields: 'one object per field, with `source.pointer` a JSON Pointer',
    details: n.meta === false ? 'not sent' : '`meta` of each object',
    requestId: n.request_id === false ? HEADER_ONLY : `${m(n.request_id, 'meta.')} of the document`,
    carriesCode: true,
  };
}

/** The stripe format's guide. */
export function stripeGuide(n: { param: Name }): WireGuide {
  return {
    summary: 'the error object of Stripe-style APIs',
    code: '`error.code`; `error.type` groups codes (`invalid_request_error`, `api_error`, …)',
    message: '`error.message`',
    fields:
      n.param === false
        ? 'not sent: `error.message` says what is wrong'
        : `the first invalid parameter only, as ${m(n.param, 'error.')} in bracket notation`,
    details: 'not sent',
    requestId: HEADER_ONLY,
    carriesCode: true,
  };
}

/**
 * How each wire format lays an error out without options, written for the API's clients
 * (docs/formats.md is the same knowledge written for the API's authors).
 * @example BUILTIN_GUIDES.problem.requestId // '`request_id`'
 */
export const BUILTIN_GUIDES: Readonly<Record<FormatName, WireGuide>> = {
  problem: problemGuide({
    code: 'code',
    request_id: 'request_id',
    errors: 'errors',
    details: 'details',
    retry_after: false,
    type: 'uri',
  }),
  envelope: envelopeGuide({
    code: 'code',
    details: 'details',
    fields: 'fields',
    request_id: 'request_id',
    retry_after: false,
  }),
  message: messageGuide({ message: 'message' }),
  success: successGuide({
    requestId: 'requestId',
    timestamp: 'timestamp',
    field: 'field',
    retryAfter: 'retryAfter',
    precision: 'milliseconds',
  }),
  laravel: laravelGuide({ message: 'message', errors: 'errors' }),
  google: googleGuide({ RequestInfo: 'RequestInfo' }),
  jsonapi: jsonapiGuide({ request_id: 'request_id', meta: 'meta' }),
  stripe: stripeGuide({ param: 'param' }),
};
