import type { EntryDefinition } from './catalog-types.js';

/**
 * The errors errata raises itself, one per role. A catalog may map any role to its own code
 * (`roles: { internal_error: 'SERVER_ERROR' }`) or override these entries by redefining the code.
 */
export const baseEntries = {
  invalid_request: {
    status: 400,
    title: 'Invalid request',
    category: 'request',
    description:
      'The request could not be read: the body is not valid JSON or not the expected shape. Fix the request before sending it again.',
    message: 'The request body could not be parsed.',
  },
  not_found: {
    status: 404,
    title: 'Not found',
    category: 'not_found',
    description: 'No resource or route exists at this path. Check the URL and the API version.',
    message: 'The requested resource was not found.',
  },
  method_not_allowed: {
    status: 405,
    title: 'Method not allowed',
    category: 'request',
    description:
      'The path exists but does not accept this HTTP method. The `Allow` header lists the methods it accepts.',
    message: 'This method is not allowed on this resource.',
  },
  not_acceptable: {
    status: 406,
    title: 'Not acceptable',
    category: 'request',
    description: 'The server cannot produce a response in any media type listed in `Accept`.',
    message: 'No acceptable representation is available.',
  },
  payload_too_large: {
    status: 413,
    title: 'Payload too large',
    category: 'request',
    description: 'The request body is larger than this endpoint accepts. Send a smaller body.',
    message: 'The request body is too large.',
  },
  unsupported_media_type: {
    status: 415,
    title: 'Unsupported media type',
    category: 'request',
    description:
      'The request body has a `Content-Type` this endpoint does not accept. Send `application/json`.',
    message: 'The request content type is not supported.',
  },
  validation_error: {
    status: 422,
    title: 'Validation failed',
    category: 'validation',
    description:
      'The request was well-formed but some values are invalid. Each violation names the field and what is wrong with it.',
    message: 'The request has invalid fields.',
  },
  rate_limited: {
    status: 429,
    title: 'Rate limited',
    category: 'rate_limit',
    description:
      'Too many requests in a short time. Wait for the number of seconds in `Retry-After`, then retry.',
    message: 'Too many requests. Retry later.',
    retryable: true,
  },
  quota_exceeded: {
    status: 429,
    title: 'Quota exceeded',
    category: 'rate_limit',
    description:
      'A hard quota for the current period is used up. Retrying before the period ends will fail the same way.',
    message: 'The quota for this period is exhausted.',
    retryable: false,
  },
  internal_error: {
    status: 500,
    title: 'Internal error',
    category: 'server',
    description:
      'Something failed on the server. Nothing about the cause is exposed; quote the request id when reporting it.',
    message: 'An internal error occurred.',
  },
  service_unavailable: {
    status: 503,
    title: 'Service unavailable',
    category: 'server',
    description:
      'The service or one of its dependencies is temporarily unavailable. Retry after `Retry-After` seconds.',
    message: 'The service is temporarily unavailable.',
    retryable: true,
  },
  upstream_timeout: {
    status: 504,
    title: 'Upstream timeout',
    category: 'server',
    description:
      'A dependency did not answer in time. Retrying with backoff is safe for idempotent requests.',
    message: 'An upstream service did not respond in time.',
    retryable: true,
  },
} as const satisfies Record<string, EntryDefinition<undefined>>;

/** A role: an error errata raises itself. Each maps to a code in every catalog. */
export type Role = keyof typeof baseEntries;

/** Every role, in a stable order. */
export const ROLES = Object.keys(baseEntries) as Role[];
