import { describe } from 'vitest';
import { defaultsOf, type Expected } from './defaults-cases.js';

const PROBLEM: Expected = {
  cases: {
    '404 with details': [
      '{"content-type":"application/problem+json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"type":"https://api.example.com/errors/secret_not_found","title":"Secret not found","status":404,"detail":"No secret named \'db\'","code":"secret_not_found","request_id":"req_1","name":"db","version":3}',
      '{"format":"problem","status":404,"code":"secret_not_found","title":"Secret not found","message":"No secret named \'db\'","details":{"name":"db","version":3},"requestId":"req_1","retryable":false,"type":"https://api.example.com/errors/secret_not_found"}',
    ],
    '422 with fields': [
      '{"content-type":"application/problem+json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"type":"https://api.example.com/errors/validation_error","title":"Validation failed","status":422,"detail":"The request has invalid fields.","code":"validation_error","request_id":"req_1","errors":[{"detail":"must not be empty","pointer":"#/name"},{"detail":"must be positive","pointer":"#/items/0/qty","code":"too_small"}]}',
      '{"format":"problem","status":422,"code":"validation_error","title":"Validation failed","message":"The request has invalid fields.","fields":[{"path":["name"],"message":"must not be empty"},{"path":["items",0,"qty"],"message":"must be positive","code":"too_small"}],"requestId":"req_1","retryable":false,"type":"https://api.example.com/errors/validation_error"}',
    ],
    '429 with retry-after': [
      '{"content-type":"application/problem+json","cache-control":"no-store","x-request-id":"req_1","retry-after":"42"}',
      '{"type":"https://api.example.com/errors/rate_limited","title":"Rate limited","status":429,"detail":"Too many requests. Retry later.","code":"rate_limited","request_id":"req_1"}',
      '{"format":"problem","status":429,"code":"rate_limited","title":"Rate limited","message":"Too many requests. Retry later.","requestId":"req_1","retryAfter":42,"retryable":true,"type":"https://api.example.com/errors/rate_limited"}',
    ],
    '500 from a thrown error': [
      '{"content-type":"application/problem+json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"type":"https://api.example.com/errors/internal_error","title":"Internal error","status":500,"detail":"Internal error","code":"internal_error","request_id":"req_1"}',
      '{"format":"problem","status":500,"code":"internal_error","title":"Internal error","requestId":"req_1","retryable":false,"type":"https://api.example.com/errors/internal_error"}',
    ],
    '409 with details, fields, doc url and instance': [
      '{"content-type":"application/problem+json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"type":"https://api.example.com/errors/name_conflict","title":"Name taken","status":409,"detail":"The name is taken","instance":"/v1/vaults","code":"name_conflict","request_id":"req_1","errors":[{"detail":"taken","pointer":"#/name","code":"dup"}],"name":"db","owner":"x"}',
      '{"format":"problem","status":409,"code":"name_conflict","title":"Name taken","message":"The name is taken","details":{"name":"db","owner":"x"},"fields":[{"path":["name"],"message":"taken","code":"dup"}],"requestId":"req_1","retryable":false,"type":"https://api.example.com/errors/name_conflict"}',
    ],
    '503 without a delay, no request id': [
      '{"content-type":"application/problem+json","cache-control":"no-store","retry-after":"1"}',
      '{"type":"about:blank","title":"Service Unavailable","status":503,"detail":"Service Unavailable","code":"service_unavailable"}',
      '{"format":"problem","status":503,"code":"service_unavailable","title":"Service Unavailable","retryAfter":1,"retryable":true}',
    ],
  },
  guide: {
    summary: 'RFC 9457 problem details',
    code: '`code`; with a problem type, also the last segment of the `type` URI',
    message: '`detail` (`title` is the same for every occurrence of a code)',
    fields: '`errors`: one `{ "detail", "pointer", "code" }` per field, `pointer` a JSON Pointer',
    details: 'extra top-level members of the body',
    requestId: '`request_id`',
    carriesCode: true,
  },
  drops: [
    'the title when there is no problem type (RFC 9457 `about:blank` takes the status phrase)',
    'details that are not a JSON object are nested under a `details` member',
    'detail members named like a standard or errata member (type, title, status, detail, instance, code, request_id, errors, details, doc_url, retry_after) are dropped',
    'documentation link (the type URI is the link when the catalog has a typeBase)',
    'detail members named traceId, timestamp, requestId, trace_id or correlationId are not read back as details (other APIs use them for request metadata)',
  ],
};

