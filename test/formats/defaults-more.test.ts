import { describe } from 'vitest';
import { defaultsOf, type Expected } from './defaults-cases.js';

const LARAVEL: Expected = {
  cases: {
    '404 with details': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"message":"No secret named \'db\'"}',
      '{"format":"message","status":404,"code":"not_found","title":"Not Found","message":"No secret named \'db\'","requestId":"req_1","retryable":false}',
    ],
    '422 with fields': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"message":"The request has invalid fields.","errors":{"name":["must not be empty"],"items.0.qty":["must be positive"]}}',
      '{"format":"laravel","status":422,"code":"validation_error","title":"Unprocessable Content","message":"The request has invalid fields.","fields":[{"path":["name"],"message":"must not be empty"},{"path":["items",0,"qty"],"message":"must be positive"}],"requestId":"req_1","retryable":false}',
    ],
    '429 with retry-after': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1","retry-after":"42"}',
      '{"message":"Too many requests. Retry later."}',
      '{"format":"message","status":429,"code":"rate_limited","title":"Too Many Requests","message":"Too many requests. Retry later.","requestId":"req_1","retryAfter":42,"retryable":true}',
    ],
    '500 from a thrown error': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"message":"Internal error"}',
      '{"format":"message","status":500,"code":"internal_error","title":"Internal Server Error","requestId":"req_1","retryable":false}',
    ],
    '409 with details, fields, doc url and instance': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"message":"The name is taken","errors":{"name":["taken"]}}',
      '{"format":"laravel","status":409,"code":"conflict","title":"Conflict","message":"The name is taken","fields":[{"path":["name"],"message":"taken"}],"requestId":"req_1","retryable":false}',
    ],
    '503 without a delay, no request id': [
      '{"content-type":"application/json","cache-control":"no-store","retry-after":"1"}',
      '{"message":"Service Unavailable"}',
      '{"format":"message","status":503,"code":"service_unavailable","title":"Service Unavailable","retryAfter":1,"retryable":true}',
    ],
  },
  guide: {
    summary: 'a JSON object with a `message` and, for invalid fields, an `errors` map',
    code: 'not in the body: branch on the HTTP status',
    message: '`message`',
    fields: '`errors`: each dotted field path maps to a list of messages',
    details: 'not sent',
    requestId: 'only the `X-Request-ID` header',
    carriesCode: false,
  },
  drops: [
    'code (clients branch on the status)',
    'details',
    'violation codes',
    'request id in the body (the header has it)',
    'the format itself when there are no violations (the body is a plain `{ message }`, parsed as `message`)',
  ],
};

