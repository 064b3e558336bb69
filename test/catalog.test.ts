import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError, isApiError } from '../src/api-error.js';
import { baseEntries, OPT_IN_ROLES, ROLES } from '../src/base-catalog.js';
import { baseCatalog, codeAnchor, defineCatalog } from '../src/catalog.js';
import { CatalogDefinitionError, type CatalogDefinitionErrorCode } from '../src/catalog-error.js';
import { parseErrorBody } from '../src/parse/index.js';
import { renderError, toApiError } from '../src/render.js';

/** Run a definition that must fail, and return the error's stable code. */
function failure(define: () => unknown): CatalogDefinitionErrorCode {
  try {
    define();
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogDefinitionError);
    const e = error as CatalogDefinitionError;
    expect(e.name).toBe('CatalogDefinitionError');
    expect(e.message).toMatch(/^errata: invalid catalog: /);
    return e.code;
  }
  throw new Error('the definition did not fail');
}

/** Bypass compile-time checks to hand defineCatalog what plain JavaScript could. */
// biome-ignore lint/suspicious/noExplicitAny: deliberately untyped input
const untyped = (definition: unknown) => defineCatalog(definition as any);

/** The roles every catalog has unless it switches them off. */
const DEFAULT_ROLES = ROLES.filter((r) => !(OPT_IN_ROLES as readonly string[]).includes(r));

describe('base catalog', () => {
  it('maps every role to its default code', () => {
    expect(ROLES).toEqual([
      'invalid_request',
      'not_found',
      'method_not_allowed',
      'not_acceptable',
      'payload_too_large',
      'unsupported_media_type',
      'validation_error',
      'rate_limited',
      'quota_exceeded',
      'internal_error',
      'service_unavailable',
      'upstream_timeout',
      'idempotency_key_missing',
      'idempotency_key_reused',
      'idempotency_in_flight',
    ]);
    // The opt-in roles stay out of a catalog that does not ask for them.
    expect(baseCatalog.roles).toEqual(Object.fromEntries(DEFAULT_ROLES.map((r) => [r, r])));
    expect(baseCatalog.codes).toEqual(DEFAULT_ROLES);
    for (const role of DEFAULT_ROLES) {
      const entry = baseCatalog.get(role);
      expect(entry).toMatchObject({
        code: role,
        status: baseEntries[role].status,
        title: baseEntries[role].title,
        roles: [role],
        base: true,
      });
    }
  });

  it('has the documented statuses and retry rules', () => {
    const view = Object.fromEntries(
      baseCatalog.entries().map((e) => [e.code, [e.status, e.retryable, e.expose]]),
    );
    expect(view).toEqual({
      invalid_request: [400, false, true],
      not_found: [404, false, true],
      method_not_allowed: [405, false, true],
      not_acceptable: [406, false, true],
      payload_too_large: [413, false, true],
      unsupported_media_type: [415, false, true],
      validation_error: [422, false, true],
      rate_limited: [429, true, true],
      quota_exceeded: [429, false, true],
      internal_error: [500, false, false],
      service_unavailable: [503, true, false],
      upstream_timeout: [504, true, false],
    });
  });

  it('keeps an app without catalog working', () => {
    const e = baseCatalog.roleError('not_found');
    expect(e).toBeInstanceOf(ApiError);
    expect(e.code).toBe('not_found');
    expect(e.status).toBe(404);
    expect(e.title).toBe('Not found');
    expect(e.type).toBeUndefined();
    expect(baseCatalog.domain).toBe('errata');
  });
});

