import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePolicy } from '../../src/rate-limit/policy.js';
import { MemoryStore } from '../../src/rate-limit/stores/memory.js';
import { RedisStore } from '../../src/rate-limit/stores/redis.js';
import { CHECK_SCRIPT, CHECK_SCRIPT_SHA } from '../../src/rate-limit/stores/redis-script.js';
import type { Policy } from '../../src/rate-limit/types.js';
import { type RedisServer, startRedis } from '../helpers/redis-server.js';
import { describeStoreContract } from './store-contract.js';

let server: RedisServer;
let io: Redis;
let node: ReturnType<typeof createClient>;
/** A third connection for INFO, SCRIPT FLUSH and key inspection (not counted by any store). */
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

describeStoreContract(
  'RedisStore (ioredis)',
  (clock) => new RedisStore({ client: io, now: clock.now }),
);
describeStoreContract(
  'RedisStore (node-redis)',
  (clock) => new RedisStore({ client: node, now: clock.now }),
);

const rate = (name: string, limit: number, window: number) => definePolicy({ name, limit, window });
const quota = (name: string, limit: number, window: number) =>
  definePolicy({ name, kind: 'quota', limit, window });

/** `calls=` of each command in `INFO commandstats`. */
async function commandCalls(): Promise<Record<string, number>> {
  const info = (await admin.info('commandstats')) as string;
  const out: Record<string, number> = {};
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    out[m[1] as string] = Number(m[2]);
  }
  return out;
}
const delta = (after: Record<string, number>, before: Record<string, number>, cmd: string) =>
  (after[cmd] ?? 0) - (before[cmd] ?? 0);

let n = 0;
const freshKey = (what: string) => `t:${process.pid}:${what}:${n++}`;

type ClientKind = 'ioredis' | 'node-redis';
const clients: ClientKind[] = ['ioredis', 'node-redis'];
/** A store over the client of that kind, through a sendCommand that records every command. */
function countingStore(kind: ClientKind, extra: { now?: () => number } = {}) {
  const sent: string[] = [];
  const store = new RedisStore({
    sendCommand: (args) => {
      sent.push((args[0] as string).toUpperCase());
      return kind === 'ioredis'
        ? io.call(args[0] as string, args.slice(1))
        : node.sendCommand(args);
    },
    ...extra,
  });
  return { store, sent };
}

