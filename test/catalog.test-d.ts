import * as v from 'valibot';
import { expectTypeOf, test } from 'vitest';
import { z } from 'zod';
import { baseEntries, idempotencyRoles, type OptInRole, type Role } from '../src/base-catalog.js';
import type { EntryDefinition, MessageContext } from '../src/catalog-types.js';
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
      | Exclude<Role, 'internal_error' | OptInRole>
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

test('a role switched off takes its base code out of the code union', () => {
  const lean = defineCatalog({
    errors: {},
    roles: { method_not_allowed: false, quota_exceeded: false },
  });
  expectTypeOf(lean.codes).toEqualTypeOf<
    readonly Exclude<Role, 'method_not_allowed' | 'quota_exceeded' | OptInRole>[]
  >();
  // @ts-expect-error a switched-off role has no code
  lean.error('method_not_allowed');
  // Roles that may be off read as possibly undefined; the required ones never are.
  expectTypeOf(lean.roles.method_not_allowed).toEqualTypeOf<
    (typeof lean.codes)[number] | undefined
  >();
  expectTypeOf(lean.roles.not_found).toEqualTypeOf<(typeof lean.codes)[number]>();
  expectTypeOf(lean.roleCode('method_not_allowed')).toEqualTypeOf<
    (typeof lean.codes)[number] | undefined
  >();
  // @ts-expect-error invalid_request, not_found and internal_error cannot be switched off
  defineCatalog({ errors: {}, roles: { not_found: false } });
  // @ts-expect-error nor internal_error
  defineCatalog({ errors: {}, roles: { internal_error: false } });
});

test("baseCodes: 'UPPER_SNAKE' spells the base codes in the union", () => {
  const upper = defineCatalog({
    baseCodes: 'UPPER_SNAKE',
    errors: {
      VALIDATION_ERROR: { status: 400, title: 'Validation error' },
      SERVER_ERROR: { status: 500, title: 'Server error' },
    },
    roles: { internal_error: 'SERVER_ERROR', method_not_allowed: false },
  });
  expectTypeOf(upper.codes).toEqualTypeOf<
    readonly (
      | 'VALIDATION_ERROR'
      | 'SERVER_ERROR'
      | Exclude<Uppercase<Role>, 'INTERNAL_ERROR' | 'METHOD_NOT_ALLOWED' | Uppercase<OptInRole>>
    )[]
  >();
  expectTypeOf(upper.error('NOT_FOUND')).toEqualTypeOf<ApiError<'NOT_FOUND', undefined>>();
  // @ts-expect-error the lower_snake spelling does not exist in this catalog
  upper.error('not_found');
  // Roles map to the UPPER_SNAKE base codes, not to the lower_snake ones.
  defineCatalog({
    baseCodes: 'UPPER_SNAKE',
    errors: {},
    roles: { not_acceptable: 'UNSUPPORTED_MEDIA_TYPE' },
  });
  defineCatalog({
    baseCodes: 'UPPER_SNAKE',
    errors: {},
    // @ts-expect-error no lower_snake base codes here
    roles: { not_acceptable: 'unsupported_media_type' },
  });
  // @ts-expect-error only the two spellings
  defineCatalog({ baseCodes: 'camelCase', errors: {} });
});

test('a message function gets the details and the occurrence', () => {
  defineCatalog({
    errors: {
      RATE_LIMITED: {
        status: 429,
        title: 'Rate limited',
        message: (details, occurrence) => {
          expectTypeOf(details).toEqualTypeOf<undefined>();
          expectTypeOf(occurrence).toEqualTypeOf<MessageContext>();
          expectTypeOf(occurrence.retryAfter).toEqualTypeOf<number | undefined>();
          return `Rate limit exceeded. Try again in ${occurrence.retryAfter} seconds.`;
        },
      },
      secret_not_found: {
        status: 404,
        title: 'Secret not found',
        details: z.object({ name: z.string() }),
        message: (d, { fields }) => `${d.name} ${fields?.length ?? 0}`,
      },
    },
  });
});

// base-catalog.ts cannot say so itself: catalog-types.ts imports its Role type.
test('base entries are entry definitions', () => {
  expectTypeOf(baseEntries).toMatchTypeOf<Record<string, EntryDefinition<undefined>>>();
});

test('opt-in roles join the codes only when asked for', () => {
  const plain = defineCatalog({ errors: { a_thing: { status: 400, title: 'A' } } });
  expectTypeOf<Extract<(typeof plain.codes)[number], OptInRole>>().toEqualTypeOf<never>();
  const asked = defineCatalog({
    roles: { ...idempotencyRoles, idempotency_key_reused: 'key_reused' },
    errors: { key_reused: { status: 422, title: 'Reused' } },
  });
  expectTypeOf<Extract<(typeof asked.codes)[number], OptInRole>>().toEqualTypeOf<
    'idempotency_key_missing' | 'idempotency_in_flight'
  >();
  expectTypeOf(asked.error('idempotency_in_flight')).toEqualTypeOf<
    ApiError<'idempotency_in_flight', undefined>
  >();
});
