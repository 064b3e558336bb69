import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api-error.js';
import {
  idempotencyRoles,
  OPT_IN_ROLES,
  REQUIRED_ROLES,
  ROLE_FALLBACKS,
  ROLES,
} from '../src/base-catalog.js';
import { defineCatalog } from '../src/catalog.js';
import { CatalogDefinitionError, type CatalogDefinitionErrorCode } from '../src/catalog-error.js';

/** Run a definition that must fail, and return the error's stable code. */
function failure(define: () => unknown): CatalogDefinitionErrorCode {
  try {
    define();
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogDefinitionError);
    return (error as CatalogDefinitionError).code;
  }
  throw new Error('the definition did not fail');
}

// biome-ignore lint/suspicious/noExplicitAny: deliberately untyped input
const untyped = (definition: unknown) => defineCatalog(definition as any);

describe('roles switched off', () => {
  const lean = defineCatalog({
    errors: {},
    roles: {
      method_not_allowed: false,
      not_acceptable: false,
      payload_too_large: false,
      unsupported_media_type: false,
      validation_error: false,
      quota_exceeded: false,
      service_unavailable: false,
      upstream_timeout: false,
    },
  });

  it('leaves their codes out of codes(), entries() and roles', () => {
    expect(lean.codes).toEqual(['invalid_request', 'not_found', 'rate_limited', 'internal_error']);
    expect(lean.entries().map((e) => e.code)).toEqual(lean.codes);
    expect(lean.roles).toEqual({
      invalid_request: 'invalid_request',
      not_found: 'not_found',
      rate_limited: 'rate_limited',
      internal_error: 'internal_error',
    });
    expect('method_not_allowed' in lean.roles).toBe(false);
    expect(lean.has('method_not_allowed')).toBe(false);
    expect(Object.isFrozen(lean.roles)).toBe(true);
  });

  it('answers each along the documented fallback chain', () => {
    expect(ROLE_FALLBACKS).toEqual({
      method_not_allowed: 'not_found',
      not_acceptable: 'invalid_request',
      payload_too_large: 'invalid_request',
      unsupported_media_type: 'invalid_request',
      validation_error: 'invalid_request',
      quota_exceeded: 'rate_limited',
      upstream_timeout: 'service_unavailable',
      service_unavailable: 'internal_error',
    });
    const answers = Object.fromEntries(ROLES.map((r) => [r, lean.roleCode(r)]));
    expect(answers).toEqual({
      invalid_request: 'invalid_request',
      not_found: 'not_found',
      method_not_allowed: 'not_found',
      not_acceptable: 'invalid_request',
      payload_too_large: 'invalid_request',
      unsupported_media_type: 'invalid_request',
      validation_error: 'invalid_request',
      rate_limited: 'rate_limited',
      quota_exceeded: 'rate_limited',
      internal_error: 'internal_error',
      service_unavailable: 'internal_error',
      upstream_timeout: 'internal_error',
    });
    expect(lean.roleCode('no_such_role')).toBeUndefined();
  });

  it('stops the chain at the first role that is on', () => {
    const c = defineCatalog({ errors: {}, roles: { upstream_timeout: false } });
    expect(c.roleCode('upstream_timeout')).toBe('service_unavailable');
    const e = c.roleError('upstream_timeout', { retryAfter: 5 });
    expect([e.code, e.status, e.retryAfter]).toEqual(['service_unavailable', 503, undefined]);
  });

  it("drops the role's framing when the status changes, keeps the occurrence", () => {
    const e = lean.roleError('method_not_allowed', {
      message: 'POST is not allowed here; use GET.',
      headers: { allow: 'GET' },
      requestId: 'req_1',
    });
    expect(e).toBeInstanceOf(ApiError);
    expect([e.code, e.status, e.message]).toEqual([
      'not_found',
      404,
      'The requested resource was not found.',
    ]);
    expect(e.headers).toEqual({});
    expect(e.requestId).toBe('req_1');

    const fields = [{ path: ['name'], message: 'must not be empty' }];
    const v = lean.roleError('validation_error', { fields });
    expect([v.code, v.status, v.fields]).toEqual(['invalid_request', 400, fields]);

    // A 413 closes the connection whatever answers it: the unread body must not be read.
    const big = lean.roleError('payload_too_large', {
      message: 'The request body is larger than 10 bytes.',
      headers: { connection: 'close' },
    });
    expect([big.code, big.message, big.headers]).toEqual([
      'invalid_request',
      'The request body could not be parsed.',
      { connection: 'close' },
    ]);
  });

  it('keeps everything when the fallback has the same status (quota → rate limit)', () => {
    const e = lean.roleError('quota_exceeded', {
      headers: { 'x-ratelimit-limit': '10' },
      details: { policy: 'daily' },
      retryAfter: 30,
    });
    expect(e.code).toBe('rate_limited');
    expect(e.headers).toEqual({ 'x-ratelimit-limit': '10' });
    expect(e.details).toEqual({ policy: 'daily' });
    expect(e.retryAfter).toBe(30);
  });

  it('throws for rate_limited switched off (no fallback) and for unknown roles', () => {
    const c = defineCatalog({ errors: {}, roles: { rate_limited: false, quota_exceeded: false } });
    expect(c.roleCode('rate_limited')).toBeUndefined();
    expect(c.roleCode('quota_exceeded')).toBeUndefined();
    expect(() => c.roleError('quota_exceeded')).toThrow(TypeError);
    expect(() => c.roleError('nope')).toThrow(/unknown role 'nope'/);
  });

  it('refuses to switch off invalid_request, not_found and internal_error', () => {
    expect(REQUIRED_ROLES).toEqual(['invalid_request', 'not_found', 'internal_error']);
    for (const role of REQUIRED_ROLES) {
      expect(failure(() => untyped({ errors: {}, roles: { [role]: false } }))).toBe(
        'ERR_CATALOG_ROLE_REQUIRED',
      );
    }
  });

  it('refuses other role values, and a role mapped to a code switched off', () => {
    expect(failure(() => untyped({ errors: {}, roles: { rate_limited: true } }))).toBe(
      'ERR_CATALOG_ROLE_TARGET',
    );
    expect(failure(() => untyped({ errors: {}, roles: { rate_limited: null } }))).toBe(
      'ERR_CATALOG_ROLE_TARGET',
    );
    expect(failure(() => untyped({ errors: {}, roles: 'none' }))).toBe('ERR_CATALOG_ROLE');
    expect(
      failure(() =>
        defineCatalog({
          errors: {},
          roles: { not_acceptable: 'method_not_allowed', method_not_allowed: false },
        }),
      ),
    ).toBe('ERR_CATALOG_ROLE_TARGET');
  });

  it('lets the catalog define a code named like a switched-off role, with no role', () => {
    const c = defineCatalog({
      errors: { method_not_allowed: { status: 405, title: 'Nope' } },
      roles: { method_not_allowed: false },
    });
    expect(c.get('method_not_allowed')?.roles).toEqual([]);
    expect(c.roleError('method_not_allowed').code).toBe('not_found');
  });
});