const GOOGLE: Expected = {
  cases: {
    '404 with details': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"error":{"code":404,"message":"No secret named \'db\'","status":"NOT_FOUND","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"SECRET_NOT_FOUND","domain":"api.example.com","metadata":{"name":"db","version":"3"}},{"@type":"type.googleapis.com/google.rpc.RequestInfo","requestId":"req_1","servingData":""}]}}',
      '{"format":"google","status":404,"code":"SECRET_NOT_FOUND","title":"Not Found","message":"No secret named \'db\'","details":{"name":"db","version":"3"},"requestId":"req_1","retryable":false}',
    ],
    '422 with fields': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"error":{"code":422,"message":"The request has invalid fields.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"VALIDATION_ERROR","domain":"api.example.com","metadata":{}},{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"name","description":"must not be empty"},{"field":"items.0.qty","description":"must be positive","reason":"TOO_SMALL"}]},{"@type":"type.googleapis.com/google.rpc.RequestInfo","requestId":"req_1","servingData":""}]}}',
      '{"format":"google","status":422,"code":"VALIDATION_ERROR","title":"Unprocessable Content","message":"The request has invalid fields.","fields":[{"path":["name"],"message":"must not be empty"},{"path":["items",0,"qty"],"message":"must be positive","code":"TOO_SMALL"}],"requestId":"req_1","retryable":false}',
    ],
    '429 with retry-after': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1","retry-after":"42"}',
      '{"error":{"code":429,"message":"Too many requests. Retry later.","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"RATE_LIMITED","domain":"api.example.com","metadata":{}},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"42s"},{"@type":"type.googleapis.com/google.rpc.RequestInfo","requestId":"req_1","servingData":""}]}}',
      '{"format":"google","status":429,"code":"RATE_LIMITED","title":"Too Many Requests","message":"Too many requests. Retry later.","requestId":"req_1","retryAfter":42,"retryable":true}',
    ],
    '500 from a thrown error': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"error":{"code":500,"message":"Internal error","status":"INTERNAL","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"INTERNAL_ERROR","domain":"api.example.com","metadata":{}},{"@type":"type.googleapis.com/google.rpc.RequestInfo","requestId":"req_1","servingData":""}]}}',
      '{"format":"google","status":500,"code":"INTERNAL_ERROR","title":"Internal Server Error","requestId":"req_1","retryable":false}',
    ],
    '409 with details, fields, doc url and instance': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"error":{"code":409,"message":"The name is taken","status":"ABORTED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"NAME_CONFLICT","domain":"api.example.com","metadata":{"name":"db","owner":"x"}},{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"name","description":"taken","reason":"DUP"}]},{"@type":"type.googleapis.com/google.rpc.RequestInfo","requestId":"req_1","servingData":""},{"@type":"type.googleapis.com/google.rpc.Help","links":[{"description":"Name taken","url":"https://docs.example.com/name_conflict"}]}]}}',
      '{"format":"google","status":409,"code":"NAME_CONFLICT","title":"Conflict","message":"The name is taken","details":{"name":"db","owner":"x"},"fields":[{"path":["name"],"message":"taken","code":"DUP"}],"requestId":"req_1","retryable":false,"docUrl":"https://docs.example.com/name_conflict"}',
    ],
    '503 without a delay, no request id': [
      '{"content-type":"application/json","cache-control":"no-store","retry-after":"1"}',
      '{"error":{"code":503,"message":"Service Unavailable","status":"UNAVAILABLE","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"SERVICE_UNAVAILABLE","domain":"errata","metadata":{}},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"1s"}]}}',
      '{"format":"google","status":503,"code":"SERVICE_UNAVAILABLE","title":"Service Unavailable","retryAfter":1,"retryable":true}',
    ],
  },
  guide: {
    summary: 'the AIP-193 error model of Google APIs',
    code: '`reason` of the `ErrorInfo` entry in `error.details`, in UPPER_SNAKE case; `error.code` is the HTTP status and `error.status` its canonical name',
    message: '`error.message`',
    fields: '`fieldViolations` of the `BadRequest` entry in `error.details`',
    details: '`metadata` of the `ErrorInfo` entry, every value a string',
    requestId: '`requestId` of the `RequestInfo` entry',
    carriesCode: true,
  },
  drops: [
    "the code's original spelling (the ErrorInfo reason is UPPER_SNAKE; catalog.normalize restores it)",
    'violation codes are UPPER_SNAKE too',
    'the title (a Help link carries it as its description only with a docUrl)',
    'details values become strings (ErrorInfo metadata is a map of strings)',
    'nested details (only top-level members go into metadata)',
  ],
};

const JSONAPI: Expected = {
  cases: {
    '404 with details': [
      '{"content-type":"application/vnd.api+json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"errors":[{"status":"404","code":"secret_not_found","title":"Secret not found","detail":"No secret named \'db\'","meta":{"name":"db","version":3}}],"meta":{"request_id":"req_1"}}',
      '{"format":"jsonapi","status":404,"code":"secret_not_found","title":"Secret not found","message":"No secret named \'db\'","details":{"name":"db","version":3},"requestId":"req_1","retryable":false}',
    ],
    '422 with fields': [
      '{"content-type":"application/vnd.api+json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"errors":[{"status":"422","code":"validation_error","title":"Validation failed","detail":"must not be empty","source":{"pointer":"/name"}},{"status":"422","code":"validation_error","title":"Validation failed","detail":"must be positive","source":{"pointer":"/items/0/qty"},"meta":{"violation":"too_small"}}],"meta":{"request_id":"req_1"}}',
      '{"format":"jsonapi","status":422,"code":"validation_error","title":"Validation failed","message":"Validation failed","fields":[{"path":["name"],"message":"must not be empty"},{"path":["items",0,"qty"],"message":"must be positive","code":"too_small"}],"requestId":"req_1","retryable":false}',
    ],
    '429 with retry-after': [
      '{"content-type":"application/vnd.api+json","cache-control":"no-store","x-request-id":"req_1","retry-after":"42"}',
      '{"errors":[{"status":"429","code":"rate_limited","title":"Rate limited","detail":"Too many requests. Retry later."}],"meta":{"request_id":"req_1"}}',
      '{"format":"jsonapi","status":429,"code":"rate_limited","title":"Rate limited","message":"Too many requests. Retry later.","requestId":"req_1","retryAfter":42,"retryable":true}',
    ],
    '500 from a thrown error': [
      '{"content-type":"application/vnd.api+json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"errors":[{"status":"500","code":"internal_error","title":"Internal error","detail":"Internal error"}],"meta":{"request_id":"req_1"}}',
      '{"format":"jsonapi","status":500,"code":"internal_error","title":"Internal error","requestId":"req_1","retryable":false}',
    ],
    '409 with details, fields, doc url and instance': [
      '{"content-type":"application/vnd.api+json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"errors":[{"status":"409","code":"name_conflict","title":"Name taken","detail":"taken","source":{"pointer":"/name"},"meta":{"name":"db","owner":"x","violation":"dup"},"links":{"type":"https://docs.example.com/name_conflict"}}],"meta":{"request_id":"req_1"}}',
      '{"format":"jsonapi","status":409,"code":"name_conflict","title":"Name taken","message":"taken","details":{"name":"db","owner":"x"},"fields":[{"path":["name"],"message":"taken","code":"dup"}],"requestId":"req_1","retryable":false,"docUrl":"https://docs.example.com/name_conflict"}',
    ],
    '503 without a delay, no request id': [
      '{"content-type":"application/vnd.api+json","cache-control":"no-store","retry-after":"1"}',
      '{"errors":[{"status":"503","code":"service_unavailable","title":"Service Unavailable","detail":"Service Unavailable"}]}',
      '{"format":"jsonapi","status":503,"code":"service_unavailable","title":"Service Unavailable","retryAfter":1,"retryable":true}',
    ],
  },
  guide: {
    summary: 'JSON:API error objects',
    code: '`code` of each object in `errors`',
    message: '`detail` of each object (`title` is the same for every occurrence of a code)',
    fields: 'one object per field, with `source.pointer` a JSON Pointer',
    details: '`meta` of each object',
    requestId: '`meta.request_id` of the document',
    carriesCode: true,
  },
  drops: [
    "the overall message when there are violations (each error object's `detail` is its violation's message; with several, the title is read back)",
    "a details member named `violation` (each error object's `meta.violation` holds the violation code)",
  ],
};