describe('defineCatalog', () => {
  const catalog = defineCatalog({
    typeBase: 'https://api.example.com/errors/',
    docsUrl: 'https://docs.example.com/errors',
    domain: 'api.example.com',
    errors: {
      secret_not_found: {
        status: 404,
        title: 'Secret not found',
        category: 'not_found',
        description: 'No secret exists at this path.',
        details: z.object({ path: z.string() }),
        message: (d) => `No secret at '${d.path}'`,
      },
      quota_hit: {
        status: 429,
        title: 'Quota hit',
        details: v.object({ limit: v.number(), tier: v.picklist(['free', 'pro']) }),
        message: (d) => `Limit of ${d.limit} on the ${d.tier} tier`,
        retryable: false,
        retryAfter: 3600,
      },
      resource_limit_exceeded: {
        status: 403,
        title: 'Resource Limit Exceeded',
        type: 'resource_limit_exceeded',
        docUrl: 'https://elsewhere.example.com/limits',
      },
      'token.expired': {
        status: 401,
        title: 'Token expired',
        headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
        since: '2024-06-01',
        deprecated: 'token_invalid',
      },
      VALIDATION_ERROR: { status: 400, title: 'Validation error' },
      SERVER_ERROR: { status: 500, title: 'Server error', message: 'Something broke.' },
    },
    roles: { validation_error: 'VALIDATION_ERROR', internal_error: 'SERVER_ERROR' },
  });

  it('lists own codes first, then the base codes still in use', () => {
    expect(catalog.codes).toEqual([
      'secret_not_found',
      'quota_hit',
      'resource_limit_exceeded',
      'token.expired',
      'VALIDATION_ERROR',
      'SERVER_ERROR',
      ...DEFAULT_ROLES.filter((r) => r !== 'validation_error' && r !== 'internal_error'),
    ]);
    expect(catalog.entries().map((e) => e.code)).toEqual(catalog.codes);
    expect(catalog.domain).toBe('api.example.com');
    expect(catalog.typeBase).toBe('https://api.example.com/errors/');
    expect(catalog.docsUrl).toBe('https://docs.example.com/errors');
  });

  it('removes remapped base codes and routes their roles to the new codes', () => {
    expect(catalog.has('validation_error')).toBe(false);
    expect(catalog.has('internal_error')).toBe(false);
    expect(catalog.get('internal_error')).toBeUndefined();
    expect(catalog.roles.validation_error).toBe('VALIDATION_ERROR');
    expect(catalog.roles.internal_error).toBe('SERVER_ERROR');
    expect(catalog.roles.not_found).toBe('not_found');
    expect(catalog.get('VALIDATION_ERROR')?.roles).toEqual(['validation_error']);
    expect(catalog.get('SERVER_ERROR')?.roles).toEqual(['internal_error']);
    expect(catalog.get('SERVER_ERROR')?.base).toBe(false);

    const invalid = catalog.roleError('validation_error', {
      fields: [{ path: ['title'], message: 'is required' }],
    });
    expect(invalid.code).toBe('VALIDATION_ERROR');
    expect(invalid.status).toBe(400);
    expect(invalid.fields).toEqual([{ path: ['title'], message: 'is required' }]);

    const crash = toApiError(new TypeError('x is undefined'), catalog);
    expect(crash.code).toBe('SERVER_ERROR');
    expect(crash.status).toBe(500);
    expect(crash.message).toBe('Something broke.');
    expect(crash.expose).toBe(false);
    expect((crash.cause as Error).message).toBe('x is undefined');
  });

  it('throws a TypeError for unknown codes and roles at run time', () => {
    // @ts-expect-error remapped base code is gone
    expect(() => catalog.error('validation_error')).toThrow(TypeError);
    expect(() => catalog.roleError('teapot')).toThrow(/unknown role 'teapot'/);
  });

  it('builds the message from the details', () => {
    const e = catalog.error('secret_not_found', { path: 'prod/db' });
    expect(e.message).toBe("No secret at 'prod/db'");
    expect(e.details).toEqual({ path: 'prod/db' });
    expect(e.title).toBe('Secret not found');
    const q = catalog.error('quota_hit', { limit: 3, tier: 'free' });
    expect(q.message).toBe('Limit of 3 on the free tier');
    expect(q.details).toEqual({ limit: 3, tier: 'free' });
  });

  it('uses the title when there is no message, and lets an occurrence replace it', () => {
    expect(catalog.error('VALIDATION_ERROR').message).toBe('Validation error');
    expect(
      catalog.error('VALIDATION_ERROR', undefined, { message: 'title is required' }).message,
    ).toBe('title is required');
  });

  it('derives type URIs from typeBase, unless an entry names its own', () => {
    expect(catalog.get('secret_not_found')?.type).toBe(
      'https://api.example.com/errors/secret_not_found',
    );
    expect(catalog.get('VALIDATION_ERROR')?.type).toBe(
      'https://api.example.com/errors/VALIDATION_ERROR',
    );
    expect(catalog.get('not_found')?.type).toBe('https://api.example.com/errors/not_found');
    expect(catalog.get('resource_limit_exceeded')?.type).toBe('resource_limit_exceeded');
    expect(catalog.error('secret_not_found', { path: 'a' }).type).toBe(
      'https://api.example.com/errors/secret_not_found',
    );
  });

  it('links every entry to its anchor on the docs page, unless it has its own docUrl', () => {
    expect(codeAnchor('VALIDATION_ERROR')).toBe('validation_error');
    expect(codeAnchor('token.expired')).toBe('token-expired');
    expect(catalog.get('VALIDATION_ERROR')?.docUrl).toBe(
      'https://docs.example.com/errors#validation_error',
    );
    expect(catalog.get('token.expired')?.docUrl).toBe(
      'https://docs.example.com/errors#token-expired',
    );
    expect(catalog.get('resource_limit_exceeded')?.docUrl).toBe(
      'https://elsewhere.example.com/limits',
    );
    expect(catalog.error('SERVER_ERROR').docUrl).toBe(
      'https://docs.example.com/errors#server_error',
    );
  });

  it('has no type or docUrl without typeBase and docsUrl', () => {
    const plain = defineCatalog({ errors: { gone: { status: 410, title: 'Gone' } } });
    expect(plain.get('gone')?.type).toBeUndefined();
    expect(plain.get('gone')?.docUrl).toBeUndefined();
    expect(plain.error('gone').type).toBeUndefined();
  });

  it('resolves entry defaults', () => {
    expect(catalog.get('secret_not_found')).toEqual({
      code: 'secret_not_found',
      status: 404,
      title: 'Secret not found',
      description: 'No secret exists at this path.',
      category: 'not_found',
      message: expect.any(Function),
      details: expect.anything(),
      retryable: false,
      expose: true,
      type: 'https://api.example.com/errors/secret_not_found',
      since: undefined,
      deprecated: false,
      docUrl: 'https://docs.example.com/errors#secret_not_found',
      headers: {},
      retryAfter: undefined,
      causes: [],
      resolution: [],
      examples: [],
      reported: false,
      roles: [],
      base: false,
    });
    expect(catalog.get('token.expired')).toMatchObject({
      description: '',
      category: 'general',
      message: 'Token expired',
      since: '2024-06-01',
      deprecated: 'token_invalid',
      headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
    });
    expect(Object.isFrozen(catalog.get('not_found')?.roles)).toBe(true);
  });

  it('lets an entry override the retry default (a hard quota 429 is not retryable)', () => {
    const q = catalog.error('quota_hit', { limit: 3, tier: 'pro' });
    expect(q.status).toBe(429);
    expect(q.retryable).toBe(false);
    expect(q.retryAfter).toBe(3600);
    expect(catalog.roleError('rate_limited').retryable).toBe(true);
    expect(catalog.roleError('quota_exceeded').retryable).toBe(false);
    const flipped = defineCatalog({
      errors: {
        flaky: { status: 500, title: 'Flaky', retryable: true, expose: true },
        slow: { status: 504, title: 'Slow' },
      },
    });
    expect(flipped.error('flaky').retryable).toBe(true);
    expect(flipped.error('flaky').expose).toBe(true);
    expect(flipped.error('slow').retryable).toBe(true);
    expect(flipped.error('slow').expose).toBe(false);
  });

  it('applies per-occurrence options', () => {
    const cause = new Error('disk full');
    const e = catalog.error('token.expired', undefined, {
      cause,
      requestId: 'req_7',
      retryAfter: 9,
      headers: { 'X-Extra': '1' },
    });
    expect(e.cause).toBe(cause);
    expect(e.requestId).toBe('req_7');
    expect(e.retryAfter).toBe(9);
    expect(e.headers).toEqual({
      'WWW-Authenticate': 'Bearer error="invalid_token"',
      'X-Extra': '1',
    });
    // the entry's headers are not shared with (or mutated by) occurrences
    e.headers['X-Mutated'] = 'yes';
    expect(catalog.get('token.expired')?.headers).toEqual({
      'WWW-Authenticate': 'Bearer error="invalid_token"',
    });
  });

  it('passes role details through roleError', () => {
    const e = catalog.roleError('quota_exceeded', { details: { limit: 10 }, retryAfter: 60 });
    expect(e.code).toBe('quota_exceeded');
    expect(e.details).toEqual({ limit: 10 });
    expect(e.retryAfter).toBe(60);
  });

  it('overrides a base entry when the catalog redefines its code', () => {
    const own = defineCatalog({
      errors: {
        not_found: { status: 404, title: 'Nothing here', message: 'No such thing.' },
        rate_limited: { status: 429, title: 'Slow down', retryAfter: 45 },
      },
    });
    const entry = own.get('not_found');
    expect(entry?.base).toBe(false);
    expect(entry?.roles).toEqual(['not_found']);
    expect(own.codes.filter((c) => c === 'not_found')).toHaveLength(1);
    const e = own.roleError('not_found');
    expect(e.title).toBe('Nothing here');
    expect(e.message).toBe('No such thing.');
    expect(own.roleError('rate_limited').retryAfter).toBe(45);
  });

  it('may map several roles to one code', () => {
    const one = defineCatalog({
      errors: { LIMITED: { status: 429, title: 'Limited' } },
      roles: { rate_limited: 'LIMITED', quota_exceeded: 'LIMITED' },
    });
    expect(one.get('LIMITED')?.roles).toEqual(['rate_limited', 'quota_exceeded']);
    expect(one.roleError('quota_exceeded').code).toBe('LIMITED');
    expect(one.has('rate_limited')).toBe(false);
    expect(one.has('quota_exceeded')).toBe(false);
  });

  it('may map a role to another base code', () => {
    const c = defineCatalog({ errors: {}, roles: { not_acceptable: 'unsupported_media_type' } });
    expect(c.has('not_acceptable')).toBe(false);
    expect(c.roleError('not_acceptable').status).toBe(415);
    // roles are listed in role order
    expect(c.get('unsupported_media_type')?.roles).toEqual([
      'not_acceptable',
      'unsupported_media_type',
    ]);
  });
});

