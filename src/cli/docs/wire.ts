import type { FormatName } from '../../formats/types.js';

/** Where a client finds each part of an error in one wire format (inline markup). */
export type WireGuide = {
  /** One sentence naming the format. */
  summary: string;
  /** The member holding the stable code, or how to branch without one. */
  code: string;
  /** The member holding the human-readable message. */
  message: string;
  /** Where field-level violations go. */
  fields: string;
  /** Where a code's structured details go. */
  details: string;
  /** Where the request id is, besides the `X-Request-ID` header. */
  requestId: string;
  /** Whether the body names the code (otherwise clients branch on the status). */
  carriesCode: boolean;
};

/**
 * How each wire format lays an error out, written for the API's clients (docs/formats.md is the
 * same knowledge written for the API's authors).
 * @example WIRE_GUIDES.problem.code // '`code` (…)'
 */
export const WIRE_GUIDES: Readonly<Record<FormatName, WireGuide>> = {
  problem: {
    summary: 'RFC 9457 problem details',
    code: '`code`; with a problem type, also the last segment of the `type` URI',
    message: '`detail` (`title` is the same for every occurrence of a code)',
    fields: '`errors`: one `{ "detail", "pointer", "code" }` per field, `pointer` a JSON Pointer',
    details: 'extra top-level members of the body',
    requestId: '`request_id`',
    carriesCode: true,
  },
  envelope: {
    summary: 'a JSON object with one `error` member',
    code: '`error.code`',
    message: '`error.message`',
    fields:
      '`error.details.fields`: one `{ "field", "message", "code" }` per field, `field` a dotted path',
    details: '`error.details`',
    requestId: '`error.request_id`',
    carriesCode: true,
  },
  message: {
    summary: 'a JSON object with a single `message`',
    code: 'not in the body: branch on the HTTP status',
    message: '`message`',
    fields: 'folded into `message` as `field: problem; …`',
    details: 'not sent',
    requestId: 'only the `X-Request-ID` header',
    carriesCode: false,
  },
  success: {
    summary: 'a JSON object with `success: false`, an `error` and a `meta` member',
    code: '`error.code`',
    message: '`error.message`',
    fields: 'the first invalid field only, as `error.field` (a dotted path) with its message',
    details: 'not sent; a 429 adds `error.retryAfter` (seconds)',
    requestId: '`meta.requestId`, next to `meta.timestamp`',
    carriesCode: true,
  },
  laravel: {
    summary: 'a JSON object with a `message` and, for invalid fields, an `errors` map',
    code: 'not in the body: branch on the HTTP status',
    message: '`message`',
    fields: '`errors`: each dotted field path maps to a list of messages',
    details: 'not sent',
    requestId: 'only the `X-Request-ID` header',
    carriesCode: false,
  },
  google: {
    summary: 'the AIP-193 error model of Google APIs',
    code: '`reason` of the `ErrorInfo` entry in `error.details`, in UPPER_SNAKE case; `error.code` is the HTTP status and `error.status` its canonical name',
    message: '`error.message`',
    fields: '`fieldViolations` of the `BadRequest` entry in `error.details`',
    details: '`metadata` of the `ErrorInfo` entry, every value a string',
    requestId: '`requestId` of the `RequestInfo` entry',
    carriesCode: true,
  },
  jsonapi: {
    summary: 'JSON:API error objects',
    code: '`code` of each object in `errors`',
    message: '`detail` of each object (`title` is the same for every occurrence of a code)',
    fields: 'one object per field, with `source.pointer` a JSON Pointer',
    details: '`meta` of each object',
    requestId: '`meta.request_id` of the document',
    carriesCode: true,
  },
  stripe: {
    summary: 'the error object of Stripe-style APIs',
    code: '`error.code`; `error.type` groups codes (`invalid_request_error`, `api_error`, …)',
    message: '`error.message`',
    fields: 'the first invalid parameter only, as `error.param` in bracket notation',
    details: 'not sent',
    requestId: 'only the `X-Request-ID` header',
    carriesCode: true,
  },
};