const STRIPE: Expected = {
  cases: {
    '404 with details': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"error":{"type":"invalid_request_error","code":"secret_not_found","message":"No secret named \'db\'"}}',
      '{"format":"stripe","status":404,"code":"secret_not_found","title":"Not Found","message":"No secret named \'db\'","details":{"type":"invalid_request_error"},"requestId":"req_1","retryable":false}',
    ],
    '422 with fields': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"error":{"type":"invalid_request_error","code":"validation_error","message":"The request has invalid fields.","param":"name"}}',
      '{"format":"stripe","status":422,"code":"validation_error","title":"Unprocessable Content","message":"The request has invalid fields.","details":{"type":"invalid_request_error"},"fields":[{"path":["name"],"message":"The request has invalid fields."}],"requestId":"req_1","retryable":false}',
    ],
    '429 with retry-after': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1","retry-after":"42"}',
      '{"error":{"type":"invalid_request_error","code":"rate_limited","message":"Too many requests. Retry later."}}',
      '{"format":"stripe","status":429,"code":"rate_limited","title":"Too Many Requests","message":"Too many requests. Retry later.","details":{"type":"invalid_request_error"},"requestId":"req_1","retryAfter":42,"retryable":true}',
    ],
    '500 from a thrown error': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"error":{"type":"api_error","code":"internal_error","message":"Internal error"}}',
      '{"format":"stripe","status":500,"code":"internal_error","title":"Internal Server Error","requestId":"req_1","retryable":false}',
    ],
    '409 with details, fields, doc url and instance': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"error":{"type":"invalid_request_error","code":"name_conflict","message":"The name is taken","param":"name","doc_url":"https://docs.example.com/name_conflict"}}',
      '{"format":"stripe","status":409,"code":"name_conflict","title":"Conflict","message":"The name is taken","details":{"type":"invalid_request_error"},"fields":[{"path":["name"],"message":"The name is taken"}],"requestId":"req_1","retryable":false,"docUrl":"https://docs.example.com/name_conflict"}',
    ],
    '503 without a delay, no request id': [
      '{"content-type":"application/json","cache-control":"no-store","retry-after":"1"}',
      '{"error":{"type":"api_error","code":"service_unavailable","message":"Service Unavailable"}}',
      '{"format":"stripe","status":503,"code":"service_unavailable","title":"Service Unavailable","retryAfter":1,"retryable":true}',
    ],
  },
  guide: {
    summary: 'the error object of Stripe-style APIs',
    code: '`error.code`; `error.type` groups codes (`invalid_request_error`, `api_error`, …)',
    message: '`error.message`',
    fields: 'the first invalid parameter only, as `error.param` in bracket notation',
    details: 'not sent',
    requestId: 'only the `X-Request-ID` header',
    carriesCode: true,
  },
  drops: [
    'details',
    'every violation but the first (only one `param` is named)',
    "violation messages and codes (the error's message and code stand for the named param)",
    'title and problem type URI',
    'request id in the body (the header has it)',
  ],
};

describe('laravel, google, jsonapi, stripe without options: as before options existed', () => {
  defaultsOf('laravel', LARAVEL);
  defaultsOf('google', GOOGLE);
  defaultsOf('jsonapi', JSONAPI);
  defaultsOf('stripe', STRIPE);
});
