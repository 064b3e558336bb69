import { expectTypeOf, test } from 'vitest';
import { vaultCatalog } from '../../examples/vault/catalog.js';
import {
  type ApiError,
  type Client,
  type ClientResponse,
  createClient,
  isApiError,
  type RetryEvent,
  type RetryOptions,
} from '../../src/client/index.js';
import {
  createClient as createLiteClient,
  type ClientResponse as LiteResponse,
} from '../../src/client/lite.js';
import type { Catalog } from '../../src/index.js';

const client = createClient({ baseUrl: 'https://vault.example.com', catalog: vaultCatalog });
const plain = createClient({ baseUrl: new URL('https://api.example.com/v1/') });
const lite = createLiteClient({ baseUrl: 'https://api.example.com' });

/** The code → details map of a catalog. */
type CodesOf<C> = C extends Catalog<infer D extends Record<string, unknown>> ? D : never;

test('the catalog types the client', () => {
  expectTypeOf(client).toEqualTypeOf<Client<CodesOf<typeof vaultCatalog>>>();
  expectTypeOf(plain).toEqualTypeOf<Client<Record<string, unknown>>>();
});

test('is() narrows to the code and its details', () => {
  const e: unknown = undefined;
  if (client.is(e, 'secret_not_found')) {
    expectTypeOf(e).toEqualTypeOf<ApiError<'secret_not_found', { name: string }>>();
    expectTypeOf(e.code).toEqualTypeOf<'secret_not_found'>();
    expectTypeOf(e.details).toEqualTypeOf<{ name: string } | undefined>();
  }
  if (client.is(e, 'version_conflict')) {
    expectTypeOf(e.details).toEqualTypeOf<
      { name: string; expected: string; current_version: number } | undefined
    >();
  }
  // Base codes (roles) are part of every catalog, without details.
  if (client.is(e, 'rate_limited')) {
    expectTypeOf(e.details).toEqualTypeOf<undefined>();
  }
  // isApiError from the core narrows the code, not the details.
  if (isApiError(e, 'secret_not_found')) {
    expectTypeOf(e.code).toEqualTypeOf<'secret_not_found'>();
    expectTypeOf(e.details).toEqualTypeOf<unknown>();
  }
});

test('a code the catalog does not define does not compile', () => {
  // @ts-expect-error unknown code
  client.is(undefined, 'no_such_code');
  // @ts-expect-error codes are matched exactly at compile time
  client.is(undefined, 'SECRET_NOT_FOUND');
});

test('without a catalog, any code is accepted and details are unknown', () => {
  const e: unknown = undefined;
  if (plain.is(e, 'anything')) {
    expectTypeOf(e.code).toEqualTypeOf<'anything'>();
    expectTypeOf(e.details).toEqualTypeOf<unknown>();
  }
});

test('the JSON helpers resolve to the type asked for', () => {
  type Secret = { name: string; value: string; version: number };
  expectTypeOf(client.get<Secret>('/v1/secrets/db')).toEqualTypeOf<Promise<Secret>>();
  expectTypeOf(client.put<Secret>('/v1/secrets/db', { value: 'v' })).toEqualTypeOf<
    Promise<Secret>
  >();
  expectTypeOf(client.post('/x', {})).toEqualTypeOf<Promise<unknown>>();
  expectTypeOf(client.delete<undefined>('/x')).toEqualTypeOf<Promise<undefined>>();
  expectTypeOf(client.request('/x')).toEqualTypeOf<Promise<ClientResponse>>();
  // @ts-expect-error GET takes no body: the second argument is the request options
  client.get('/x', { value: 1 });
});

test('options are checked', () => {
  // @ts-expect-error baseUrl is required
  createClient({});
  // @ts-expect-error idempotencyKey is 'auto' or false
  createClient({ baseUrl: 'http://x', retry: { idempotencyKey: true } });
  createClient({ baseUrl: 'http://x', retry: false, fetch: globalThis.fetch });
  const onRetry: RetryOptions['onRetry'] = (event) => {
    expectTypeOf(event).toEqualTypeOf<RetryEvent>();
    expectTypeOf(event.reason).toEqualTypeOf<'status' | 'refused' | 'reset' | 'timeout'>();
    expectTypeOf(event.error).toEqualTypeOf<ApiError>();
  };
  void onRetry;
});

test('request() resolves with a Response that says whether it was replayed', async () => {
  const res = await plain.request('/v1/orders', { method: 'POST' });
  expectTypeOf(res.replayed).toEqualTypeOf<boolean>();
  // Still fetch's Response: code written against Response keeps compiling.
  expectTypeOf(res).toExtend<Response>();
  const asResponse: Promise<Response> = plain.request('/x');
  void asResponse;
  // @ts-expect-error read-only, like `redirected`
  res.replayed = true;
});

test('the lite entry resolves with the same ClientResponse', () => {
  expectTypeOf(lite.request('/x')).toEqualTypeOf<Promise<LiteResponse>>();
  expectTypeOf<LiteResponse>().toEqualTypeOf<ClientResponse>();
});
