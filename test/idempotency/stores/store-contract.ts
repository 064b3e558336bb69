import { describe, expect, it } from 'vitest';
import type { IdempotencyStore, StoredResponse } from '../../../src/idempotency/index.js';

/** Builds a fresh store for each test. */
export type IdempotencyStoreFactory = () => IdempotencyStore | Promise<IdempotencyStore>;

let unique = 0;
/** Keys unique per test, so a shared backend (one Redis) needs no flushing between tests. */
const freshKey = () => `contract-${process.pid}-${Date.now()}-${unique++}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const every = new Uint8Array(256).map((_, i) => i);
const response = (body: Uint8Array = every, status = 201): StoredResponse => ({
  status,
  headers: { 'content-type': 'application/octet-stream', 'x-thing': 'a "quoted", \\ value' },
  body,
});

const plain = (r: StoredResponse) => ({ ...r, body: [...r.body] });

/**
 * The one behaviour every IdempotencyStore must have. Leases and TTLs are real time (Redis
 * expires keys on its own clock); the waits only ever go past an expiry, never race one.
 * @example describeIdempotencyStoreContract('memory', () => new MemoryIdempotencyStore())
 */
export function describeIdempotencyStoreContract(
  name: string,
  makeStore: IdempotencyStoreFactory,
): void {
  describe(`${name} (idempotency store contract)`, () => {
    it('claims a free key once; later claims see the lease with its fingerprint and time left', async () => {
      const store = await makeStore();
      const key = freshKey();
      expect(await store.claim(key, 'fp-1', 't1', 30_000)).toEqual({ state: 'claimed' });
      const again = await store.claim(key, 'fp-1', 't2', 30_000);
      expect(again).toMatchObject({ state: 'running', fingerprint: 'fp-1' });
      const left = again.state === 'running' ? again.retryAfterMs : -1;
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(30_000);
      // Another request's fingerprint is reported as the holder's, for the 422.
      expect(await store.claim(key, 'fp-2', 't3', 30_000)).toMatchObject({
        state: 'running',
        fingerprint: 'fp-1',
      });
    });

    it('completes under the lease, then every claim gets the response, bytes exact', async () => {
      const store = await makeStore();
      const key = freshKey();
      await store.claim(key, 'fp', 't1', 30_000);
      expect(await store.complete(key, 't1', response(), 60_000)).toBe(true);
      for (let i = 0; i < 2; i++) {
        const claim = await store.claim(key, 'fp', `t${i + 2}`, 30_000);
        expect(claim.state).toBe('done');
        if (claim.state !== 'done') return;
        expect(claim.fingerprint).toBe('fp');
        expect(plain(claim.response)).toEqual(plain(response()));
      }
    });

    it('stores an empty body, a 4xx and a 5xx alike', async () => {
      const store = await makeStore();
      for (const [body, status] of [
        [new Uint8Array(0), 204],
        [new TextEncoder().encode('{"code":"x"}'), 404],
        [new TextEncoder().encode('é\n\r\0'), 500],
      ] as const) {
        const key = freshKey();
        await store.claim(key, 'fp', 't', 30_000);
        await store.complete(key, 't', response(body, status), 60_000);
        const claim = await store.claim(key, 'fp', 'u', 30_000);
        expect(claim.state === 'done' && plain(claim.response)).toEqual(
          plain(response(body, status)),
        );
      }
    });

    it('refuses to complete or release under a token that does not hold the lease', async () => {
      const store = await makeStore();
      const key = freshKey();
      await store.claim(key, 'fp', 'mine', 30_000);
      expect(await store.complete(key, 'theirs', response(), 60_000)).toBe(false);
      await store.release(key, 'theirs');
      expect(await store.claim(key, 'fp', 'x', 30_000)).toMatchObject({ state: 'running' });
      expect(await store.complete(freshKey(), 'mine', response(), 60_000)).toBe(false);
    });

    it('releases under the lease: the next claim runs', async () => {
      const store = await makeStore();
      const key = freshKey();
      await store.claim(key, 'fp', 't1', 30_000);
      await store.release(key, 't1');
      expect(await store.claim(key, 'fp-new', 't2', 30_000)).toEqual({ state: 'claimed' });
      // A release after completion is no-op: the stored response stays.
      await store.complete(key, 't2', response(), 60_000);
      await store.release(key, 't2');
      expect((await store.claim(key, 'fp-new', 't3', 30_000)).state).toBe('done');
    });

    it('frees a key whose lease ran out; the old lease can no longer complete', async () => {
      const store = await makeStore();
      const key = freshKey();
      await store.claim(key, 'fp', 'dead', 40);
      await sleep(120);
      expect(await store.claim(key, 'fp', 'next', 30_000)).toEqual({ state: 'claimed' });
      expect(await store.complete(key, 'dead', response(), 60_000)).toBe(false);
      expect(await store.complete(key, 'next', response(), 60_000)).toBe(true);
    });

    it('forgets a stored response after its TTL', async () => {
      const store = await makeStore();
      const key = freshKey();
      await store.claim(key, 'fp', 't1', 30_000);
      await store.complete(key, 't1', response(), 40);
      await sleep(120);
      expect(await store.claim(key, 'fp', 't2', 30_000)).toEqual({ state: 'claimed' });
    });

    it('of 50 concurrent claims of one key, exactly one is claimed', async () => {
      const store = await makeStore();
      const key = freshKey();
      const claims = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.claim(key, 'fp', `t${i}`, 30_000)),
      );
      expect(claims.filter((c) => c.state === 'claimed')).toHaveLength(1);
      expect(claims.filter((c) => c.state === 'running')).toHaveLength(49);
    });

    it('keeps keys apart', async () => {
      const store = await makeStore();
      const [a, b] = [freshKey(), freshKey()];
      await store.claim(a, 'fa', 'ta', 30_000);
      expect(await store.claim(b, 'fb', 'tb', 30_000)).toEqual({ state: 'claimed' });
      await store.complete(a, 'ta', response(), 60_000);
      expect((await store.claim(b, 'fb', 'x', 30_000)).state).toBe('running');
    });
  });
}
