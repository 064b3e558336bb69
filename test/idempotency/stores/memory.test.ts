import { describe, expect, it } from 'vitest';
import { MemoryIdempotencyStore, type StoredResponse } from '../../../src/idempotency/index.js';
import { describeIdempotencyStoreContract } from './store-contract.js';

describeIdempotencyStoreContract('MemoryIdempotencyStore', () => new MemoryIdempotencyStore());

const sized = (bytes: number): StoredResponse => ({
  status: 200,
  headers: {},
  body: new Uint8Array(bytes),
});

describe('MemoryIdempotencyStore bounds', () => {
  it('evicts the oldest stored responses past maxEntries, never a live lease', async () => {
    const store = new MemoryIdempotencyStore({ maxEntries: 3 });
    await store.claim('lease', 'fp', 't', 60_000);
    for (const key of ['a', 'b']) {
      await store.claim(key, 'fp', 't', 60_000);
      await store.complete(key, 't', sized(1), 60_000);
    }
    await store.claim('c', 'fp', 't', 60_000);
    expect(store.size).toBe(3);
    expect((await store.claim('a', 'fp', 'u', 60_000)).state).toBe('claimed'); // 'a' was evicted
    expect((await store.claim('lease', 'fp', 'u', 60_000)).state).toBe('running');
  });

  it('throws when every entry is a live lease (the middleware answers 503)', async () => {
    const store = new MemoryIdempotencyStore({ maxEntries: 2 });
    await store.claim('a', 'fp', 't', 60_000);
    await store.claim('b', 'fp', 't', 60_000);
    await expect(store.claim('c', 'fp', 't', 60_000)).rejects.toThrow(/full of requests/);
    await store.release('a', 't');
    expect((await store.claim('c', 'fp', 't', 60_000)).state).toBe('claimed');
  });

  it('keeps stored bytes under maxBytes, evicting the oldest; a response over it keeps its lease', async () => {
    const store = new MemoryIdempotencyStore({ maxBytes: 1000 });
    for (const key of ['a', 'b', 'c']) {
      await store.claim(key, 'fp', 't', 60_000);
      await store.complete(key, 't', sized(400), 60_000);
    }
    expect(store.bytes).toBe(800);
    expect((await store.claim('a', 'fp', 'u', 60_000)).state).toBe('claimed');
    expect((await store.claim('c', 'fp', 'u', 60_000)).state).toBe('done');
    await store.claim('huge', 'fp', 't', 60_000);
    expect(await store.complete('huge', 't', sized(5000), 60_000)).toBe(false);
    expect((await store.claim('huge', 'fp', 'u', 60_000)).state).toBe('running');
    expect(store.bytes).toBeLessThanOrEqual(1000);
  });

  it('stays within maxEntries over many keys, keeping the newest answers', async () => {
    const store = new MemoryIdempotencyStore({ maxEntries: 1000 });
    for (let i = 0; i < 5000; i++) {
      await store.claim(`k${i}`, 'fp', 't', 60_000);
      await store.complete(`k${i}`, 't', sized(10), 60_000);
      expect(store.size).toBeLessThanOrEqual(1000);
    }
    expect((await store.claim('k4999', 'fp', 'u', 60_000)).state).toBe('done');
    expect((await store.claim('k0', 'fp', 'u', 60_000)).state).toBe('claimed');
  });

  it('refuses bad bounds', () => {
    expect(() => new MemoryIdempotencyStore({ maxEntries: 0 })).toThrow(/maxEntries/);
    expect(() => new MemoryIdempotencyStore({ maxBytes: 1.5 })).toThrow(/maxBytes/);
  });
});
