// The limiter's store timeout on a busy machine, against a real redis-server: when the event
// loop is blocked (here by a busy-wait, on a loaded host by other work or by the OS not running
// the process) for longer than storeTimeoutMs, Redis's replies wait in the socket's buffer. The
// timer is then overdue too, and libuv runs timers before it reads sockets: a timeout decided in
// the timer callback would fall back to the insurance store although Redis answered. These
// tests block the loop past the timeout while Redis answers and require every decision to come
// from Redis, with exact counts; and, so that the timeout still means something, that a hung
// Redis (SIGSTOP) still times out under the same blocking.
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimiter, type RateLimitDecision } from '../../src/rate-limit/limiter.js';
import { RedisStore } from '../../src/rate-limit/stores/redis.js';
import { type RedisServer, startRedis } from '../helpers/redis-server.js';

/**
 * The limiter's storeTimeoutMs (the default), generous so that Redis always answers in time
 * once a command is out, even on a loaded machine; every block is well past it.
 */
const TIMEOUT_MS = 200;
const BLOCK_MS = 2.5 * TIMEOUT_MS;
/** The policy's burst: exactly this many of a burst are admitted, the rest refused. */
const LIMIT = 5;

/** Block the event loop: nothing is read from any socket meanwhile. */
function block(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // busy-wait
  }
}

/** One turn of the event loop (node-redis writes its commands in a setImmediate). */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

let server: RedisServer;
let io: Redis;
let node: ReturnType<typeof createClient>;

beforeAll(async () => {
  server = await startRedis();
  io = new Redis({ port: server.port, host: '127.0.0.1' });
  node = createClient({ socket: { port: server.port, host: '127.0.0.1' } });
  node.on('error', () => {});
  await node.connect();
  await io.ping();
}, 30_000);

afterAll(async () => {
  io?.disconnect();
  if (node?.isOpen) node.destroy();
  await server?.stop();
});

let n = 0;
const freshKey = (what: string) => `loop:${process.pid}:${what}:${n++}`;

type ClientKind = 'ioredis' | 'node-redis';

async function limiterOn(kind: ClientKind, { warm = true } = {}) {
  const store = new RedisStore({ client: kind === 'ioredis' ? io : node });
  if (warm) await store.load(); // each check is one EVALSHA, sent by the call
  const failures: unknown[] = [];
  const limiter = createRateLimiter({
    policies: `"burst";q=${LIMIT};w=3600`,
    store,
    storeTimeoutMs: TIMEOUT_MS,
    recoverAfterMs: 60_000, // one false timeout would send every later check to insurance
    reportStoreError: (error) => failures.push(error),
  });
  return { store, limiter, failures };
}

const sources = (decisions: readonly RateLimitDecision[]) => decisions.map((d) => d.source);
const admitted = (decisions: readonly RateLimitDecision[]) =>
  decisions.filter((d) => d.allowed).length;

describe.each(['ioredis', 'node-redis'] as ClientKind[])(
  'a blocked event loop does not time out checks Redis answered (%s)',
  (kind) => {
    it('blocked after the commands went out: the replies wait in the socket, and count', async () => {
      const { store, limiter, failures } = await limiterOn(kind);
      const key = freshKey('out');
      const pending = Array.from({ length: 2 * LIMIT }, () => limiter.check({ key }));
      await turn(); // the commands are on the wire (ioredis wrote them at once, node-redis now)
      block(BLOCK_MS); // Redis answers meanwhile; the limiter's deadline passes
      const decisions = await Promise.all(pending);
      expect(failures).toEqual([]);
      expect(sources(decisions)).toEqual(decisions.map(() => 'store'));
      expect(admitted(decisions)).toBe(LIMIT);
      // The same count is in Redis: nothing was spent on the side.
      const after = await store.check({ key, policies: limiter.policies, cost: 0 });
      expect(after.outcomes[0]?.remaining).toBe(0);
      await limiter.close();
    });

    it('blocked in the turn that issued the checks, before node-redis writes them', async () => {
      const { limiter, failures } = await limiterOn(kind);
      const key = freshKey('same-turn');
      const pending = Array.from({ length: 2 * LIMIT }, () => limiter.check({ key }));
      block(BLOCK_MS);
      const decisions = await Promise.all(pending);
      expect(failures).toEqual([]);
      expect(sources(decisions)).toEqual(decisions.map(() => 'store'));
      expect(admitted(decisions)).toBe(LIMIT);
      await limiter.close();
    });

    it('blocked right after the first checks of a cold store (script not loaded yet)', async () => {
      const { store, limiter, failures } = await limiterOn(kind, { warm: false });
      const key = freshKey('cold');
      const pending = Array.from({ length: 2 * LIMIT }, () => limiter.check({ key }));
      await turn();
      block(BLOCK_MS);
      const decisions = await Promise.all(pending);
      expect(failures).toEqual([]);
      expect(sources(decisions)).toEqual(decisions.map(() => 'store'));
      expect(admitted(decisions)).toBe(LIMIT);
      // One round trip per check, the first one included (EVAL, then EVALSHA).
      expect(store.stats).toMatchObject({ checks: 2 * LIMIT, roundTrips: 2 * LIMIT });
      await limiter.close();
    });

    it('blocked again and again while a stream of checks is in flight', async () => {
      const { limiter, failures } = await limiterOn(kind);
      const key = freshKey('stream');
      const pending: Promise<RateLimitDecision>[] = [];
      for (let round = 0; round < 6; round++) {
        for (let i = 0; i < 5; i++) pending.push(limiter.check({ key }));
        await turn();
        block(round % 2 === 0 ? BLOCK_MS : TIMEOUT_MS);
      }
      const decisions = await Promise.all(pending);
      expect(failures).toEqual([]);
      expect(sources(decisions)).toEqual(decisions.map(() => 'store'));
      expect(admitted(decisions)).toBe(LIMIT);
      await limiter.close();
    });
  },
);

describe('a hung Redis still times out while the event loop is blocked', () => {
  it.each(['ioredis', 'node-redis'] as ClientKind[])('%s', async (kind) => {
    const { limiter, failures } = await limiterOn(kind);
    const key = freshKey('hung');
    server.pause(); // SIGSTOP: connections stay open, nothing answers
    let decisions: RateLimitDecision[];
    try {
      const pending = Array.from({ length: 2 * LIMIT }, () => limiter.check({ key }));
      await turn();
      block(BLOCK_MS);
      decisions = await Promise.all(pending);
    } finally {
      server.resume();
    }
    expect(sources(decisions)).toEqual(decisions.map(() => 'insurance'));
    expect(admitted(decisions)).toBe(LIMIT); // the insurance store counts exactly, in memory
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ name: 'StoreTimeoutError' });
    await limiter.close();
  });
});