describe("baseCodes: 'UPPER_SNAKE'", () => {
  const upper = defineCatalog({
    baseCodes: 'UPPER_SNAKE',
    errors: {
      UNAUTHORIZED: { status: 401, title: 'Unauthorized' },
      VALIDATION_ERROR: { status: 400, title: 'Validation error', message: 'Invalid body' },
      SERVER_ERROR: { status: 500, title: 'Server error' },
    },
    roles: { internal_error: 'SERVER_ERROR', method_not_allowed: false },
  });

  it('spells every base code errata adds in UPPER_SNAKE, roles included', () => {
    expect(upper.codes).toEqual([
      'UNAUTHORIZED',
      'VALIDATION_ERROR',
      'SERVER_ERROR',
      'INVALID_REQUEST',
      'NOT_FOUND',
      'NOT_ACCEPTABLE',
      'PAYLOAD_TOO_LARGE',
      'UNSUPPORTED_MEDIA_TYPE',
      'RATE_LIMITED',
      'QUOTA_EXCEEDED',
      'SERVICE_UNAVAILABLE',
      'UPSTREAM_TIMEOUT',
    ]);
    expect(upper.roles.not_found).toBe('NOT_FOUND');
    expect(upper.roles.validation_error).toBe('VALIDATION_ERROR');
    expect(upper.roles.internal_error).toBe('SERVER_ERROR');
    expect(upper.get('VALIDATION_ERROR')?.base).toBe(false);
    expect(upper.get('NOT_FOUND')).toMatchObject({ status: 404, base: true, roles: ['not_found'] });
    expect(upper.roleError('validation_error').message).toBe('Invalid body');
    expect(upper.roleError('method_not_allowed').code).toBe('NOT_FOUND');
  });

  it('still normalizes codes respelt on the wire', () => {
    const parsed = new ApiError({ status: 404, code: 'not_found', message: 'gone' });
    expect(upper.normalize(parsed).code).toBe('NOT_FOUND');
    const quota = new ApiError({ status: 429, code: 'quota-exceeded' });
    expect(upper.normalize(quota)).toMatchObject({ code: 'QUOTA_EXCEEDED', retryable: false });
  });

  it("suggests baseCodes when an UPPER code clashes with errata's lower one", () => {
    expect(() => defineCatalog({ errors: { NOT_FOUND: { status: 404, title: 'Nope' } } })).toThrow(
      /roles: \{ not_found: 'NOT_FOUND' \}, or spell every base code so: baseCodes: 'UPPER_SNAKE'\./,
    );
  });

  it('refuses an unknown spelling', () => {
    expect(failure(() => untyped({ errors: {}, baseCodes: 'camelCase' }))).toBe(
      'ERR_CATALOG_BASE_CODES',
    );
  });
});

