// Seed 002: RFC 7807 problem details cut down to the four standard members. `type` is
// `about:blank` (title: the status phrase) except for `resource_limit_exceeded`, whose `type` is
// its own name: clients tell a quota refusal from a permission one by `type`, both being 403.
import { z } from 'zod';
import { defineCatalog, formats } from '../../../src/index.js';

/** Bodies carry `type`, `title`, `status` and `detail` and nothing else. */
export const FOUR_MEMBERS = formats.problem.with({
  members: { instance: false, code: false, request_id: false, errors: false, details: false },
});

/** The vault API's errors, in the order its reference lists them. */
export const catalog = defineCatalog({
  format: FOUR_MEMBERS,
  roles: {
    // A body that fails its schema is a 400 like any unreadable one: no 422 here.
    validation_error: 'invalid_request',
    // Undocumented statuses fall back to documented ones (405 -> 404, 406/413/415 -> 400,
    // quota -> 429, 503/504 -> 500).
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
      title: 'Bad Request',
      category: 'request',
      description:
        'The path is malformed, the body is not JSON, or a value breaks its rule (an empty name, for one).',
      message: 'The request is malformed.',
    },
    unauthorized: {
      status: 401,
      title: 'Unauthorized',
      category: 'auth',
      description:
        'No `Authorization` header, a header that is not `Bearer <token>`, or a token that is unknown or expired.',
      message: 'A valid bearer token is required.',
    },
    forbidden: {
      status: 403,
      title: 'Forbidden',
      category: 'auth',
      description:
        'The token is valid, but no policy grants it this action on this resource (a read-only token writing, for one).',
      message: 'Insufficient permissions',
      examples: [{ title: 'Permission refused' }],
    },
    resource_limit_exceeded: {
      status: 403,
      title: 'Resource Limit Exceeded',
      type: 'resource_limit_exceeded',
      category: 'quota',
      description:
        'Your plan has no room for another vault, secret or agent. Its `type`, `"resource_limit_exceeded"`, sets it apart from other 403s; delete something you no longer use or move to a larger plan.',
      details: z.object({
        resource: z.string(),
        count: z.number().int(),
        limit: z.number().int(),
        tier: z.string(),
      }),
      message: (d) =>
        `${d.resource} limit reached (${d.count}/${d.limit} on ${d.tier} tier). Upgrade your plan for more.`,
      examples: [
        {
          title: 'Vault quota used up',
          details: { resource: 'Vault', count: 3, limit: 3, tier: 'free' },
        },
      ],
    },
    not_found: {
      status: 404,
      title: 'Not Found',
      category: 'not_found',
      description: 'The id or path matches nothing: no such vault, agent, secret or policy.',
      message: 'Not found.',
    },
    conflict: {
      status: 409,
      title: 'Conflict',
      category: 'conflict',
      description: 'The request clashes with what exists, such as a vault name already in use.',
      message: 'The request conflicts with the current state.',
    },
    gone: {
      status: 410,
      title: 'Gone',
      category: 'conflict',
      description:
        'The secret is past its expiry, was soft-deleted, or has been read as many times as it allows.',
      message: 'The secret is no longer available.',
    },
    rate_limited: {
      status: 429,
      title: 'Too Many Requests',
      category: 'rate_limit',
      description: 'The client went over its request rate.',
      message: 'Rate limit exceeded.',
      retryable: true,
    },
    internal_error: {
      status: 500,
      title: 'Internal Server Error',
      category: 'server',
      description:
        'The server failed (its database or key service, say); `detail` stays generic, never a stack trace.',
    },
  },
  reference: {
    title: 'Error codes',
    intro: [
      'A failed request gets an HTTP error status and an RFC 7807 problem body with exactly four members: `type`, `title`, `status` and `detail`. A 500 says nothing about its cause: no stack trace, no internal detail.',
    ],
    sections: [
      {
        kind: 'codes',
        title: 'HTTP status codes',
        group: 'none',
        columns: [
          { column: 'status', header: 'Code' },
          { column: 'title', header: 'Title' },
          { column: 'description', header: 'When' },
        ],
      },
      {
        kind: 'format',
        title: 'Example body',
        code: 'forbidden',
        outro: [
          'Branch on `status` in code, and show `detail` to people; its wording can differ from one endpoint to another.',
        ],
      },
      {
        kind: 'format',
        title: 'Resource limit errors',
        code: 'resource_limit_exceeded',
        example: 0,
        intro: [
          'Creating one vault, agent or secret more than your tier allows still answers `403`, but the body\'s `type` then reads `"resource_limit_exceeded"`, not the `"about:blank"` of other 403s:',
        ],
        outro: [
          'So `type` separates quota refusals from permission refusals. The `detail` names the count so far, the limit and the tier.',
        ],
      },
    ],
  },
});
