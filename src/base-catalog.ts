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
  idempotency_key_missing: {
    status: 400,
    title: 'Idempotency key missing',
    category: 'request',
    description:
      'This endpoint only accepts a request that carries an `Idempotency-Key` header (a unique string of at most 255 printable characters). Send one, and send the same one when retrying the request.',
    message: 'This request needs an Idempotency-Key header.',
  },
  idempotency_key_reused: {
    status: 422,
    title: 'Idempotency key reused',
    category: 'request',
    description:
      'The `Idempotency-Key` was already used for a different request (another method, path or body). Use a new key for a new request; reuse a key only to retry the very same request.',
    message: 'This Idempotency-Key was used for a different request.',
    retryable: false,
  },
  idempotency_in_flight: {
    status: 409,
    title: 'Request in progress',
    category: 'conflict',
    description:
      'A request with the same `Idempotency-Key` is still being processed. Retry after `Retry-After` seconds with the same key to get its result.',
    message: 'A request with this Idempotency-Key is still in progress.',
    retryable: true,
  },
} as const;

/** A role: an error errata raises itself. Each maps to a code unless the catalog switches it off. */
export type Role = keyof typeof baseEntries;

/** Every role, in a stable order. */
export const ROLES = Object.keys(baseEntries) as Role[];

/**
 * The roles a catalog has only when it asks for them (`roles: { idempotency_in_flight: true }`,
 * a code of its own, or an entry under the base code): an API without the feature documents none
 * of its errors. The Idempotency-Key middleware refuses a catalog without them.
 */
export const OPT_IN_ROLES = [
  'idempotency_key_missing',
  'idempotency_key_reused',
  'idempotency_in_flight',
] as const;

/** A role a catalog has only when it asks for it (see `OPT_IN_ROLES`). */
export type OptInRole = (typeof OPT_IN_ROLES)[number];

/**
 * The `roles` of a catalog that answers Idempotency-Key errors with errata's base entries.
 * @example defineCatalog({ roles: { ...idempotencyRoles }, errors: { … } })
 */
export const idempotencyRoles = {
  idempotency_key_missing: true,
  idempotency_key_reused: true,
  idempotency_in_flight: true,
} as const;

/** The roles no catalog may switch off: every server needs a 400, a 404 and a 500 to answer with. */
export const REQUIRED_ROLES = ['invalid_request', 'not_found', 'internal_error'] as const;

/** A role every catalog keeps (see `REQUIRED_ROLES`). */
export type RequiredRole = (typeof REQUIRED_ROLES)[number];

/**
 * Where a switched-off role's errors go: the next role on its chain that is on answers instead
 * (`upstream_timeout` → `service_unavailable` → `internal_error`). `rate_limited` has no
 * fallback: a catalog without it cannot rate-limit (`createRateLimiter` refuses it).
 * @example ROLE_FALLBACKS.method_not_allowed // 'not_found'
 */
export const ROLE_FALLBACKS: Readonly<Partial<Record<Role, Role>>> = Object.freeze({
  method_not_allowed: 'not_found',
  not_acceptable: 'invalid_request',
  payload_too_large: 'invalid_request',
  unsupported_media_type: 'invalid_request',
  validation_error: 'invalid_request',
  quota_exceeded: 'rate_limited',
  upstream_timeout: 'service_unavailable',
  service_unavailable: 'internal_error',
});

/** How the base codes errata adds are spelt: `not_found` (default) or `NOT_FOUND`. */
export type BaseCodeCase = 'lower_snake' | 'UPPER_SNAKE';

/** The base code of role `R` in a catalog whose base codes are spelt `C`. */
export type BaseCodeOf<R extends Role, C extends BaseCodeCase> = C extends 'UPPER_SNAKE'
  ? Uppercase<R>
  : R;

/**
 * The base code of a role as a catalog spells it.
 * @example baseCodeOf('not_found', 'UPPER_SNAKE') // 'NOT_FOUND'
 */
export function baseCodeOf(role: Role, spelling: BaseCodeCase): string {
  return spelling === 'UPPER_SNAKE' ? role.toUpperCase() : role;
}