const ENVELOPE: Expected = {
  cases: {
    '404 with details': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"error":{"code":"secret_not_found","message":"No secret named \'db\'","details":{"name":"db","version":3},"request_id":"req_1"}}',
      '{"format":"envelope","status":404,"code":"secret_not_found","title":"Not Found","message":"No secret named \'db\'","details":{"name":"db","version":3},"requestId":"req_1","retryable":false}',
    ],
    '422 with fields': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"error":{"code":"validation_error","message":"The request has invalid fields.","details":{"fields":[{"field":"name","message":"must not be empty"},{"field":"items.0.qty","message":"must be positive","code":"too_small"}]},"request_id":"req_1"}}',
      '{"format":"envelope","status":422,"code":"validation_error","title":"Unprocessable Content","message":"The request has invalid fields.","fields":[{"path":["name"],"message":"must not be empty"},{"path":["items",0,"qty"],"message":"must be positive","code":"too_small"}],"requestId":"req_1","retryable":false}',
    ],
    '429 with retry-after': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1","retry-after":"42"}',
      '{"error":{"code":"rate_limited","message":"Too many requests. Retry later.","request_id":"req_1"}}',
      '{"format":"envelope","status":429,"code":"rate_limited","title":"Too Many Requests","message":"Too many requests. Retry later.","requestId":"req_1","retryAfter":42,"retryable":true}',
    ],
    '500 from a thrown error': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"error":{"code":"internal_error","message":"Internal error","request_id":"req_1"}}',
      '{"format":"envelope","status":500,"code":"internal_error","title":"Internal Server Error","requestId":"req_1","retryable":false}',
    ],
    '409 with details, fields, doc url and instance': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"error":{"code":"name_conflict","message":"The name is taken","details":{"name":"db","owner":"x","fields":[{"field":"name","message":"taken","code":"dup"}]},"request_id":"req_1","doc_url":"https://docs.example.com/name_conflict"}}',
      '{"format":"envelope","status":409,"code":"name_conflict","title":"Conflict","message":"The name is taken","details":{"name":"db","owner":"x"},"fields":[{"path":["name"],"message":"taken","code":"dup"}],"requestId":"req_1","retryable":false,"docUrl":"https://docs.example.com/name_conflict"}',
    ],
    '503 without a delay, no request id': [
      '{"content-type":"application/json","cache-control":"no-store","retry-after":"1"}',
      '{"error":{"code":"service_unavailable","message":"Service Unavailable"}}',
      '{"format":"envelope","status":503,"code":"service_unavailable","title":"Service Unavailable","retryAfter":1,"retryable":true}',
    ],
  },
  guide: {
    summary: 'a JSON object with one `error` member',
    code: '`error.code`',
    message: '`error.message`',
    fields:
      '`error.details.fields`: one `{ "field", "message", "code" }` per field, `field` a dotted path',
    details: '`error.details`',
    requestId: '`error.request_id`',
    carriesCode: true,
  },
  drops: [
    'title and problem type URI',
    'details that are not a JSON object are nested under `details.value` when fields are present',
    'a details member named `fields` when there are violations (the violations take its place)',
  ],
};

const MESSAGE: Expected = {
  cases: {
    '404 with details': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"message":"No secret named \'db\'"}',
      '{"format":"message","status":404,"code":"not_found","title":"Not Found","message":"No secret named \'db\'","requestId":"req_1","retryable":false}',
    ],
    '422 with fields': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"message":"name: must not be empty; items.0.qty: must be positive"}',
      '{"format":"message","status":422,"code":"validation_error","title":"Unprocessable Content","message":"name: must not be empty; items.0.qty: must be positive","requestId":"req_1","retryable":false}',
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
      '{"message":"name: taken"}',
      '{"format":"message","status":409,"code":"conflict","title":"Conflict","message":"name: taken","requestId":"req_1","retryable":false}',
    ],
    '503 without a delay, no request id': [
      '{"content-type":"application/json","cache-control":"no-store","retry-after":"1"}',
      '{"message":"Service Unavailable"}',
      '{"format":"message","status":503,"code":"service_unavailable","title":"Service Unavailable","retryAfter":1,"retryable":true}',
    ],
  },
  guide: {
    summary: 'a JSON object with a single `message`',
    code: 'not in the body: branch on the HTTP status',
    message: '`message`',
    fields: 'folded into `message` as `field: problem; …`',
    details: 'not sent',
    requestId: 'only the `X-Request-ID` header',
    carriesCode: false,
  },
  drops: [
    'code (clients branch on the status)',
    'details',
    'request id in the body (the header has it)',
    'structured fields (folded into the message)',
    'the overall message when there are violations (the folded violations replace it)',
    'violation codes',
  ],
};

