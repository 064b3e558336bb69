// Seed 000: an API whose error bodies are a bare `{ "message": "…" }`. Clients branch on the
// HTTP status alone, so the codes below never reach the wire: they name the cases for the server
// and for the reference page, which lists statuses rather than codes.
import { z } from 'zod';
import { defineCatalog, formats } from '../../../src/index.js';

/** What the 400 says about an empty `name` (folded into `message` as `name: …`). */
export const NAME_TOO_SHORT = 'String must contain at least 1 character(s)';

/** The secrets API's errors, one per status it documents. */
export const catalog = defineCatalog({
  format: formats.message,
  roles: {
    // A failed schema is a 400 like any unreadable body: this API has no 422.
    validation_error: 'invalid_request',
    // Statuses the API does not document: errata answers with the nearest one it does
    // (405 -> 404, 406/413/415 -> 400, quota -> 429, 503/504 -> 500).
    method_not_allowed: false,
    not_acceptable: false,
    payload_too_large: false,
    unsupported_media_type: false,
    quota_exceeded: false,
    service_unavailable: false,
    upstream_timeout: false,
  },
  errors: {
    invalid_request: {
      status: 400,
      title: 'Invalid request',
      category: 'request',
      description:
        'The JSON body could not be parsed, or a field of the body or query string broke its rule.',
      message: 'The request could not be read.',
      examples: [
        { title: 'Validation error', fields: [{ path: ['name'], message: NAME_TOO_SHORT }] },
      ],
    },
    unauthorized: {
      status: 401,
      title: 'Unauthorized',
      category: 'auth',
      description: 'The bearer token is missing, unknown, or past its expiry.',
      message: 'Invalid or expired token',
      examples: [{ title: 'Unauthorized' }],
    },
    forbidden: {
      status: 403,
      title: 'Forbidden',
      category: 'auth',
      description: 'The token is genuine but its scope does not cover this action or resource.',
      message: 'Insufficient permissions',
      examples: [{ title: 'Forbidden' }],
    },
    secret_not_found: {
      status: 404,
      title: 'Secret not found',
      category: 'not_found',
      description: 'No secret has this name, or the token may not see it.',
      message: 'Secret not found',
      examples: [{ title: 'Not found' }],
    },
    not_found: {
      status: 404,
      title: 'Not found',
      category: 'not_found',
      description: 'Nothing is served at this path with this method.',
      message: 'Not found',
    },
    secret_exists: {
      status: 409,
      title: 'Secret already exists',
      category: 'conflict',
      description: 'Secret names are unique, and this one is taken.',
      details: z.object({ name: z.string() }),
      message: (d) => `Secret '${d.name}' already exists`,
    },
    rate_limited: {
      status: 429,
      title: 'Rate limited',
      category: 'rate_limit',
      description: 'Too many requests from this client in the current window.',
      message: 'Rate limit exceeded',
      retryable: true,
    },
    internal_error: {
      status: 500,
      title: 'Internal server error',
      category: 'server',
      description:
        'The server failed while handling the request; nothing about the cause is exposed.',
      retryable: true,
    },
  },
  reference: {
    title: 'Errors',
    intro: [
      'Every failed request is answered with an HTTP error status and a small JSON body. This page lists the statuses the secrets API sends, what each one means, and when a retry can help.',
    ],
    sections: [
      {
        kind: 'format',
        title: 'Response shape',
        intro: ['An error body holds one member, whatever the status:'],
        code: 'secret_not_found',
        message: 'What failed, in words meant for people',
        outro: [
          '`message` is a string in every error. Decide what to do from the status code; `message` is there for people to read and for your logs.',
        ],
      },
      {
        kind: 'statuses',
        title: 'Status codes',
        statusStyle: 'code',
        columns: [
          { column: 'status', header: 'Status' },
          { column: 'phrase', header: 'Meaning' },
          { column: 'description', header: 'When you see it' },
        ],
        extraStatuses: [
          { status: 200, description: 'The request worked.' },
          { status: 201, description: 'The secret was stored.' },
          {
            status: 404,
            description: 'No secret (or route) is at this path, or the token may not see it.',
          },
          {
            status: 429,
            description: 'This client sent more requests than the rate limit allows.',
          },
          {
            status: 500,
            description:
              'The server failed. Try again; should it go on failing, send support the `X-Request-ID`.',
          },
        ],
      },
      // Short bodies, one line each.
      { kind: 'examples', title: 'Example error responses', json: 'compact' },
      {
        kind: 'retries',
        title: 'Retrying',
        by: 'statuses',
        advice: false,
        outro: [
          'Space the retries out, doubling the wait after each failed attempt. For any other 4xx, fix the request first.',
        ],
      },
    ],
  },
});
