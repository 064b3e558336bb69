import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisIdempotencyStore } from '../../src/idempotency/index.js';
import { idempotency } from '../../src/idempotency/node.js';
import { errata } from '../../src/server/node/index.js';
import { type RedisServer, startRedis } from '../helpers/redis-server.js';
import { startServer } from '../helpers/server.js';
import { startExample } from '../helpers/vault-process.js';
import { catalog } from './fixtures.js';

let redis: RedisServer;
let client: Redis;

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis({ port: redis.port, host: '127.0.0.1' });
}, 30_000);

afterAll(async () => {
  client?.disconnect();
  await redis?.stop();
});

describe('a process that dies holding a key (Redis)', () => {
  it('blocks the key with 409 until its lease ends, then the retry runs once', async () => {
    const holder = startExample('test/idempotency/fixtures/lease-holder.ts', {
      REDIS_PORT: String(redis.port),
      LEASE_SECONDS: '1',
    });
    let runs = 0;
    const app = errata({
      catalog,
      format: 'problem',
      idempotency: idempotency({ catalog, store: new RedisIdempotencyStore({ client }) }),
    });
    app.route('/hang', {
      POST: () => {
        runs++;
        return { status: 201, body: { ran: true } };
      },
    });
    const survivor = await startServer(app);
    try {
      const url = await holder.listening;
      const key = randomUUID();
      const send = (base: string) =>
        fetch(`${base}/hang`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': key },
          body: '{"amount":1}',
        });
      void send(url).catch(() => {}); // never answered: the process dies first
      // Wait until the holder's claim is in Redis, then kill it mid-request.
      for (let i = 0; i < 200 && (await client.keys(`{errata:idem:*`)).length === 0; i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(await client.keys(`{errata:idem:*`)).toHaveLength(1);
      holder.child.kill('SIGKILL');
      await holder.exited;

      const during = await send(survivor.url);
      expect(during.status).toBe(409);
      expect(Number(during.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(runs).toBe(0);
      // Past the lease (1 s), Redis has expired the key: the retry runs, once.
      let status = 409;
      for (let i = 0; i < 50 && status === 409; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await send(survivor.url)).status;
      }
      expect(status).toBe(201);
      expect(runs).toBe(1);
      const replay = await send(survivor.url);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(runs).toBe(1);
    } finally {
      await survivor.close();
      if (holder.alive()) holder.child.kill('SIGKILL');
    }
  });
});
