// Seed 003: a helpdesk API whose errors say `"success": false`, with the code, message and
// failing field in `error` and the request id and a whole-second timestamp in `meta`. Seven
// UPPER_CASE codes and nothing else: every role errata raises lands on one of them. Codes,
// statuses, messages and the example bodies are the API's; causes, resolutions and the page's
// prose are ours.
import { defineCatalog, formats } from '../../../src/index.js';

/** The priorities a ticket may have, in the order the API lists them. */
export const PRIORITIES = ['low', 'normal', 'high', 'critical'] as const;

/** The helpdesk API's error vocabulary, in the order of its reference page. */
export const catalog = defineCatalog({
  format: formats.success.with({ timestamp: 'seconds' }),
  // Base codes errata adds are spelt like the API's own; NOT_FOUND and RATE_LIMITED below
  // redefine two of them, so their roles need no mapping.
  baseCodes: 'UPPER_SNAKE',
  roles: {
    // One code for every unreadable request, malformed JSON included.
    invalid_request: 'VALIDATION_ERROR',
    validation_error: 'VALIDATION_ERROR',
    internal_error: 'SERVER_ERROR',
    // Off: a wrong method answers NOT_FOUND, an unreadable body VALIDATION_ERROR, a failing
    // dependency SERVER_ERROR, and every refusal of the limiter RATE_LIMITED.
    method_not_allowed: false,
    not_acceptable: false,
    payload_too_large: false,
    unsupported_media_type: false,
    quota_exceeded: false,
    service_unavailable: false,
    upstream_timeout: false,
  },
  errors: {
    UNAUTHORIZED: {
      status: 401,
      title: 'Missing or invalid API key',
      description: 'The request could not be tied to an API key.',
      message: 'Missing or invalid API key',
      causes: [
        'The request has no `Authorization` header',
        'The header is not `Bearer` followed by a key',
        'The key was revoked',
        'The key is past its expiry date',
      ],
      resolution: [
        'Make sure every request sends `Authorization: Bearer <key>`',
        'Keys start with `sk_live_` (secret) or `pk_live_` (publishable); look for a missing `Bearer` or stray spaces',
        'See in Settings whether the key is still active',
        'Issue a new key when the old one is gone',
      ],
    },
    FORBIDDEN: {
      status: 403,
      title: 'API key lacks required permissions',
      description: 'The key is valid but may not do this.',
      message: 'API key lacks required permissions',
      causes: [
        'A publishable key (`pk_live_…`) tried to create, change or delete something',
        "The resource belongs to another team than the key's",
        "The key's permissions were narrowed",
      ],
      resolution: [
        'For create, update and delete, use your `sk_live_…` secret key',
        'Check that the team ID in the request is your own',
        "Review the key's permissions in Settings",
      ],
    },
    NOT_FOUND: {
      status: 404,
      title: "Resource doesn't exist",
      description: 'Nothing exists at this path or with this ID.',
      message: "Resource doesn't exist",
      causes: [
        'The ID matches no resource',
        'The resource has been deleted',
        'The ID was mistyped',
      ],
      resolution: [
        'Compare the ID with the one the API gave you',
        'List the collection to see which IDs exist now',
        'Find out whether the resource was deleted lately',
      ],
    },
    VALIDATION_ERROR: {
      status: 400,
      title: 'Invalid request body/params',
      description: 'The body or the parameters are not acceptable; `field` names the culprit.',
      message: 'Invalid request body/params',
      causes: [
        'A required field is absent',
        'A field holds a value it does not accept',
        'A field has the wrong JSON type, or the body is not JSON at all',
      ],
      resolution: [
        'Read `field` in the error: it names the input that failed',
        "Look up the endpoint's required fields and allowed values",
        'Check that the body is well-formed JSON before sending it',
      ],
      examples: [
        {
          fields: [{ path: ['title'], message: 'title is required' }],
        },
        {
          fields: [
            { path: ['priority'], message: 'priority must be one of: low, normal, high, critical' },
          ],
        },
        {
          fields: [{ path: ['email'], message: 'email is not a valid email address' }],
        },
      ],
    },
    RATE_LIMITED: {
      status: 429,
      title: 'Too many requests',
      description:
        'The key sent more requests than its limit allows; `retryAfter` says when to resume.',
      // The seed's wording for any wait ("… in 42 seconds."), in the singular for one second.
      message: (_, { retryAfter = 1 }) =>
        `Rate limit exceeded. Try again in ${retryAfter} second${retryAfter === 1 ? '' : 's'}.`,
      retryable: true,
      causes: [
        'More requests than your key type may send in the current window',
        'Many requests fired at once',
      ],
      resolution: [
        'Watch `X-RateLimit-Remaining` and slow down before it reaches zero',
        'Wait longer after each failed attempt (exponential backoff)',
        'Cache responses you read often',
        'Ask for higher limits if your traffic needs them',
      ],
      // Shown as the seed shows it: the `error` part of the body (the section's pointer).
      examples: [{ retryAfter: 42 }],
    },
    CONFLICT: {
      status: 409,
      title: 'Resource already exists or state conflict',
      description: 'The request clashes with a resource that exists or with its current state.',
      message: 'Resource already exists or state conflict',
      causes: [
        'A customer already has this email',
        'An article already has this slug',
        'The resource cannot move from its current state to the one asked for',
      ],
      resolution: [
        'Choose a value no other resource has',
        'Search for an existing resource before creating one',
        'Check which state changes the current state allows',
      ],
    },
    SERVER_ERROR: {
      status: 500,
      title: 'Internal server error',
      description: 'Something failed on our side; nothing about the cause is sent.',
      causes: ['Something failed unexpectedly on our side', 'One of our services is briefly down'],
      resolution: [
        'Wait a moment, then send the request again',
        'If it keeps failing, contact support and quote the `requestId`',
        'Look at the status page for incidents in progress',
      ],
    },
  },
  reference: {
    title: 'Error Codes Reference',
    intro: ['Every error the API returns: what it means, what causes it, and how to get past it.'],
    sections: [
      {
        kind: 'format',
        title: 'Error Response Format',
        code: 'VALIDATION_ERROR',
        fields: [
          {
            path: ['priority'],
            message: "The 'priority' field must be one of: low, normal, high, critical",
          },
        ],
        requestId: 'req_abc123',
        timestamp: '2025-12-14T10:30:00Z',
      },
      {
        kind: 'codes',
        title: 'Error Codes',
        layout: 'entries',
        group: 'none',
        order: 'catalog',
        parts: ['message', 'causes', 'resolution', 'examples'],
        labels: { examples: 'Example errors' },
        pointer: '/error',
        // One line per validation example; the rate-limit body, shown whole, says what it carries.
        byCode: {
          VALIDATION_ERROR: { json: 'compact' },
          RATE_LIMITED: { labels: { examples: 'Response includes' } },
        },
      },
      {
        kind: 'statuses',
        title: 'HTTP Status Codes Summary',
        columns: [
          { column: 'status', header: 'Status' },
          { column: 'phrase', header: 'Code' },
          { column: 'codes', header: 'Description' },
        ],
        extraStatuses: [
          { status: 200, description: 'Request succeeded' },
          { status: 201, description: 'New resource created' },
          { status: 204, description: 'Succeeded, nothing to return' },
        ],
      },
      {
        kind: 'prose',
        title: 'Debugging Tips',
        items: [
          'Keep the `requestId`: support finds your request with it',
          'Read `field`: it names the exact input that failed',
          'Check your JSON locally before you send it',
          'Log error responses in full, so you can look at them later',
        ],
      },
    ],
  },
});

export type HelpdeskCatalog = typeof catalog;