describe('invalid catalogs fail at definition', () => {
  const entry = { status: 404, title: 'Gone missing' };

  it.each([
    ['status 200', { ...entry, status: 200 }, 'ERR_CATALOG_STATUS'],
    ['status 600', { ...entry, status: 600 }, 'ERR_CATALOG_STATUS'],
    ['status 404.5', { ...entry, status: 404.5 }, 'ERR_CATALOG_STATUS'],
    ["status '404'", { ...entry, status: '404' }, 'ERR_CATALOG_STATUS'],
    ['status NaN', { ...entry, status: Number.NaN }, 'ERR_CATALOG_STATUS'],
    ['missing status', { title: 'x' }, 'ERR_CATALOG_STATUS'],
    ['empty title', { ...entry, title: '' }, 'ERR_CATALOG_TITLE'],
    ['blank title', { ...entry, title: '   ' }, 'ERR_CATALOG_TITLE'],
    ['missing title', { status: 404 }, 'ERR_CATALOG_TITLE'],
    ['numeric message', { ...entry, message: 42 }, 'ERR_CATALOG_MESSAGE'],
    ['non-schema details', { ...entry, details: { name: 'string' } }, 'ERR_CATALOG_DETAILS'],
    ['null details', { ...entry, details: null }, 'ERR_CATALOG_DETAILS'],
    ['non-boolean retryable', { ...entry, retryable: 'yes' }, 'ERR_CATALOG_FLAG'],
    ['non-boolean expose', { ...entry, expose: 1 }, 'ERR_CATALOG_FLAG'],
    ['numeric deprecated', { ...entry, deprecated: 1 }, 'ERR_CATALOG_FLAG'],
    ['negative retryAfter', { ...entry, retryAfter: -1 }, 'ERR_CATALOG_RETRY_AFTER'],
    ['infinite retryAfter', { ...entry, retryAfter: Infinity }, 'ERR_CATALOG_RETRY_AFTER'],
    ['non-string type', { ...entry, type: 42 }, 'ERR_CATALOG_ENTRY'],
    [
      'header with a line break',
      { ...entry, headers: { 'X-A': 'a\r\nSet-Cookie: x' } },
      'ERR_CATALOG_ENTRY',
    ],
    ['header with a bad name', { ...entry, headers: { 'X A': 'a' } }, 'ERR_CATALOG_ENTRY'],
    ['non-string header value', { ...entry, headers: { 'X-A': 1 } }, 'ERR_CATALOG_ENTRY'],
    ['entry not an object', 'Gone missing', 'ERR_CATALOG_ENTRY'],
    ['entry null', null, 'ERR_CATALOG_ENTRY'],
  ])('%s', (_, def, code) => {
    expect(failure(() => untyped({ errors: { gone_missing: def } }))).toBe(code);
  });

  it.each([
    ['1st_code'],
    ['has space'],
    ['slash/code'],
    ['émoji'],
    [''],
    ['_leading'],
    ['x'.repeat(101)],
  ])('code %j', (code) => {
    expect(failure(() => untyped({ errors: { [code]: entry } }))).toBe('ERR_CATALOG_CODE');
  });

  it('accepts codes of letters, digits, _, ., - up to 100 characters', () => {
    const c = untyped({ errors: { 'a.b-c_D9': entry, ['x'.repeat(100)]: entry } });
    expect(c.has('a.b-c_D9')).toBe(true);
  });

  it.each([
    ['no definition', undefined],
    ['null', null],
    ['no errors', {}],
    ['errors null', { errors: null }],
    ['errors an array', { errors: [entry] }],
  ])('shape: %s', (_, definition) => {
    expect(failure(() => untyped(definition))).toBe('ERR_CATALOG_SHAPE');
  });

  it('rejects an unknown role', () => {
    expect(failure(() => untyped({ errors: {}, roles: { teapot: 'not_found' } }))).toBe(
      'ERR_CATALOG_ROLE',
    );
  });

  it('rejects a role mapped to a code the catalog does not define', () => {
    expect(failure(() => untyped({ errors: {}, roles: { internal_error: 'SERVER_ERROR' } }))).toBe(
      'ERR_CATALOG_ROLE_TARGET',
    );
    expect(failure(() => untyped({ errors: {}, roles: { internal_error: 42 } }))).toBe(
      'ERR_CATALOG_ROLE_TARGET',
    );
  });

  it('rejects own codes that differ only in case or separators', () => {
    expect(
      failure(() => untyped({ errors: { secret_expired: entry, 'Secret-Expired': entry } })),
    ).toBe('ERR_CATALOG_DUPLICATE');
  });

  it('rejects a code that shadows a base code by case, and names the remedy', () => {
    let error: unknown;
    try {
      untyped({ errors: { NOT_FOUND: entry } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CatalogDefinitionError);
    expect((error as CatalogDefinitionError).code).toBe('ERR_CATALOG_DUPLICATE');
    expect((error as CatalogDefinitionError).message).toContain(
      "If 'NOT_FOUND' replaces errata's 'not_found', map the role to it: roles: { not_found: 'NOT_FOUND' }, or spell every base code so: baseCodes: 'UPPER_SNAKE'.",
    );
    // the remedy makes it valid
    const fixed = defineCatalog({
      errors: { NOT_FOUND: entry },
      roles: { not_found: 'NOT_FOUND' },
    });
    expect(fixed.has('not_found')).toBe(false);
    expect(fixed.roleError('not_found').code).toBe('NOT_FOUND');
  });

  it('is a CatalogDefinitionError, never a plain TypeError', () => {
    expect(() => untyped({ errors: { ok: { status: 404, title: 'x', details: 5 } } })).toThrow(
      CatalogDefinitionError,
    );
  });
});

describe('catalog.is', () => {
  const catalog = defineCatalog({
    errors: {
      secret_not_found: {
        status: 404,
        title: 'Secret not found',
        details: z.object({ path: z.string() }),
      },
    },
  });

  it('narrows by code at run time', () => {
    const caught: unknown = catalog.error('secret_not_found', { path: 'a/b' });
    expect(catalog.is(caught, 'secret_not_found')).toBe(true);
    expect(catalog.is(caught, 'not_found')).toBe(false);
    if (catalog.is(caught, 'secret_not_found')) {
      expect(caught.details?.path).toBe('a/b');
    }
    expect(catalog.is(new Error('secret_not_found'), 'secret_not_found')).toBe(false);
    expect(catalog.is({ code: 'secret_not_found' }, 'secret_not_found')).toBe(false);
    expect(isApiError(caught, 'secret_not_found')).toBe(true);
  });
});

describe('details schemas', () => {
  const catalog = defineCatalog({
    errors: {
      zod_entry: {
        status: 400,
        title: 'Zod',
        details: z.object({ min: z.number(), field: z.string() }),
        message: (d) => `${d.field} must be at least ${d.min}`,
      },
      valibot_entry: {
        status: 400,
        title: 'Valibot',
        details: v.object({ allowed: v.array(v.string()) }),
        message: (d) => `expected one of ${d.allowed.join(', ')}`,
      },
    },
  });

  it('accepts Zod and Valibot schemas and keeps them on the entry', async () => {
    for (const code of ['zod_entry', 'valibot_entry'] as const) {
      const schema = catalog.get(code)?.details;
      expect(schema?.['~standard'].version).toBe(1);
      expect(typeof schema?.['~standard'].validate).toBe('function');
    }
    expect(catalog.get('zod_entry')?.details?.['~standard'].vendor).toBe('zod');
    expect(catalog.get('valibot_entry')?.details?.['~standard'].vendor).toBe('valibot');
    const ok = await catalog.get('valibot_entry')?.details?.['~standard'].validate({
      allowed: ['low'],
    });
    expect(ok).toMatchObject({ value: { allowed: ['low'] } });
    expect(ok?.issues).toBeUndefined();
  });

  it('types messages and details from either library', () => {
    const a = catalog.error('zod_entry', { min: 1, field: 'qty' });
    expect(a.message).toBe('qty must be at least 1');
    expect(a.details).toEqual({ min: 1, field: 'qty' });
    const b = catalog.error('valibot_entry', { allowed: ['low', 'high'] });
    expect(b.message).toBe('expected one of low, high');
    expect(b.details).toEqual({ allowed: ['low', 'high'] });
  });
});

describe('catalog.normalize', () => {
  const catalog = defineCatalog({
    typeBase: 'https://api.example.com/errors/',
    errors: {
      secret_not_found: {
        status: 404,
        title: 'Secret not found',
        details: z.object({ path: z.string() }),
        headers: { 'X-Vault': 'main' },
      },
      quota_hit: { status: 429, title: 'Quota hit', retryable: false, retryAfter: 60 },
    },
  });

  it("rebuilds an error with the catalog's view of its code", () => {
    const cause = new Error('lookup failed');
    const loose = new ApiError({
      status: 400,
      code: 'secret_not_found',
      message: "No secret at 'a/b'",
      details: { path: 'a/b' },
      requestId: 'req_3',
      cause,
    });
    const n = catalog.normalize(loose);
    expect(n).not.toBe(loose);
    expect(n.status).toBe(404);
    expect(n.code).toBe('secret_not_found');
    expect(n.title).toBe('Secret not found');
    expect(n.message).toBe("No secret at 'a/b'");
    expect(n.details).toEqual({ path: 'a/b' });
    expect(n.requestId).toBe('req_3');
    expect(n.type).toBe('https://api.example.com/errors/secret_not_found');
    expect(n.headers).toEqual({ 'X-Vault': 'main' });
    expect(n.cause).toBe(cause);
  });

  it('applies retry rules and default Retry-After of the entry', () => {
    const n = catalog.normalize(new ApiError({ status: 429, code: 'quota_hit' }));
    expect(n.retryable).toBe(false);
    expect(n.retryAfter).toBe(60);
    const kept = catalog.normalize(new ApiError({ status: 429, code: 'quota_hit', retryAfter: 5 }));
    expect(kept.retryAfter).toBe(5);
  });

  it('finds a code respelt in UPPER_SNAKE (google reasons) and restores its spelling', () => {
    const parsed = new ApiError({
      status: 404,
      code: 'SECRET_NOT_FOUND',
      format: 'google',
      raw: { error: {} },
      expose: true,
    });
    const n = catalog.normalize(parsed);
    expect(n.code).toBe('secret_not_found');
    expect(n.format).toBe('google');
    expect(n.raw).toEqual({ error: {} });
  });

  it('returns errors of unknown codes unchanged', () => {
    const other = new ApiError({ status: 418, code: 'teapot' });
    expect(catalog.normalize(other)).toBe(other);
  });
});

describe('normalize restores codes respelt by the google format', () => {
  it('maps UPPER_SNAKE reasons of camelCase and dotted codes back', () => {
    const catalog = defineCatalog({
      errors: {
        secretNotFound: { status: 404, title: 'Secret not found' },
        'token.expired': { status: 401, title: 'Token expired' },
      },
    });
    for (const code of ['secretNotFound', 'token.expired'] as const) {
      const rendered = renderError(catalog.error(code), { format: 'google' });
      const parsed = parseErrorBody(rendered);
      expect(parsed.code).not.toBe(code);
      expect(catalog.normalize(parsed).code).toBe(code);
    }
  });

  it('refuses codes that only differ by camelCase humps', () => {
    expect(() =>
      defineCatalog({
        errors: {
          secretNotFound: { status: 404, title: 'a' },
          secret_not_found: { status: 404, title: 'b' },
        },
      }),
    ).toThrow(CatalogDefinitionError);
  });
});
