import { describe, expect, it } from 'vitest';
import {
  createIdempotency,
  IdempotencyConfigError,
  type IdempotencyRequest,
  MemoryIdempotencyStore,
} from '../../src/idempotency/index.js';
import { defineCatalog } from '../../src/index.js';
import { catalog } from './fixtures.js';

const body = new TextEncoder().encode('{"amount":1}');
const request = (
  key: string | undefined,
  more: Partial<IdempotencyRequest> & { headers?: Record<string, string> } = {},
): IdempotencyRequest => ({
  method: more.method ?? 'POST',
  path: more.path ?? '/v1/charges',
  header: (name) => (name === 'idempotency-key' ? key : more.headers?.[name]),
});
const stored = { status: 201, headers: {}, body };

describe('createIdempotency', () => {
  it('refuses a catalog without the roles, naming them and the fix', () => {
    const plain = defineCatalog({ errors: {} });
    const attempt = () => createIdempotency({ catalog: plain });
    expect(attempt).toThrow(IdempotencyConfigError);
    expect(attempt).toThrow(
      /idempotency_key_missing, idempotency_key_reused, idempotency_in_flight/,
    );
    expect(attempt).toThrow(/idempotencyRoles/);
    try {
      attempt();
    } catch (error) {
      expect((error as IdempotencyConfigError).code).toBe('ERR_CATALOG_ROLE');
    }
  });

  it.each([
    [{ methods: 'POST' }, /methods/],
    [{ methods: [''] }, /methods/],
    [{ ttlSeconds: 0 }, /ttlSeconds/],
    [{ leaseSeconds: 1.5 }, /leaseSeconds/],
    [{ maxResponseBytes: -1 }, /maxResponseBytes/],
    [{ storeTimeoutMs: Number.NaN }, /storeTimeoutMs/],
    [{ onStoreError: 'sometimes' }, /onStoreError/],
    [{ serverErrors: 'drop' }, /serverErrors/],
    [{ required: 'yes' }, /required/],
    [{ store: { claim: () => {} } }, /complete\(\)/],
  ])('refuses a bad option %j at start-up', (bad, message) => {
    expect(() => createIdempotency({ catalog, ...(bad as object) })).toThrow(message);
  });

  it('answers with the codes a catalog maps the roles to', async () => {
    const own = defineCatalog({
      errors: {
        key_required: { status: 428, title: 'Key required' },
        key_conflict: { status: 409, title: 'Key conflict', retryable: true },
        key_mismatch: { status: 400, title: 'Key mismatch' },
      },
      roles: {
        idempotency_key_missing: 'key_required',
        idempotency_in_flight: 'key_conflict',
        idempotency_key_reused: 'key_mismatch',
      },
    });
    const engine = createIdempotency({ catalog: own, required: true });
    const missing = await engine.begin(request(undefined), body);
    expect(missing.kind === 'refuse' && [missing.error.code, missing.error.status]).toEqual([
      'key_required',
      428,
    ]);
    const first = await engine.begin(request('k'), body);
    expect(first.kind).toBe('run');
    const second = await engine.begin(request('k'), body);
    expect(second.kind === 'refuse' && second.error.code).toBe('key_conflict');
    if (first.kind === 'run') await first.run.finish(stored);
    const other = await engine.begin(request('k', { path: '/v1/other' }), body);
    expect(other.kind === 'refuse' && other.error.code).toBe('key_mismatch');
  });

  it('passes methods it does not cover, in any case, and covers the ones it is given', async () => {
    const engine = createIdempotency({ catalog, methods: ['put'], required: true });
    expect(engine.covers('PUT')).toBe(true);
    expect(engine.covers('post')).toBe(false);
    expect((await engine.begin(request('k', { method: 'POST' }), body)).kind).toBe('pass');
    expect((await engine.begin(request(undefined, { method: 'PUT' }), body)).kind).toBe('refuse');
  });

  it('keeps scopes apart, and fingerprints with the function it is given', async () => {
    const store = new MemoryIdempotencyStore();
    const engine = createIdempotency({
      catalog,
      store,
      scope: (req) => req.header('x-tenant') as string | undefined,
      // Only the method and path matter here: another body is the same request.
      fingerprint: ({ method, path }) => `${method} ${path}`,
    });
    const a = await engine.begin(request('k', { headers: { 'x-tenant': 'a' } }), body);
    const b = await engine.begin(request('k', { headers: { 'x-tenant': 'b' } }), body);
    expect([a.kind, b.kind]).toEqual(['run', 'run']);
    if (a.kind === 'run') await a.run.finish(stored);
    const again = await engine.begin(
      request('k', { headers: { 'x-tenant': 'a' } }),
      new TextEncoder().encode('{"amount":2}'),
    );
    expect(again.kind).toBe('replay');
    expect(store.size).toBe(2);
  });

  it('treats a key as the same key only within the same scope: "ab"+"c" is not "a"+"bc"', async () => {
    const engine = createIdempotency({ catalog, scope: (req) => req.header('x-s') as string });
    const one = await engine.begin(request('c', { headers: { 'x-s': 'ab' } }), body);
    const two = await engine.begin(request('bc', { headers: { 'x-s': 'a' } }), body);
    expect([one.kind, two.kind]).toEqual(['run', 'run']);
  });

  it('releases on a 5xx, keeps the lease when finish gets nothing, and settles once', async () => {
    const store = new MemoryIdempotencyStore();
    const engine = createIdempotency({ catalog, store });
    const first = await engine.begin(request('a'), body);
    if (first.kind !== 'run') throw new Error(first.kind);
    await first.run.finish({ ...stored, status: 502 });
    expect((await engine.begin(request('a'), body)).kind).toBe('run');

    const big = await engine.begin(request('b'), body);
    if (big.kind !== 'run') throw new Error(big.kind);
    await big.run.finish(undefined);
    await big.run.abandon(); // after finish: ignored, the lease stays
    const during = await engine.begin(request('b'), body);
    expect(during.kind === 'refuse' && during.error.code).toBe('idempotency_in_flight');
  });

  it('reports store failures to reportStoreError and answers 503, a throwing reporter included', async () => {
    const seen: unknown[] = [];
    const broken = {
      claim: () =>
        Promise.reject(new Error("READONLY You can't write against a read only replica.")),
      complete: () => Promise.resolve(true),
      release: () => Promise.resolve(),
    };
    const engine = createIdempotency({
      catalog,
      store: broken,
      reportStoreError: (e) => seen.push(e),
    });
    const begun = await engine.begin(request('k'), body);
    expect(begun.kind === 'refuse' && [begun.error.status, begun.error.retryAfter]).toEqual([
      503, 1,
    ]);
    expect(begun.kind === 'refuse' && begun.error.message).not.toMatch(/READONLY|replica/);
    expect(seen).toHaveLength(1);
    const loud = createIdempotency({
      catalog,
      store: broken,
      reportStoreError: () => {
        throw new Error('logger down');
      },
    });
    expect((await loud.begin(request('k'), body)).kind).toBe('refuse');
  });
});
