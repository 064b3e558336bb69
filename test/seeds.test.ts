/**
 * The five reference APIs in shared/seeds/, reproduced with errata. Codes, statuses and field
 * names come from the seeds; every message is errata's own wording.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from '../src/api-error.js';
import { defineCatalog } from '../src/catalog.js';
import type { ErrorOptions } from '../src/catalog-types.js';
import { parseErrorBody } from '../src/parse/index.js';
import { renderError } from '../src/render.js';
import { statusPhrase } from '../src/status.js';

const json = (body: string): unknown => JSON.parse(body);

describe('seed 000: plain { message } bodies', () => {
  const catalog = defineCatalog({
    errors: {
      validation_error: {
        status: 400,
        title: 'Invalid input',
        message: 'Some values are invalid.',
      },
      token_invalid: {
        status: 401,
        title: 'Token invalid',
        message: 'The token is missing or stale.',
      },
      permission_denied: {
        status: 403,
        title: 'Permission denied',
        message: 'This token may not touch this resource.',
      },
      secret_not_found: { status: 404, title: 'Secret not found', message: 'No such secret.' },
      secret_conflict: { status: 409, title: 'Conflict', message: 'That name is taken.' },
    },
  });
  const render = (error: unknown, requestId?: string) =>
    renderError(error, { catalog, format: 'message', requestId });

  it('400: the violation folded into the message', () => {
    const r = render(
      catalog.roleError('validation_error', {
        fields: [{ path: ['name'], message: 'needs at least one character' }],
      }),
    );
    expect(r.status).toBe(400);
    expect(json(r.body)).toEqual({ message: 'name: needs at least one character' });
  });

  it.each([
    ['token_invalid', 401, 'The token is missing or stale.'],
    ['permission_denied', 403, 'This token may not touch this resource.'],
    ['secret_not_found', 404, 'No such secret.'],
    ['secret_conflict', 409, 'That name is taken.'],
  ] as const)('%s: %i with only a message', (code, status, message) => {
    const r = render(catalog.error(code));
    expect(r.status).toBe(status);
    expect(json(r.body)).toEqual({ message });
  });

  it('429 and 500: a message, nothing internal; 429 and 5xx are the retryable ones', () => {
    const limited = render(catalog.roleError('rate_limited', { retryAfter: 10 }));
    expect(limited.status).toBe(429);
    expect(json(limited.body)).toEqual({ message: 'Too many requests. Retry later.' });
    expect(limited.headers['retry-after']).toBe('10');
    const crash = render(new Error('pg: relation "secrets" does not exist'));
    expect(crash.status).toBe(500);
    expect(json(crash.body)).toEqual({ message: 'Internal error' });
    expect(catalog.roleError('rate_limited').retryable).toBe(true);
    expect(catalog.error('secret_not_found').retryable).toBe(false);
  });

  it('a client branches on the status of such bodies', () => {
    const r = render(catalog.error('secret_not_found'), 'req_0');
    const e = parseErrorBody(r);
    expect(e.format).toBe('message');
    expect([e.status, e.code, e.message, e.requestId]).toEqual([
      404,
      'not_found',
      'No such secret.',
      'req_0',
    ]);
  });
});

describe('seed 001: the { error: { code, message, details, request_id } } envelope', () => {
  // [code, status] from the seed's vocabulary
  const VOCABULARY: [string, number][] = [
    ['authentication_required', 401],
    ['token_expired', 401],
    ['token_invalid', 401],
    ['token_revoked', 401],
    ['access_denied', 403],
    ['insufficient_scope', 403],
    ['mfa_required', 403],
    ['ip_not_allowed', 403],
    ['time_window_violation', 403],
    ['tenant_access_denied', 403],
    ['forbidden', 403],
    ['invalid_request', 400],
    ['invalid_path', 400],
    ['invalid_secret_type', 400],
    ['invalid_duration', 400],
    ['invalid_cursor', 400],
    ['invalid_policy', 400],
    ['invalid_glob', 400],
    ['invalid_role', 400],
    ['invalid_config', 400],
    ['validation_error', 422],
    ['secret_not_found', 404],
    ['version_not_found', 404],
    ['policy_not_found', 404],
    ['binding_not_found', 404],
    ['webhook_not_found', 404],
    ['subscription_not_found', 404],
    ['rotation_policy_not_found', 404],
    ['secret_policy_not_found', 404],
    ['ca_not_found', 404],
    ['certificate_not_found', 404],
    ['csr_not_found', 404],
    ['trust_anchor_not_found', 404],
    ['acme_account_not_found', 404],
    ['acme_order_not_found', 404],
    ['dns_provider_not_found', 404],
    ['engine_not_found', 404],
    ['role_not_found', 404],
    ['lease_not_found', 404],
    ['tenant_not_found', 404],
    ['identity_not_found', 404],
    ['federation_backend_not_found', 404],
    ['export_not_found', 404],
    ['secret_exists', 409],
    ['version_conflict', 409],
    ['policy_in_use', 409],
    ['engine_in_use', 409],
    ['ca_has_certificates', 409],
    ['name_conflict', 409],
    ['binding_conflict', 409],
    ['secret_expired', 410],
    ['lease_expired', 410],
    ['rate_limited', 429],
    ['quota_exceeded', 429],
    ['service_unavailable', 503],
    ['feature_disabled', 503],
    ['maintenance_mode', 503],
    ['internal_error', 500],
    ['encryption_error', 500],
    ['storage_error', 500],
    ['backend_error', 502],
    ['backend_rate_limited', 502],
    ['backend_timeout', 504],
    ['ttl_exceeds_max', 400],
    ['domain_not_allowed', 400],
    ['key_type_mismatch', 400],
    ['csr_invalid', 400],
    ['csr_already_processed', 409],
    ['acme_order_failed', 502],
    ['engine_unreachable', 502],
    ['webhook_url_invalid', 400],
    ['webhook_delivery_failed', 502],
    ['webhook_delivery_timeout', 504],
  ];
  const BASE = new Set([
    'invalid_request',
    'validation_error',
    'rate_limited',
    'quota_exceeded',
    'service_unavailable',
    'internal_error',
  ]);
  const own = Object.fromEntries(
    VOCABULARY.filter(([code]) => !BASE.has(code)).map(([code, status]) => [
      code,
      { status, title: code.replace(/_/g, ' ') },
    ]),
  );
  const catalog = defineCatalog({
    errors: {
      ...own,
      secret_not_found: {
        status: 404,
        title: 'Secret not found',
        details: z.object({ path: z.string() }),
        message: (d) => `No secret at '${d.path}'`,
      },
    },
  });

  it('holds the whole vocabulary, base codes included, with the seed statuses', () => {
    for (const [code, status] of VOCABULARY) {
      expect(catalog.get(code)?.status, code).toBe(status);
    }
    expect(catalog.get('quota_exceeded')?.retryable).toBe(false);
    expect(catalog.get('rate_limited')?.retryable).toBe(true);
  });

  it('renders the envelope with details and request_id', () => {
    const r = renderError(catalog.error('secret_not_found', { path: 'environments/prod/db' }), {
      catalog,
      format: 'envelope',
      requestId: 'req_abc',
    });
    expect(r.status).toBe(404);
    expect(r.headers['x-request-id']).toBe('req_abc');
    expect(json(r.body)).toEqual({
      error: {
        code: 'secret_not_found',
        message: "No secret at 'environments/prod/db'",
        details: { path: 'environments/prod/db' },
        request_id: 'req_abc',
      },
    });
    const back = parseErrorBody(r);
    expect(back.format).toBe('envelope');
    expect(back.code).toBe('secret_not_found');
    expect(back.details).toEqual({ path: 'environments/prod/db' });
    expect(back.requestId).toBe('req_abc');
  });

  it('puts field-level violations in details.fields', () => {
    const r = renderError(
      catalog.roleError('validation_error', {
        fields: [{ path: ['ttl'], message: 'must be a duration', code: 'invalid_duration' }],
      }),
      { catalog, format: 'envelope', requestId: 'req_abc' },
    );
    expect(r.status).toBe(422);
    expect(json(r.body)).toEqual({
      error: {
        code: 'validation_error',
        message: 'The request has invalid fields.',
        details: {
          fields: [{ field: 'ttl', message: 'must be a duration', code: 'invalid_duration' }],
        },
        request_id: 'req_abc',
      },
    });
  });

  it('sends Retry-After in seconds on 429', () => {
    const r = renderError(catalog.roleError('rate_limited', { retryAfter: 45 }), {
      catalog,
      format: 'envelope',
      requestId: 'req_abc',
    });
    expect(r.status).toBe(429);
    expect(r.headers).toEqual({
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'x-request-id': 'req_abc',
      'retry-after': '45',
    });
    expect(json(r.body)).toEqual({
      error: {
        code: 'rate_limited',
        message: 'Too many requests. Retry later.',
        request_id: 'req_abc',
      },
    });
  });

  it('hides the internals of 5xx codes but keeps their code', () => {
    // the vocabulary is built from a table, so its codes are plain strings to the compiler
    const error = catalog.error as (
      code: string,
      details?: undefined,
      options?: ErrorOptions,
    ) => ApiError;
    const r = renderError(
      error('encryption_error', undefined, { cause: new Error('KMS key arn:aws:kms:1') }),
      { catalog, format: 'envelope', requestId: 'req_abc' },
    );
    expect(r.status).toBe(500);
    expect(json(r.body)).toEqual({
      error: { code: 'encryption_error', message: 'encryption error', request_id: 'req_abc' },
    });
    expect(r.body).not.toContain('arn:aws');
  });
});

describe('seed 002: RFC 9457 problem details', () => {
  const catalog = defineCatalog({
    errors: {
      forbidden: { status: 403, title: 'Forbidden', message: 'No policy grants this action.' },
      resource_limit_exceeded: {
        status: 403,
        title: 'Resource Limit Exceeded',
        type: 'resource_limit_exceeded',
        details: z.object({ used: z.number(), limit: z.number(), tier: z.string() }),
        message: (d) => `${d.used} of ${d.limit} vaults used on the ${d.tier} tier.`,
      },
      vault_not_found: { status: 404, title: 'Vault not found' },
      name_taken: { status: 409, title: 'Name taken' },
      secret_gone: { status: 410, title: 'Secret gone' },
    },
  });
  const render = (error: unknown) => renderError(error, { catalog, format: 'problem' });

  it('uses about:blank with the status phrase as title', () => {
    const r = render(catalog.error('forbidden'));
    expect(r.headers['content-type']).toBe('application/problem+json');
    expect(json(r.body)).toEqual({
      type: 'about:blank',
      title: 'Forbidden',
      status: 403,
      detail: 'No policy grants this action.',
      code: 'forbidden',
    });
  });

  it.each([
    ['invalid_request', 400],
    ['vault_not_found', 404],
    ['name_taken', 409],
    ['secret_gone', 410],
    ['rate_limited', 429],
  ] as const)('%s: about:blank and the phrase of %i', (code, status) => {
    const body = json(render(catalog.error(code)).body) as Record<string, unknown>;
    expect(body).toMatchObject({ type: 'about:blank', title: statusPhrase(status), status, code });
  });

  it("uses the entry's own type and title for resource_limit_exceeded", () => {
    const r = render(catalog.error('resource_limit_exceeded', { used: 3, limit: 3, tier: 'free' }));
    expect(r.status).toBe(403);
    expect(json(r.body)).toEqual({
      type: 'resource_limit_exceeded',
      title: 'Resource Limit Exceeded',
      status: 403,
      detail: '3 of 3 vaults used on the free tier.',
      code: 'resource_limit_exceeded',
      used: 3,
      limit: 3,
      tier: 'free',
    });
    const back = parseErrorBody(r);
    expect(back.type).toBe('resource_limit_exceeded');
    expect(back.code).toBe('resource_limit_exceeded');
    expect(back.details).toEqual({ used: 3, limit: 3, tier: 'free' });
  });

  it('500: a generic detail, no internals', () => {
    const r = render(new Error('KMS decrypt failed for key 42'));
    expect(json(r.body)).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'Internal error',
      code: 'internal_error',
    });
  });
});

describe('seed 003: { success: false, error, meta } with SCREAMING codes', () => {
  const catalog = defineCatalog({
    errors: {
      UNAUTHORIZED: {
        status: 401,
        title: 'Unauthorized',
        message: 'The API key is missing or not valid.',
      },
      FORBIDDEN: { status: 403, title: 'Forbidden', message: 'This key lacks the permission.' },
      NOT_FOUND: { status: 404, title: 'Not found', message: 'No such resource.' },
      VALIDATION_ERROR: {
        status: 400,
        title: 'Validation error',
        message: 'The request is invalid.',
      },
      RATE_LIMITED: {
        status: 429,
        title: 'Rate limited',
        details: z.object({ seconds: z.number() }),
        message: (d) => `Slow down: retry in ${d.seconds} seconds.`,
      },
      CONFLICT: { status: 409, title: 'Conflict', message: 'That already exists.' },
      SERVER_ERROR: {
        status: 500,
        title: 'Server error',
        message: 'Something failed on our side.',
      },
    },
    roles: {
      invalid_request: 'VALIDATION_ERROR',
      validation_error: 'VALIDATION_ERROR',
      not_found: 'NOT_FOUND',
      rate_limited: 'RATE_LIMITED',
      quota_exceeded: 'RATE_LIMITED',
      internal_error: 'SERVER_ERROR',
    },
  });
  const context = {
    catalog,
    format: 'success',
    requestId: 'req_91ab',
    timestamp: '2025-03-04T05:06:07Z',
  } as const;

  it('has only SCREAMING codes for the remapped roles', () => {
    for (const gone of [
      'invalid_request',
      'validation_error',
      'not_found',
      'rate_limited',
      'internal_error',
    ]) {
      expect(catalog.has(gone)).toBe(false);
    }
    expect(catalog.roles).toMatchObject({
      invalid_request: 'VALIDATION_ERROR',
      validation_error: 'VALIDATION_ERROR',
      not_found: 'NOT_FOUND',
      rate_limited: 'RATE_LIMITED',
      internal_error: 'SERVER_ERROR',
    });
  });

  it('a validation failure names the field', () => {
    const r = renderError(
      catalog.roleError('validation_error', {
        fields: [{ path: ['priority'], message: 'priority must be low, normal, high or critical' }],
      }),
      context,
    );
    expect(r.status).toBe(400);
    expect(json(r.body)).toEqual({
      success: false,
      error: {
        code: 'VALIDATION_ERROR',
        message: 'priority must be low, normal, high or critical',
        field: 'priority',
      },
      meta: { requestId: 'req_91ab', timestamp: '2025-03-04T05:06:07Z' },
    });
  });

  it('429 carries retryAfter in the error', () => {
    const r = renderError(
      catalog.error('RATE_LIMITED', { seconds: 42 }, { retryAfter: 42 }),
      context,
    );
    expect(r.status).toBe(429);
    expect(r.headers['retry-after']).toBe('42');
    expect(json(r.body)).toEqual({
      success: false,
      error: { code: 'RATE_LIMITED', message: 'Slow down: retry in 42 seconds.', retryAfter: 42 },
      meta: { requestId: 'req_91ab', timestamp: '2025-03-04T05:06:07Z' },
    });
  });

  it.each([
    ['UNAUTHORIZED', 401, 'The API key is missing or not valid.'],
    ['FORBIDDEN', 403, 'This key lacks the permission.'],
    ['NOT_FOUND', 404, 'No such resource.'],
    ['CONFLICT', 409, 'That already exists.'],
  ] as const)('%s: %i', (code, status, message) => {
    const r = renderError(catalog.error(code), context);
    expect(r.status).toBe(status);
    expect(json(r.body)).toEqual({
      success: false,
      error: { code, message },
      meta: { requestId: 'req_91ab', timestamp: '2025-03-04T05:06:07Z' },
    });
  });

  it('a thrown error is SERVER_ERROR with the request id to quote', () => {
    const r = renderError(new Error('redis: connection reset'), context);
    expect(r.status).toBe(500);
    expect(json(r.body)).toEqual({
      success: false,
      error: { code: 'SERVER_ERROR', message: 'Server error' },
      meta: { requestId: 'req_91ab', timestamp: '2025-03-04T05:06:07Z' },
    });
    const back = parseErrorBody(r);
    expect([back.format, back.code, back.requestId]).toEqual([
      'success',
      'SERVER_ERROR',
      'req_91ab',
    ]);
  });
});

describe('seed 004: Laravel-style 422 with an errors map', () => {
  const catalog = defineCatalog({
    errors: {
      validation_error: {
        status: 422,
        title: 'Invalid data',
        message: 'The submitted data is invalid.',
      },
    },
  });

  it('renders every message per field', () => {
    const r = renderError(
      catalog.roleError('validation_error', {
        fields: [
          { path: ['email'], message: 'An email is needed.' },
          { path: ['email'], message: 'This is not an email address.' },
          { path: ['amount'], message: 'Must be above zero.' },
        ],
      }),
      { catalog, format: 'laravel' },
    );
    expect(r.status).toBe(422);
    expect(json(r.body)).toEqual({
      message: 'The submitted data is invalid.',
      errors: {
        email: ['An email is needed.', 'This is not an email address.'],
        amount: ['Must be above zero.'],
      },
    });
    const back = parseErrorBody(r);
    expect(back.format).toBe('laravel');
    expect(back.fields).toEqual([
      { path: ['email'], message: 'An email is needed.' },
      { path: ['email'], message: 'This is not an email address.' },
      { path: ['amount'], message: 'Must be above zero.' },
    ]);
  });

  it.each([400, 401, 403, 404, 405, 409, 429, 500, 502, 503, 504])(
    '%i: a message-only body; 5xx messages stay generic',
    (status) => {
      const r = renderError(new ApiError({ status, message: 'Details for people.' }), {
        catalog,
        format: 'laravel',
      });
      expect(r.status).toBe(status);
      expect(json(r.body)).toEqual({
        message: status < 500 ? 'Details for people.' : statusPhrase(status),
      });
    },
  );
});
