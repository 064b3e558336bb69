import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisIdempotencyStore } from '../../../src/idempotency/index.js';
import { type RedisServer, startRedis } from '../../helpers/redis-server.js';
import { describeIdempotencyStoreContract } from './store-contract.js';

let server: RedisServer;
let io: Redis;
let node: ReturnType<typeof createClient>;
let admin: Redis;

beforeAll(async () => {
  server = await startRedis();
  io = new Redis({ port: server.port, host: '127.0.0.1' });
  admin = new Redis({ port: server.port, host: '127.0.0.1' });
  node = createClient({ socket: { port: server.port, host: '127.0.0.1' } });
  node.on('error', () => {});
  await node.connect();
}, 30_000);

afterAll(async () => {
  await io?.quit();
  await admin?.quit();
  await node?.close();
  await server?.stop();
});

describeIdempotencyStoreContract(
  'RedisIdempotencyStore (ioredis)',
  () => new RedisIdempotencyStore({ client: io }),
);
describeIdempotencyStoreContract(
  'RedisIdempotencyStore (node-redis)',
  () => new RedisIdempotencyStore({ client: node }),
);

describe('RedisIdempotencyStore', () => {
  it('holds one hash-tagged key per Idempotency-Key, with the lease or the TTL as its expiry', async () => {
    const store = new RedisIdempotencyStore({ client: io, prefix: 'shape' });
    const key = `k${Date.now()}`;
    await store.claim(key, 'fp', 'tok', 5000);
    expect(store.keyOf(key)).toBe(`{shape:${key}}`);
    const leaseTtl = await admin.pttl(store.keyOf(key));
    expect(leaseTtl).toBeGreaterThan(0);
    expect(leaseTtl).toBeLessThanOrEqual(5000);
    await store.complete(
      key,
      'tok',
      { status: 200, headers: {}, body: new Uint8Array([1]) },
      90_000,
    );
    expect(await admin.pttl(store.keyOf(key))).toBeGreaterThan(5000);
  });

  it('costs one round trip per call once the scripts are loaded (EVALSHA), EVAL after a flush', async () => {
    const store = new RedisIdempotencyStore({ client: io });
    const key = `rt${Date.now()}`;
    await store.claim(`${key}-warm`, 'fp', 't', 5000);
    await store.complete(
      `${key}-warm`,
      't',
      { status: 200, headers: {}, body: new Uint8Array() },
      5000,
    );
    const before = store.stats.roundTrips;
    await store.claim(key, 'fp', 't', 5000);
    await store.complete(key, 't', { status: 200, headers: {}, body: new Uint8Array() }, 5000);
    expect(store.stats.roundTrips - before).toBe(2);
    await admin.script('FLUSH');
    const fallbacks = store.stats.noscriptFallbacks;
    expect((await store.claim(key, 'fp', 'u', 5000)).state).toBe('done');
    expect(store.stats.noscriptFallbacks).toBe(fallbacks + 1);
  });

  it('rejects (for the middleware to fail closed) when Redis answers garbage under its key', async () => {
    const store = new RedisIdempotencyStore({ client: io, prefix: 'garbage' });
    await admin.set(store.keyOf('g'), 'd\nnot-enough-fields');
    await expect(store.claim('g', 'fp', 't', 5000)).rejects.toThrow(/unexpected reply/);
  });

  it('refuses a prefix with braces (it would break the hash tag) and a client it does not know', () => {
    expect(() => new RedisIdempotencyStore({ client: io, prefix: 'a}b' })).toThrow(/braces/);
    expect(() => new RedisIdempotencyStore({ client: {} as never })).toThrow(TypeError);
  });
});