describe('redefining a base code', () => {
  it('keeps errata’s retryable when the redefinition leaves it out', () => {
    const c = defineCatalog({
      errors: {
        quota_exceeded: { status: 429, title: 'Quota', message: 'Monthly quota used up.' },
        rate_limited: { status: 429, title: 'Slow down' },
        internal_error: { status: 500, title: 'Oops' },
      },
    });
    expect(c.get('quota_exceeded')?.retryable).toBe(false);
    expect(c.get('rate_limited')?.retryable).toBe(true);
    expect(c.get('internal_error')?.retryable).toBe(false);
    const upper = defineCatalog({
      baseCodes: 'UPPER_SNAKE',
      errors: { QUOTA_EXCEEDED: { status: 429, title: 'Quota' } },
    });
    expect(upper.get('QUOTA_EXCEEDED')?.retryable).toBe(false);
  });

  it('lets the redefinition say otherwise, and leaves codes that only share the name alone', () => {
    const c = defineCatalog({
      errors: { quota_exceeded: { status: 429, title: 'Quota', retryable: true } },
    });
    expect(c.get('quota_exceeded')?.retryable).toBe(true);
    const other = defineCatalog({
      errors: {
        quota_exceeded: { status: 429, title: 'Quota' },
        HARD: { status: 429, title: 'x' },
      },
      roles: { quota_exceeded: 'HARD' },
    });
    // quota_exceeded is no longer the role's code: the status default applies.
    expect(other.get('quota_exceeded')?.retryable).toBe(true);
  });
});

describe('the message function sees the occurrence', () => {
  const c = defineCatalog({
    baseCodes: 'UPPER_SNAKE',
    errors: {
      RATE_LIMITED: {
        status: 429,
        title: 'Rate limited',
        message: (_, { retryAfter }) => `Rate limit exceeded. Try again in ${retryAfter} seconds.`,
      },
      BAD_FIELDS: {
        status: 400,
        title: 'Bad fields',
        retryAfter: 7,
        message: (_, { fields, retryAfter }) => `${fields?.length ?? 0} bad, wait ${retryAfter}`,
      },
    },
  });

  it('gets retryAfter and fields', () => {
    expect(c.roleError('rate_limited', { retryAfter: 42 }).message).toBe(
      'Rate limit exceeded. Try again in 42 seconds.',
    );
    expect(c.roleError('quota_exceeded').code).toBe('QUOTA_EXCEEDED');
    const fields = [{ path: ['a'], message: 'x' }];
    expect(c.error('BAD_FIELDS', undefined, { fields }).message).toBe('1 bad, wait 7');
  });
});

describe('opt-in roles (Idempotency-Key)', () => {
  const own = { secret_not_found: { status: 404, title: 'Secret not found' } };

  it('stays out of a catalog that does not ask for them', () => {
    const catalog = defineCatalog({ errors: own });
    for (const role of OPT_IN_ROLES) {
      expect(catalog.roles[role]).toBeUndefined();
      expect(catalog.has(role)).toBe(false);
      expect(catalog.roleCode(role)).toBeUndefined();
      expect(() => catalog.roleError(role)).toThrow(TypeError);
    }
  });

  it('comes in with errata’s entries for `true` (idempotencyRoles)', () => {
    const catalog = defineCatalog({ roles: { ...idempotencyRoles }, errors: own });
    expect(catalog.codes.slice(-3)).toEqual([...OPT_IN_ROLES]);
    expect(catalog.roleError('idempotency_in_flight', { retryAfter: 3 })).toMatchObject({
      status: 409,
      code: 'idempotency_in_flight',
      retryable: true,
      retryAfter: 3,
    });
    expect(catalog.roleError('idempotency_key_reused')).toMatchObject({
      status: 422,
      retryable: false,
    });
    expect(catalog.roleError('idempotency_key_missing').status).toBe(400);
  });

  it('comes in when the catalog defines the base code, or maps the role to its own', () => {
    const catalog = defineCatalog({
      roles: { idempotency_in_flight: 'request_in_progress' },
      errors: {
        ...own,
        idempotency_key_missing: { status: 400, title: 'Key required' },
        request_in_progress: { status: 409, title: 'Busy', retryable: true },
      },
    });
    expect(catalog.roles.idempotency_key_missing).toBe('idempotency_key_missing');
    expect(catalog.roles.idempotency_in_flight).toBe('request_in_progress');
    expect(catalog.roles.idempotency_key_reused).toBeUndefined();
    expect(catalog.has('idempotency_in_flight')).toBe(false);
    expect(catalog.roleError('idempotency_key_missing').message).toBe('Key required');
  });

  it('takes false, and refuses `true` for a role that is not opt-in', () => {
    const off = untyped({ roles: { idempotency_key_reused: false }, errors: own });
    expect(off.roles.idempotency_key_reused).toBeUndefined();
    expect(failure(() => untyped({ roles: { not_found: true }, errors: own }))).toBe(
      'ERR_CATALOG_ROLE_TARGET',
    );
  });
});
