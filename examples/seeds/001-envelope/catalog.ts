// Seed 001: a secrets manager whose errors come in a nested envelope
// `{ "error": { code, message, details, request_id } }`, with a closed vocabulary of 73 codes in
// eight groups. Codes, statuses, groups and their order are the API's; every sentence here is
// ours. The three webhook codes are never returned: they show up in webhook delivery logs.
import { z } from 'zod';
import { defineCatalog, formats } from '../../../src/index.js';

/** Secret paths: slash-separated segments of letters, digits, `.`, `_` and `-`. */
export const SECRET_PATH = /^[A-Za-z0-9._-]{1,128}(?:\/[A-Za-z0-9._-]{1,128}){0,15}$/;

const path = z.object({ path: z.string() });

/** The groups of the reference page, each its own section: category and heading. */
const GROUPS = [
  ['auth', 'Authentication / authorization'],
  ['validation', 'Validation'],
  ['not_found', 'Not found'],
  ['conflict', 'Conflict / state'],
  ['availability', 'Rate limit / quota / availability'],
  ['server', 'Server / backend'],
  ['pki', 'Dynamic / PKI specific'],
] as const;

/** The columns of the page's tables. */
const MEANING = ['status', 'code', { column: 'description', header: 'Meaning' }] as const;

/** The secrets API's error vocabulary, in the order of its reference page. */
export const catalog = defineCatalog({
  format: formats.envelope,
  roles: {
    // The API has no generic 404 and its vocabulary is closed: every path it serves names a
    // secret, so an unknown route is answered as a secret that is not there.
    not_found: 'secret_not_found',
    upstream_timeout: 'backend_timeout',
    // Roles the API has no code for are off: 405 falls back to 404, 406/413/415 to 400.
    method_not_allowed: false,
    not_acceptable: false,
    payload_too_large: false,
    unsupported_media_type: false,
  },
  errors: {
    // Authentication / authorization
    authentication_required: {
      status: 401,
      title: 'Authentication required',
      category: 'auth',
      description: 'The request carried no bearer token at all.',
      message: 'Send a bearer token in the Authorization header.',
    },
    token_expired: {
      status: 401,
      title: 'Token expired',
      category: 'auth',
      description: 'The token was valid once, but its expiry time is behind us.',
      message: 'The token has expired; obtain a new one.',
    },
    token_invalid: {
      status: 401,
      title: 'Token invalid',
      category: 'auth',
      description: 'The token does not verify as one this API issued.',
      message: 'The bearer token is not recognised.',
    },
    token_revoked: {
      status: 401,
      title: 'Token revoked',
      category: 'auth',
      description: 'Its owner or an administrator withdrew the token.',
      message: 'The token has been revoked.',
    },
    access_denied: {
      status: 403,
      title: 'Access denied',
      category: 'auth',
      description: 'None of the policy rules grants this operation on this path.',
      message: 'No policy allows this operation.',
    },
    insufficient_scope: {
      status: 403,
      title: 'Insufficient scope',
      category: 'auth',
      description: 'The token is genuine, but what it may do stops short of this call.',
      message: 'This token may not perform this operation.',
    },
    mfa_required: {
      status: 403,
      title: 'MFA required',
      category: 'auth',
      description: 'The matching rule wants a recent multi-factor sign-in first.',
      message: 'Sign in again with multi-factor authentication.',
    },
    ip_not_allowed: {
      status: 403,
      title: 'IP address not allowed',
      category: 'auth',
      description: 'The caller connects from an address no rule lets in.',
      message: 'Requests from this address are not allowed.',
    },
    time_window_violation: {
      status: 403,
      title: 'Outside allowed hours',
      category: 'auth',
      description: 'The rule only permits this at certain times, and this is not one of them.',
      message: 'This operation is not allowed at this time.',
    },
    tenant_access_denied: {
      status: 403,
      title: 'Tenant access denied',
      category: 'auth',
      description: "The resource is another tenant's and the caller is no partner administrator.",
      message: 'This resource belongs to another tenant.',
    },
    forbidden: {
      status: 403,
      title: 'Forbidden',
      category: 'auth',
      description: 'Authorization failed for a reason no more precise code names.',
      message: 'You may not do this.',
    },

    // Validation
    invalid_request: {
      status: 400,
      title: 'Invalid request',
      category: 'validation',
      description: 'The body is not JSON, or not the kind of JSON value this endpoint reads.',
      message: 'The request could not be read.',
    },
    invalid_path: {
      status: 400,
      title: 'Invalid path',
      category: 'validation',
      description: 'The secret path breaks the rules: up to 16 segments of `A-Z a-z 0-9 . _ -`.',
      details: path,
      message: (d) => `'${d.path}' is not a valid secret path`,
    },
    invalid_secret_type: {
      status: 400,
      title: 'Invalid secret type',
      category: 'validation',
      description: '`secret_type` names a kind of secret the API does not have.',
    },
    invalid_duration: {
      status: 400,
      title: 'Invalid duration',
      category: 'validation',
      description: 'A duration could not be read; write it like `90s`, `15m` or `24h`.',
    },
    invalid_cursor: {
      status: 400,
      title: 'Invalid cursor',
      category: 'validation',
      description: 'The paging cursor is damaged or too old; list again from the start.',
    },
    invalid_policy: {
      status: 400,
      title: 'Invalid policy',
      category: 'validation',
      description: 'The rules or bindings of the policy were refused.',
    },
    invalid_glob: {
      status: 400,
      title: 'Invalid glob',
      category: 'validation',
      description: 'A path pattern is not a well-formed glob.',
    },
    invalid_role: {
      status: 400,
      title: 'Invalid role',
      category: 'validation',
      description: 'The role name breaks the naming rules.',
    },
    invalid_config: {
      status: 400,
      title: 'Invalid configuration',
      category: 'validation',
      description: 'The configuration given for an engine or a backend was refused.',
    },
    validation_error: {
      status: 422,
      title: 'Validation error',
      category: 'validation',
      description: 'Some fields hold values that are not allowed; `details.fields` lists each one.',
      message: 'Some fields are invalid.',
    },

    // Not found
    secret_not_found: {
      status: 404,
      title: 'Secret not found',
      category: 'not_found',
      description: 'Nothing is stored at this path.',
      details: path,
      // Unknown routes and refused methods reuse this code without a path (see roles).
      message: (d) => (d === undefined ? 'Not found' : `Secret '${d.path}' not found`),
    },
    version_not_found: notFound('Version', 'The secret has no version with this number.'),
    policy_not_found: notFound('Policy', 'No policy has this name.'),
    binding_not_found: notFound('Binding', 'No policy binding has this id.'),
    webhook_not_found: notFound('Webhook', 'No webhook has this id.'),
    subscription_not_found: notFound('Subscription', 'No event subscription has this id.'),
    rotation_policy_not_found: notFound('Rotation policy', 'No rotation policy has this id.'),
    secret_policy_not_found: notFound('Secret policy', 'No secret policy has this id.'),
    ca_not_found: notFound('Certificate authority', 'No certificate authority has this id.'),
    certificate_not_found: notFound('Certificate', 'No certificate has this serial or id.'),
    csr_not_found: notFound('CSR', 'No signing request has this id.'),
    trust_anchor_not_found: notFound('Trust anchor', 'No trust anchor has this id.'),
    acme_account_not_found: notFound('ACME account', 'No ACME account has this id.'),
    acme_order_not_found: notFound('ACME order', 'No ACME order has this id.'),
    dns_provider_not_found: notFound('DNS provider', 'No DNS provider has this name.'),
    engine_not_found: notFound('Engine', 'No secrets engine is mounted here.'),
    role_not_found: notFound('Role', 'The engine has no role of this name.'),
    lease_not_found: notFound('Lease', 'No lease has this id.'),
    tenant_not_found: notFound('Tenant', 'No tenant has this id.'),
    identity_not_found: notFound('Identity', 'No identity has this id.'),
    federation_backend_not_found: notFound(
      'Federation backend',
      'No federated backend has this name.',
    ),
    export_not_found: notFound('Export', 'No export job has this id.'),

    // Conflict / state
    secret_exists: {
      status: 409,
      title: 'Secret exists',
      category: 'conflict',
      description: 'A deleted secret still holds this path until its retention period ends.',
    },
    version_conflict: {
      status: 409,
      title: 'Version conflict',
      category: 'conflict',
      description: 'Another write got there first; read the resource again and reapply.',
    },
    policy_in_use: {
      status: 409,
      title: 'Policy in use',
      category: 'conflict',
      description: 'Bindings still point at the policy; remove them before deleting it.',
    },
    engine_in_use: {
      status: 409,
      title: 'Engine in use',
      category: 'conflict',
      description: 'The engine still has live leases; revoke them first.',
    },
    ca_has_certificates: {
      status: 409,
      title: 'CA has certificates',
      category: 'conflict',
      description: 'The authority has issued certificates, so it cannot be removed.',
    },
    name_conflict: {
      status: 409,
      title: 'Name conflict',
      category: 'conflict',
      description: 'Another resource already uses this name.',
    },
    binding_conflict: {
      status: 409,
      title: 'Binding conflict',
      category: 'conflict',
      description: 'This identity has a binding already.',
    },
    secret_expired: {
      status: 410,
      title: 'Secret expired',
      category: 'conflict',
      description: 'The secret reached its `expires_at` and can no longer be read.',
    },
    lease_expired: {
      status: 410,
      title: 'Lease expired',
      category: 'conflict',
      description: 'The lease ran out before this call.',
    },

    // Rate limit / quota / availability
    rate_limited: {
      status: 429,
      title: 'Rate limited',
      category: 'availability',
      description: 'This caller sent too many requests; wait `Retry-After` seconds.',
      message: 'Too many requests; slow down.',
      retryable: true,
    },
    quota_exceeded: {
      status: 429,
      title: 'Quota exceeded',
      category: 'availability',
      description: 'The tenant used up a hard quota; retries fail until it resets or is raised.',
      message: 'The tenant quota is used up.',
      retryable: false,
    },
    service_unavailable: {
      status: 503,
      title: 'Service unavailable',
      category: 'availability',
      description: 'Something the API depends on is briefly out; retry with backoff.',
      message: 'The service is briefly unavailable.',
      retryable: true,
    },
    feature_disabled: {
      status: 503,
      title: 'Feature disabled',
      category: 'availability',
      description: 'This deployment was shipped with the feature switched off.',
      retryable: false,
    },
    maintenance_mode: {
      status: 503,
      title: 'Maintenance mode',
      category: 'availability',
      description: 'Operators took the service down for planned work.',
      retryable: true,
    },

    // Server / backend
    internal_error: {
      status: 500,
      title: 'Internal error',
      category: 'server',
      description: 'Something broke on our side; quote the request id when you report it.',
    },
    encryption_error: {
      status: 500,
      title: 'Encryption error',
      category: 'server',
      description: 'A call to the key management service failed.',
    },
    storage_error: {
      status: 500,
      title: 'Storage error',
      category: 'server',
      description: 'The database or the object store failed.',
    },
    backend_error: {
      status: 502,
      title: 'Backend error',
      category: 'server',
      description: 'A federated backend or the ACME server answered with an error.',
    },
    backend_rate_limited: {
      status: 502,
      title: 'Backend rate limited',
      category: 'server',
      description: 'A federated backend or the ACME server is throttling our calls.',
    },
    backend_timeout: {
      status: 504,
      title: 'Backend timeout',
      category: 'server',
      description: 'A federated backend took too long to answer.',
      message: 'A backend did not answer in time.',
    },

    // Dynamic / PKI specific
    ttl_exceeds_max: {
      status: 400,
      title: 'TTL exceeds maximum',
      category: 'pki',
      description: "The TTL asked for is longer than the role's `max_ttl`.",
    },
    domain_not_allowed: {
      status: 400,
      title: 'Domain not allowed',
      category: 'pki',
      description: "A common name or SAN falls outside the role's `allowed_domains`.",
    },
    key_type_mismatch: {
      status: 400,
      title: 'Key type mismatch',
      category: 'pki',
      description: 'The key in the CSR is not of the type or size the role demands.',
    },
    csr_invalid: {
      status: 400,
      title: 'Invalid CSR',
      category: 'pki',
      description: 'The signing request could not be parsed.',
    },
    csr_already_processed: {
      status: 409,
      title: 'CSR already processed',
      category: 'pki',
      description: 'The signing request was signed or rejected before.',
    },
    acme_order_failed: {
      status: 502,
      title: 'ACME order failed',
      category: 'pki',
      description: 'The ACME server turned the order down.',
    },
    engine_unreachable: {
      status: 502,
      title: 'Engine unreachable',
      category: 'pki',
      description: 'The system behind the engine cannot be reached.',
    },

    // Webhook delivery: reported in delivery logs, never returned.
    webhook_url_invalid: {
      status: 400,
      title: 'Webhook URL invalid',
      category: 'webhook',
      description: 'The destination cannot be used, for example because it is a private address.',
      reported: true,
    },
    webhook_delivery_failed: {
      status: 502,
      title: 'Webhook delivery failed',
      category: 'webhook',
      description: 'The destination answered with a status outside 2xx.',
      reported: true,
    },
    webhook_delivery_timeout: {
      status: 504,
      title: 'Webhook delivery timeout',
      category: 'webhook',
      description: 'The destination took longer than 10 seconds to answer.',
      reported: true,
    },
  },
  reference: {
    title: 'Error Codes',
    intro: [
      'Every code below is stable and the list is closed: switch on `error.code`, since one HTTP status covers many codes.',
      'How errors and retries behave in general is explained in [Errors](../core-concepts/errors).',
    ],
    sections: [
      {
        kind: 'format',
        title: 'Envelope',
        code: 'secret_not_found',
        details: { path: 'environments/production/missing' },
        requestId: 'req_abc',
      },
      // One section per group, each a table, in the catalog's order.
      ...GROUPS.map(([category, title]) => ({
        kind: 'codes' as const,
        title,
        categories: [category],
        group: 'none' as const,
        // The not-found codes explain themselves.
        columns: category === 'not_found' ? (['status', 'code'] as const) : MEANING,
      })),
      {
        kind: 'codes',
        title: 'Webhook delivery',
        reported: true,
        group: 'none',
        columns: [{ column: 'status', header: 'HTTP (reported)' }, ...MEANING.slice(1)],
      },
      {
        kind: 'headers',
        title: 'Headers',
        include: ['request-id', 'rate-limit', 'retry-after'],
        rateLimit: 'legacy',
        rateLimitOn: 'every-response',
        layout: 'list',
      },
      {
        kind: 'prose',
        title: 'Related',
        items: [
          '[Errors](../core-concepts/errors) — what the envelope promises and when to retry.',
          '[Rate Limiting](../advanced/rate-limiting) — the limits of each route group.',
        ],
      },
    ],
  },
});

/** A 404 code of the API: its title says what is missing. */
function notFound(what: string, description: string) {
  return { status: 404, title: `${what} not found`, category: 'not_found', description };
}

export type SecretsCatalog = typeof catalog;