const SUCCESS: Expected = {
  cases: {
    '404 with details': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"success":false,"error":{"code":"secret_not_found","message":"No secret named \'db\'"},"meta":{"requestId":"req_1","timestamp":"2025-01-02T03:04:05.000Z"}}',
      '{"format":"success","status":404,"code":"secret_not_found","title":"Not Found","message":"No secret named \'db\'","requestId":"req_1","retryable":false}',
    ],
    '422 with fields': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"success":false,"error":{"code":"validation_error","message":"must not be empty","field":"name"},"meta":{"requestId":"req_1","timestamp":"2025-01-02T03:04:05.000Z"}}',
      '{"format":"success","status":422,"code":"validation_error","title":"Unprocessable Content","message":"must not be empty","fields":[{"path":["name"],"message":"must not be empty"}],"requestId":"req_1","retryable":false}',
    ],
    '429 with retry-after': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1","retry-after":"42"}',
      '{"success":false,"error":{"code":"rate_limited","message":"Too many requests. Retry later.","retryAfter":42},"meta":{"requestId":"req_1","timestamp":"2025-01-02T03:04:05.000Z"}}',
      '{"format":"success","status":429,"code":"rate_limited","title":"Too Many Requests","message":"Too many requests. Retry later.","requestId":"req_1","retryAfter":42,"retryable":true}',
    ],
    '500 from a thrown error': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"success":false,"error":{"code":"internal_error","message":"Internal error"},"meta":{"requestId":"req_1","timestamp":"2025-01-02T03:04:05.000Z"}}',
      '{"format":"success","status":500,"code":"internal_error","title":"Internal Server Error","requestId":"req_1","retryable":false}',
    ],
    '409 with details, fields, doc url and instance': [
      '{"content-type":"application/json","cache-control":"no-store","x-request-id":"req_1"}',
      '{"success":false,"error":{"code":"name_conflict","message":"taken","field":"name"},"meta":{"requestId":"req_1","timestamp":"2025-01-02T03:04:05.000Z"}}',
      '{"format":"success","status":409,"code":"name_conflict","title":"Conflict","message":"taken","fields":[{"path":["name"],"message":"taken"}],"requestId":"req_1","retryable":false}',
    ],
    '503 without a delay, no request id': [
      '{"content-type":"application/json","cache-control":"no-store","retry-after":"1"}',
      '{"success":false,"error":{"code":"service_unavailable","message":"Service Unavailable"},"meta":{"timestamp":"2025-01-02T03:04:05.000Z"}}',
      '{"format":"success","status":503,"code":"service_unavailable","title":"Service Unavailable","retryAfter":1,"retryable":true}',
    ],
  },
  guide: {
    summary: 'a JSON object with `success: false`, an `error` and a `meta` member',
    code: '`error.code`',
    message: '`error.message`',
    fields: 'the first invalid field only, as `error.field` (a dotted path) with its message',
    details: 'not sent; a 429 adds `error.retryAfter` (seconds)',
    requestId: '`meta.requestId`, next to `meta.timestamp`',
    carriesCode: true,
  },
  drops: [
    'details',
    'every violation but the first (only one `field` is named)',
    "the overall message when there are violations (the first violation's message is sent)",
    'violation codes',
    'title and problem type URI',
  ],
};

describe('problem, envelope, message, success without options: as before options existed', () => {
  defaultsOf('problem', PROBLEM);
  defaultsOf('envelope', ENVELOPE);
  defaultsOf('message', MESSAGE);
  defaultsOf('success', SUCCESS);
});
