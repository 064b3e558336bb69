// Seed 004: a Laravel-style API. Bodies are `{ "message": "…" }`, plus an `errors` map of field
// name to messages on a 422. Clients branch on the status; the codes below name the cases for the
// server and for the reference page, which has one table for 4xx and one for 5xx.
import { defineCatalog, formats } from '../../../src/index.js';

/** The 422's message. */
export const INVALID_DATA = 'The given data was invalid.';

/** The orders API's errors, 4xx then 5xx, in the order its reference lists them. */
export const catalog = defineCatalog({
  format: formats.laravel,
  roles: {
    // Statuses the API does not document fall back to documented ones (406/413/415 -> 400,
    // quota -> 429).
    not_acceptable: false,
    payload_too_large: false,
    unsupported_media_type: false,
    quota_exceeded: false,
  },
  errors: {
    invalid_request: {
      status: 400,
      title: 'Bad request',
      category: 'request',
      description: 'The request could not be read as sent: its syntax or parameters are wrong.',
      message: 'The request is malformed.',
      causes: [
        'A body that is not valid JSON',
        'A required parameter left out',
        'Data in the wrong shape',
      ],
    },
    unauthorized: {
      status: 401,
      title: 'Unauthenticated',
      category: 'auth',
      description: 'No API key came with the request, or the key is unknown or revoked.',
      message: 'Unauthenticated.',
      causes: ['No `Authorization` header', 'An API key that does not exist', 'A revoked API key'],
    },
    forbidden: {
      status: 403,
      title: 'Forbidden',
      category: 'auth',
      description: 'The key was recognised but may not do this to this resource.',
      message: 'This action is not allowed with your API key.',
      causes: [
        'A key without the permission (a read-only key writing)',
        "A resource that belongs to someone else's organization",
      ],
    },
    not_found: {
      status: 404,
      title: 'Not found',
      category: 'not_found',
      description: 'Nothing exists at this path or id.',
      message: 'Not found.',
      causes: ['An id that never existed', 'A resource since deleted', 'A mistyped URL'],
    },
    method_not_allowed: {
      status: 405,
      title: 'Method not allowed',
      category: 'request',
      description:
        'The endpoint exists but not for this HTTP method (a `POST` to a read-only route, say). `Allow` lists the methods it takes.',
      message: 'This route does not take that method.',
      causes: ['Sending `POST` where the route only reads (`GET`)'],
    },
    conflict: {
      status: 409,
      title: 'Conflict',
      category: 'conflict',
      description: 'The request contradicts the resource as it is now, e.g. a duplicate record.',
      message: 'The request conflicts with the current state of the resource.',
      causes: [
        'A record that already exists',
        'Two requests racing each other',
        'A locked resource',
      ],
    },
    validation_error: {
      status: 422,
      title: 'Validation failed',
      category: 'validation',
      description:
        'The JSON is well formed but its values do not pass validation; `errors` maps each field to its messages.',
      message: INVALID_DATA,
      causes: [
        'A required field left out',
        'A value of the wrong type',
        'A value outside its range',
      ],
      examples: [
        {
          title: 'Invalid order',
          fields: [
            { path: ['email'], message: 'The email field is required.' },
            { path: ['email'], message: 'The email must be a valid email address.' },
            { path: ['amount'], message: 'The amount must be greater than 0.' },
          ],
        },
      ],
    },
    rate_limited: {
      status: 429,
      title: 'Too many requests',
      category: 'rate_limit',
      description: 'The client went over its rate limit; wait before sending more.',
      message: 'Too many requests.',
      retryable: true,
      causes: ['Sending faster than the limit allows; `Retry-After` says how long to wait'],
    },
    internal_error: {
      status: 500,
      title: 'Server error',
      category: 'server',
      description:
        'Something broke on the server. Should it go on failing, get in touch with support.',
      retryable: true,
      resolution: ['Try again, doubling the wait after each failure'],
    },
    bad_gateway: {
      status: 502,
      title: 'Bad gateway',
      category: 'server',
      description: 'A server upstream answered with something invalid; this rarely lasts.',
      retryable: true,
      resolution: ['Retry after a short pause'],
    },
    service_unavailable: {
      status: 503,
      title: 'Service unavailable',
      category: 'server',
      description: 'The service cannot take requests for now (maintenance, or too much load).',
      retryable: true,
      resolution: ['Retry after a pause', 'Look at the status page'],
    },
    upstream_timeout: {
      status: 504,
      title: 'Gateway timeout',
      category: 'server',
      description: 'A server upstream did not answer in time.',
      retryable: true,
      resolution: ['Try again later, waiting twice as long each time'],
    },
  },
  reference: {
    title: 'HTTP Status Codes',
    intro: [
      'Errors come back with an HTTP status and a JSON body whose `message` says what went wrong. The tables below cover every status the API sends.',
    ],
    sections: [
      {
        kind: 'codes',
        title: 'Client Error Codes (4xx)',
        group: 'none',
        codes: [
          'invalid_request',
          'unauthorized',
          'forbidden',
          'not_found',
          'method_not_allowed',
          'conflict',
          'validation_error',
          'rate_limited',
        ],
        columns: [
          { column: 'status', header: 'Code' },
          { column: 'phrase', header: 'Name' },
          { column: 'description', header: 'Description' },
          { column: 'causes', header: 'Common Causes' },
        ],
      },
      {
        kind: 'codes',
        title: 'Server Error Codes (5xx)',
        group: 'none',
        codes: ['internal_error', 'bad_gateway', 'service_unavailable', 'upstream_timeout'],
        columns: [
          { column: 'status', header: 'Code' },
          { column: 'phrase', header: 'Name' },
          { column: 'description', header: 'Description' },
          { column: 'resolution', header: 'What To Do' },
        ],
      },
      {
        kind: 'format',
        title: 'Validation Errors',
        code: 'validation_error',
        example: 0,
        intro: [
          'A request refused by validation (status 422) has an `errors` object: each field that failed, with all of its messages.',
        ],
      },
    ],
  },
});
