import * as v from 'valibot';
import { expectTypeOf, test } from 'vitest';
import { z } from 'zod';
import { type ApiError, defineCatalog } from '../src/index.js';

const catalog = defineCatalog({
  typeBase: 'https://api.example.com/errors/',
  errors: {
    secret_not_found: {
      status: 404,
      title: 'Secret not found',
      details: z.object({ name: z.string() }),
      message: (d) => `Secret '${d.name}' not found`,
    },
    quota_hit: {
      status: 429,
      title: 'Quota hit',
      details: v.object({ limit: v.number(), tier: v.picklist(['free', 'pro']) }),
      message: (d) => `limit ${d.limit} on ${d.tier}`,
      retryable: false,
    },
    version_conflict: { status: 409, title: 'Version conflict' },
    SERVER_ERROR: { status: 500, title: 'Server error' },
  },
  roles: { internal_error: 'SERVER_ERROR' },
});

test('codes and details are inferred', () => {
  expectTypeOf(catalog.error('secret_not_found', { name: 'db' })).toEqualTypeOf<
    ApiError<'secret_not_found', { name: string }>
  >();
  expectTypeOf(catalog.error('quota_hit', { limit: 3, tier: 'free' }).details).toEqualTypeOf<
    { limit: number; tier: 'free' | 'pro' } | undefined
  >();
  expectTypeOf(catalog.error('version_conflict')).toEqualTypeOf<
    ApiError<'version_conflict', undefined>
  >();
  // base codes stay available unless remapped
  expectTypeOf(catalog.error('validation_error')).toEqualTypeOf<
    ApiError<'validation_error', undefined>
  >();
  expectTypeOf(catalog.codes).toEqualTypeOf<
    readonly (
      | 'secret_not_found'
      | 'quota_hit'
      | 'version_conflict'
      | 'SERVER_ERROR'
      | Exclude<import('../src/index.js').Role, 'internal_error'>
    )[]
  >();
});

test('wrong codes and details do not compile', () => {
  // @ts-expect-error unknown code
  catalog.error('no_such_code');
  // @ts-expect-error details required by the schema
  catalog.error('secret_not_found');
  // @ts-expect-error wrong details type
  catalog.error('secret_not_found', { name: 42 });
  // @ts-expect-error wrong picklist member
  catalog.error('quota_hit', { limit: 1, tier: 'gold' });
  // @ts-expect-error a remapped role's base code is gone
  catalog.error('internal_error');
  defineCatalog({
    errors: { A: { status: 400, title: 'a' } },
    // @ts-expect-error a role may only map to a code the catalog has
    roles: { validation_error: 'B' },
  });
});

test('is() narrows to the code and its details', () => {
  const e: unknown = catalog.error('secret_not_found', { name: 'x' });
  if (catalog.is(e, 'secret_not_found')) {
    expectTypeOf(e.code).toEqualTypeOf<'secret_not_found'>();
    expectTypeOf(e.details).toEqualTypeOf<{ name: string } | undefined>();
  }
});