describe.each(clients)('RedisStore round trips (%s)', (kind) => {
  it.each([
    [1, [rate('burst', 1000, 60)]],
    [3, [rate('burst', 1000, 60), rate('sustained', 5000, 3600), quota('daily', 100_000, 86_400)]],
  ] as [number, Policy[]][])('one per check with %i policies', async (_count, policies) => {
    const { store, sent } = countingStore(kind);
    await store.load();
    const key = freshKey('rt');
    const before = await commandCalls();
    const stats0 = store.stats;
    sent.length = 0;
    for (let i = 0; i < 10; i++) await store.check({ key, policies, cost: 1 });
    await Promise.all(Array.from({ length: 30 }, () => store.check({ key, policies, cost: 1 })));
    const after = await commandCalls();
    const stats = store.stats;
    // Client side: the store's counter and what actually went through sendCommand.
    expect(stats.checks - stats0.checks).toBe(40);
    expect(stats.roundTrips - stats0.roundTrips).toBe(40);
    expect(sent).toEqual(Array.from({ length: 40 }, () => 'EVALSHA'));
    // Server side: 40 EVALSHAs, no EVAL, no SCRIPT, whatever the number of policies.
    expect(delta(after, before, 'evalsha')).toBe(40);
    expect(delta(after, before, 'eval')).toBe(0);
    expect(delta(after, before, 'script|load')).toBe(0);
    await store.close();
  });

  it('sends the script with EVAL on the first check, EVALSHA after (one round trip each)', async () => {
    const { store, sent } = countingStore(kind);
    const policies = [rate('burst', 5, 10)];
    const key = freshKey('load');
    await admin.script('FLUSH');
    // Concurrent first checks: one EVAL; the others' EVALSHAs run after it on the connection.
    const first = await Promise.all([1, 2, 3].map(() => store.check({ key, policies, cost: 1 })));
    expect(first.map((r) => r.outcomes[0]?.remaining).sort()).toEqual([2, 3, 4]);
    await store.check({ key, policies, cost: 1 });
    expect(sent).toEqual(['EVAL', 'EVALSHA', 'EVALSHA', 'EVALSHA']);
    expect(store.stats).toEqual({
      checks: 4,
      roundTrips: 4,
      scriptLoads: 0,
      noscriptFallbacks: 0,
      tryAgainRetries: 0,
    });
    expect(await admin.script('EXISTS', CHECK_SCRIPT_SHA)).toEqual([1]);
  });

  it('load() sends SCRIPT LOAD once, then checks send EVALSHA', async () => {
    const { store, sent } = countingStore(kind);
    await admin.script('FLUSH');
    await Promise.all([store.load(), store.load()]);
    await store.check({ key: freshKey('loaded'), policies: [rate('burst', 5, 10)], cost: 1 });
    expect(sent).toEqual(['SCRIPT', 'EVALSHA']);
    expect(store.stats).toEqual({
      checks: 1,
      roundTrips: 2,
      scriptLoads: 1,
      noscriptFallbacks: 0,
      tryAgainRetries: 0,
    });
  });

  it('falls back to EVAL on NOSCRIPT (SCRIPT FLUSH between checks), keeping state', async () => {
    const { store, sent } = countingStore(kind);
    const policies = [rate('burst', 5, 10), quota('daily', 100, 86_400)];
    const key = freshKey('noscript');
    await store.load();
    expect((await store.check({ key, policies, cost: 2 })).outcomes[0]?.remaining).toBe(3);
    await admin.script('FLUSH');
    sent.length = 0;
    const after = await store.check({ key, policies, cost: 1 });
    expect(after.outcomes.map((o) => o.remaining)).toEqual([2, 97]);
    expect(sent).toEqual(['EVALSHA', 'EVAL']);
    expect(store.stats.noscriptFallbacks).toBe(1);
    // EVAL cached the script again: back to one EVALSHA per check.
    sent.length = 0;
    expect((await store.check({ key, policies, cost: 1 })).outcomes[0]?.remaining).toBe(1);
    expect(sent).toEqual(['EVALSHA']);
    // Concurrent checks after a flush: each falls back once, none is lost or doubled.
    await admin.script('FLUSH');
    const results = await Promise.all(
      Array.from({ length: 5 }, () => store.check({ key, policies, cost: 1 })),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(1);
    await store.close();
  });
});

describe('RedisStore keys, TTLs and time', () => {
  it('stores one key per policy under a shared hash tag, with TTLs so idle keys vanish', async () => {
    const store = new RedisStore({ client: io, prefix: 'app' });
    const key = freshKey('ttl');
    const policies = [rate('burst', 5, 10), quota('minute', 10, 60)];
    await store.check({ key, policies, cost: 1 });
    const keys = (await admin.keys(`{app:${key}}:*`)).sort();
    expect(keys).toEqual([`{app:${key}}:burst`, `{app:${key}}:minute`]);
    const burstTtl = await admin.pttl(`{app:${key}}:burst`);
    expect(burstTtl).toBeGreaterThan(0);
    expect(burstTtl).toBeLessThanOrEqual(2000); // one unit spent: back to full after T = 2 s
    const minuteTtl = await admin.pttl(`{app:${key}}:minute`);
    expect(minuteTtl).toBeGreaterThan(0);
    expect(minuteTtl).toBeLessThanOrEqual(60_000); // the end of the quota window
    // A cost-0 check of an unseen key writes nothing; a refused check writes nothing.
    const other = freshKey('ttl0');
    await store.check({ key: other, policies, cost: 0 });
    await store.check({ key: other, policies, cost: 6 });
    expect(await admin.keys(`{app:${other}}:*`)).toEqual([]);
    // reset deletes every policy's key in one command.
    const rt = store.stats.roundTrips;
    await store.reset(key);
    expect(store.stats.roundTrips - rt).toBe(1);
    expect(await admin.keys(`{app:${key}}:*`)).toEqual([]);
    await store.close();
  });

  it('reset knows policies it was told of, even before any check', async () => {
    const checker = new RedisStore({ client: io });
    const key = freshKey('reset');
    await checker.check({ key, policies: [rate('burst', 1, 10)], cost: 1 });
    const resetter = new RedisStore({ client: node, policyNames: ['burst'] });
    await resetter.reset(key);
    expect((await checker.check({ key, policies: [rate('burst', 1, 10)], cost: 1 })).allowed).toBe(
      true,
    );
  });

  it('takes time from the Redis server (TIME), not from the app host', async () => {
    const store = new RedisStore({ client: io });
    const serverMs = async () => {
      const [s, us] = (await admin.time()) as [string | number, string | number];
      return Number(s) * 1000 + Math.floor(Number(us) / 1000);
    };
    const lo = await serverMs();
    const result = await store.check({
      key: freshKey('time'),
      policies: [rate('b', 5, 10)],
      cost: 1,
    });
    const hi = await serverMs();
    expect(result.now).toBeGreaterThanOrEqual(lo);
    expect(result.now).toBeLessThanOrEqual(hi);
  });

  it('works with both clients detected by shape, and refuses anything else', async () => {
    expect(() => new RedisStore({ client: {} as never })).toThrow(TypeError);
    expect(() => new RedisStore({} as never)).toThrow(TypeError);
    const store = new RedisStore({ client: node });
    await store.close();
    await expect(store.check({ key: 'k', policies: [rate('b', 1, 1)], cost: 1 })).rejects.toThrow(
      /closed/,
    );
    // close() left the caller's client open.
    expect(await node.sendCommand(['PING'])).toBe('PONG');
    expect(CHECK_SCRIPT).toContain("redis.call('TIME')");
  });
});

describe('RedisStore client adapter', () => {
  it('routes by the hash-tagged key on a node-redis cluster, and calls ioredis by call()', async () => {
    const routed: [string | undefined, boolean | undefined, string[]][] = [];
    const cluster = {
      nodeClient: () => undefined,
      sendCommand: (
        firstKey: string | undefined,
        readonly: boolean | undefined,
        args: string[],
      ) => {
        routed.push([firstKey, readonly, args]);
        return Promise.resolve(
          args[0] === 'SCRIPT' ? CHECK_SCRIPT_SHA : args[0] === 'DEL' ? 1 : [1, 5e15, 1, 0, 0, 0],
        );
      },
    };
    const store = new RedisStore({ client: cluster });
    await store.check({ key: 'k', policies: [rate('burst', 5, 10)], cost: 1 });
    await store.check({ key: 'k', policies: [rate('burst', 5, 10)], cost: 1 });
    await store.reset('k');
    expect(routed.map(([key, ro, args]) => [key, ro, args[0]])).toEqual([
      ['{errata:rl:k}:burst', false, 'EVAL'],
      ['{errata:rl:k}:burst', false, 'EVALSHA'],
      ['{errata:rl:k}:burst', false, 'DEL'],
    ]);
    const calls: unknown[][] = [];
    const ioLike = {
      call: (command: string, args: string[]) => {
        calls.push([command, ...args]);
        return Promise.resolve(CHECK_SCRIPT_SHA);
      },
    };
    await new RedisStore({ client: ioLike }).load();
    expect(calls).toEqual([['SCRIPT', 'LOAD', CHECK_SCRIPT]]);
  });
});

describe('RedisStore mirrors evaluate() (the Lua script against the memory store)', () => {
  it('gives the same outcomes for random policies, costs and clock steps', async () => {
    const policyArb = fc
      .record({
        kind: fc.constantFrom('rate' as const, 'quota' as const),
        limit: fc.oneof(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 50 })),
        windowMs: fc.constantFrom(1, 7, 999, 1000, 3000, 60_000, 86_400_000),
        burst: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
      })
      .map((p) => p);
    const stepArb = fc.record({
      advance: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5000 })),
      cost: fc.oneof(
        fc.constant(1),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 60 }),
      ),
      mask: fc.integer({ min: 1, max: 7 }),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(policyArb, { minLength: 1, maxLength: 3 }),
        fc.array(stepArb, { minLength: 1, maxLength: 15 }),
        fc.integer({ min: 0, max: 86_400_000 }),
        async (specs, steps, offset) => {
          const policies = specs.map((s, i) =>
            definePolicy({
              name: `p${i}`,
              kind: s.kind,
              limit: s.limit,
              windowMs: s.windowMs,
              ...(s.kind === 'rate' && s.burst !== undefined ? { burst: s.burst } : {}),
            }),
          );
          let t = 1_800_000_000_000 + offset;
          const clock = () => t;
          const memory = new MemoryStore({ now: clock, sweepIntervalMs: 0 });
          const redis = new RedisStore({ client: io, now: clock });
          const key = `mirror:${process.pid}:${run++}`;
          for (const step of steps) {
            t += step.advance;
            // A subset of the policies (as categories sharing counters do).
            const subset = policies.filter((_, i) => (step.mask >> i) & 1);
            const list = subset.length > 0 ? subset : policies;
            const request = { key, policies: list, cost: step.cost };
            expect(await redis.check(request)).toEqual(await memory.check(request));
          }
          await memory.close();
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('RedisStore across processes', () => {
  it('4 processes × 40 concurrent checks on one key, limit 50: exactly 50 admitted', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/redis-worker.ts', import.meta.url));
    const key = freshKey('cross');
    const workers = [0, 1, 2, 3].map((i) => {
      const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
        env: {
          ...process.env,
          REDIS_PORT: String(server.port),
          KEY: key,
          CHECKS: '40',
          LIMIT: '50',
          CLIENT: i % 2 === 0 ? 'ioredis' : 'node-redis',
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
      });
      child.stderr.on('data', (c: Buffer) => {
        err += c.toString();
      });
      const ready = new Promise<void>((resolve, reject) => {
        child.stdout.on('data', () => {
          if (out.includes('ready\n')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`worker ${i} exited ${code}: ${err}`)));
      });
      const done = new Promise<{ admitted: number; refused: number; roundTrips: number }>(
        (resolve, reject) => {
          child.once('exit', (code) => {
            if (code !== 0) return reject(new Error(`worker ${i} exited ${code}: ${err}`));
            const line = out.split('\n').find((l) => l.startsWith('{'));
            if (line === undefined) return reject(new Error(`worker ${i} printed ${out}`));
            resolve(JSON.parse(line));
          });
        },
      );
      return { child, ready, done };
    });
    try {
      await Promise.all(workers.map((w) => w.ready));
      // All four fire at once.
      for (const w of workers) w.child.stdin.write('go\n');
      const results = await Promise.all(workers.map((w) => w.done));
      const admitted = results.reduce((sum, r) => sum + r.admitted, 0);
      expect(admitted).toBe(50);
      expect(results.reduce((sum, r) => sum + r.refused, 0)).toBe(110);
      expect(results.map((r) => r.roundTrips)).toEqual([40, 40, 40, 40]);
      // What Redis holds agrees: the daily quota is spent exactly.
      expect(await admin.get(`{errata:rl:${key}}:daily`)).toMatch(/:50$/);
    } finally {
      for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    }
  }, 60_000);
});
