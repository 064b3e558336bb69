/**
 * Redis-store rate limiting, side by side in one run with rate-limiter-flexible's
 * RateLimiterRedis and express-rate-limit's store from rate-limit-redis: checks per second at
 * concurrency 1 and 32, for one hot key and for 100,000 distinct keys, then the commands each
 * check sends to Redis, counted by the server itself (MONITOR), for 1, 2 and 3 errata policies.
 *
 * It starts its own `redis-server` (no persistence) on a free port and stops it at the end.
 * Run: npm run bench:rate-limit  (after the memory half; BENCH_REDIS=0 skips this half)
 * or:  node --import tsx bench/rate-limit-redis.ts  (this half alone)
 * Env: BENCH_REDIS_CHECKS (checks per run, default 20000), BENCH_ROUNDS (default 5).
 * errata's main rows use `clientClock: true` (its fastest documented configuration, as the
 * peers read no server clock either); one row shows the default, Redis's `TIME`.
 * Rows as JSON when BENCH_JSON is set (json-rows.ts).
 */
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { type RedisReply, RedisStore as RlrStore } from 'rate-limit-redis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { createClient } from 'redis';
import { createRateLimiter, type PolicyInput, RedisStore } from '../src/rate-limit/index.js';
import { type RedisServer, startRedis } from '../test/helpers/redis-server.js';
import { benchRow } from './json-rows.js';
import { monitored } from './redis-monitor.js';

const N = Number(process.env.BENCH_REDIS_CHECKS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** Checks watched per MONITOR count: enough to see any command sent once per N checks. */
const COUNTED = 500;
/** Checks timed for the server's own CPU per check. */
const TIMED = 5_000;
const LIMIT = 1_000_000_000; // nothing is refused: the bench measures the check, not the 429
const DISTINCT = 100_000;
const CONCURRENCY = [1, 32];

type Check = (key: string) => Promise<unknown>;
const nodeClient = (port: number) => createClient({ socket: { port, host: '127.0.0.1' } });
type NodeRedis = ReturnType<typeof nodeClient>;
type Clients = { io: Redis; node: NodeRedis };

const RLF = 'rate-limiter-flexible RateLimiterRedis.consume (ioredis)';
const RLF_NODE = 'rate-limiter-flexible RateLimiterRedis.consume (node-redis)';
const ERRATA = 'errata limiter.check (ioredis)';
const ERRATA_NODE = 'errata limiter.check (node-redis)';
const RLR = 'express-rate-limit + rate-limit-redis increment (ioredis)';
const RLR_NODE = 'express-rate-limit + rate-limit-redis increment (node-redis)';

const burst: PolicyInput = { name: 'burst', limit: LIMIT, window: 60 };
const daily: PolicyInput = { name: 'daily', kind: 'quota', limit: LIMIT, window: 86_400 };
const sustained: PolicyInput = { name: 'sustained', limit: LIMIT, window: 3_600 };
const policySets: PolicyInput[][] = [[burst], [burst, daily], [burst, daily, sustained]];

/** Decisions the limiter took without Redis: they would flatter the figure, so they are shown. */
let fallbacks = 0;

function errataLimiter(client: Redis | NodeRedis, policies: PolicyInput[], clientClock = true) {
  const store = new RedisStore({ client, clientClock });
  const limiter = createRateLimiter({
    store,
    policies,
    headers: 'none',
    // On this shared 2-core machine a check can stall past the default 200 ms; it must still be
    // measured as a Redis check, not answered by the in-memory insurance store.
    storeTimeoutMs: 60_000,
    reportStoreError: () => {}, // counted instead
  });
  const check: Check = async (key) => {
    const decision = await limiter.check({ key });
    if (decision.source !== 'store') fallbacks++;
  };
  return { store, check };
}

function rlfLimiter(clients: Clients, client: 'io' | 'node'): Check {
  const rlf = new RateLimiterRedis({
    storeClient: clients[client],
    useRedisPackage: client === 'node',
    points: LIMIT,
    duration: 60,
  });
  return (key) => rlf.consume(key);
}

async function rlrStore(clients: Clients, client: 'io' | 'node'): Promise<Check> {
  const { io, node } = clients;
  const store = new RlrStore({
    // The two wirings of rate-limit-redis's README.
    sendCommand:
      client === 'io'
        ? (command: string, ...args: string[]) => io.call(command, ...args) as Promise<RedisReply>
        : (...args: string[]) => node.sendCommand(args) as Promise<RedisReply>,
    prefix: `rl-${client}:`,
  });
  await store.init({ windowMs: 60_000 } as Parameters<RlrStore['init']>[0]);
  return (key) => store.increment(key);
}

async function candidates(clients: Clients): Promise<Record<string, Check>> {
  const raw = new RedisStore({ client: clients.io, clientClock: true });
  const policies = [{ name: 'burst', kind: 'rate' as const, limit: LIMIT, windowMs: 60_000 }];
  return {
    [ERRATA]: errataLimiter(clients.io, [burst]).check,
    [ERRATA_NODE]: errataLimiter(clients.node, [burst]).check,
    'errata limiter.check (ioredis, Redis TIME)': errataLimiter(clients.io, [burst], false).check,
    'errata RedisStore.check (ioredis)': (key) => raw.check({ key, policies, cost: 1 }),
    [RLF]: rlfLimiter(clients, 'io'),
    [RLF_NODE]: rlfLimiter(clients, 'node'),
    [RLR]: await rlrStore(clients, 'io'),
    [RLR_NODE]: await rlrStore(clients, 'node'),
  };
}

/** Keys of a scenario; each candidate walks its own sequence, so runs do not replay keys. */
const scenarios: Record<string, () => () => string> = {
  'one hot key': () => () => 'hot',
  '100k distinct keys': () => {
    let i = 0;
    return () => `k${i++ % DISTINCT}`;
  },
};

async function perSecond(check: Check, key: () => string, concurrency: number): Promise<number> {
  let started = 0;
  const worker = async () => {
    while (started < N) {
      started++;
      await check(key());
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return N / (Number(process.hrtime.bigint() - start) / 1e9);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const perCheck = (m: Map<string, number>) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .map(([command, n]) => `${command.toUpperCase()} ${+(n / COUNTED).toFixed(2)}`)
    .join(', ') || 'none';

/** Redis's own time inside commands (`INFO commandstats` usec; a script's includes its calls). */
async function serverMicros(admin: Redis): Promise<number> {
  const info = await admin.info('commandstats');
  let usec = 0;
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=\d+,usec=(\d+)/gm)) {
    // The admin connection's own INFO and CONFIG are not the candidates'.
    if (!/^(info|config)/.test(m[1] ?? '')) usec += Number(m[2]);
  }
  return usec;
}

type Row = { name: string; policies: number; check: Check; store?: RedisStore };

async function commandsPerCheck(server: RedisServer, clients: Clients, admin: Redis) {
  const rows: Row[] = [];
  for (const client of ['io', 'node'] as const) {
    for (const [i, set] of policySets.entries()) {
      const { store, check } = errataLimiter(clients[client], set);
      const name = `errata limiter.check (${client === 'io' ? 'ioredis' : 'node-redis'})`;
      rows.push({ name, policies: i + 1, check, store });
    }
  }
  const timed = errataLimiter(clients.io, [burst], false);
  rows.push({ name: 'errata limiter.check (ioredis, Redis TIME)', policies: 1, ...timed });
  for (const client of ['io', 'node'] as const) {
    const via = client === 'io' ? 'ioredis' : 'node-redis';
    rows.push({
      name: `rate-limiter-flexible RateLimiterRedis.consume (${via})`,
      policies: 1,
      check: rlfLimiter(clients, client),
    });
  }
  for (const client of ['io', 'node'] as const) {
    const via = client === 'io' ? 'ioredis' : 'node-redis';
    rows.push({
      name: `express-rate-limit + rate-limit-redis increment (${via})`,
      policies: 1,
      check: await rlrStore(clients, client),
    });
  }
  console.log(
    `## Redis commands per check (100k distinct keys, sequential checks after one warm-up check)\n`,
  );
  console.log(
    `Counted by the server: MONITOR over ${COUNTED} checks. Client commands are requests on the wire (a MULTI/EXEC block would count each of its commands); script commands run inside Redis within that request. Redis µs per check: \`INFO commandstats\` time over ${TIMED} more checks, scripts included; it is the server's CPU per check, which bounds throughput once Redis is the busy side.\n`,
  );
  console.log(
    '| implementation | policies | client commands per check | of which | script commands per check | Redis µs per check | errata RedisStore.stats round trips per check |',
  );
  console.log('|---|---:|---:|---|---|---:|---:|');
  const micros = new Map<string, number>();
  for (const { name, policies, check, store } of rows) {
    const key = scenarios['100k distinct keys']?.() ?? (() => 'k');
    await check('warm-up'); // loads scripts: that happens once per process, not per check
    const before = store?.stats;
    const counted = await monitored(server.port, admin, async () => {
      for (let i = 0; i < COUNTED; i++) await check(key());
    });
    const after = store?.stats;
    const rt =
      before === undefined || after === undefined
        ? '–'
        : ((after.roundTrips - before.roundTrips) / (after.checks - before.checks)).toFixed(2);
    const usec0 = await serverMicros(admin);
    for (let i = 0; i < TIMED; i++) await check(key());
    const usec = ((await serverMicros(admin)) - usec0) / TIMED;
    if (policies === 1) micros.set(name, usec);
    const client = (total(counted.client) / COUNTED).toFixed(2);
    console.log(
      `| ${name} | ${policies} | ${client} | ${perCheck(counted.client)} | ${perCheck(counted.scripted)} | ${usec.toFixed(1)} | ${rt} |`,
    );
  }
  console.log('');
  const row = { bench: 'rate-limit-redis', unit: 'µs', target: 1 };
  for (const [label, errata, peer] of [
    ['ioredis', ERRATA, RLF],
    ['node-redis', ERRATA_NODE, RLF_NODE],
  ] as const) {
    const [e, p] = [micros.get(errata), micros.get(peer)];
    if (e !== undefined && p !== undefined) {
      benchRow({ ...row, case: `redis µs per check (${label})`, errata: e, peer: p }, true);
    }
  }
}

/** The JSON rows of one scenario (targets of issue 14). */
function scenarioRows(name: string, at: (candidate: string) => number): void {
  const row = { bench: 'rate-limit-redis', unit: 'checks/s' };
  const fastestPeer = Math.max(at(RLF), at(RLF_NODE), at(RLR), at(RLR_NODE));
  benchRow({ ...row, case: name, errata: at(ERRATA), peer: at(RLF), target: 1.1 });
  benchRow({
    ...row,
    case: `${name}, vs fastest peer`,
    errata: at(ERRATA),
    peer: fastestPeer,
    target: 1,
  });
  benchRow({
    ...row,
    case: `${name} (node-redis)`,
    errata: at(ERRATA_NODE),
    peer: at(RLF_NODE),
    target: 1.1,
  });
  benchRow({
    ...row,
    case: `${name}, node-redis vs ioredis`,
    errata: at(ERRATA_NODE),
    peer: at(ERRATA),
    target: 0.9,
  });
}

async function connected(port: number): Promise<Clients & { admin: Redis }> {
  const io = new Redis({ port, host: '127.0.0.1' });
  const admin = new Redis({ port, host: '127.0.0.1' });
  const node = nodeClient(port);
  node.on('error', (error: unknown) => console.error('node-redis:', error));
  await Promise.all([node.connect(), io.ping(), admin.ping()]);
  return { io, node, admin };
}

/** The Redis half of `bench:rate-limit`: prints Markdown, or one line saying why it skipped. */
export async function runRedisBench(): Promise<void> {
  let server: RedisServer;
  try {
    server = await startRedis();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    console.log('## Redis store: skipped (no `redis-server` on PATH; install Redis to run it)\n');
    return;
  }
  let clients: (Clients & { admin: Redis }) | undefined;
  try {
    clients = await connected(server.port);
    const version = /redis_version:(\S+)/.exec(await clients.admin.info('server'))?.[1];
    console.log(
      `# bench:rate-limit, Redis half — node ${process.version}, redis-server ${version} on 127.0.0.1 (no persistence), ${N} checks per run, ${ROUNDS} interleaved rounds (median)\n`,
    );
    for (const [scenario, makeKeys] of Object.entries(scenarios)) {
      for (const concurrency of CONCURRENCY) {
        await clients.admin.flushall();
        const made = Object.entries(await candidates(clients));
        const keys = new Map(made.map(([name]) => [name, makeKeys()]));
        const samples = new Map<string, number[]>(made.map(([name]) => [name, []]));
        const run = (name: string, check: Check) =>
          perSecond(check, keys.get(name) ?? makeKeys(), concurrency);
        for (const [name, check] of made) await run(name, check); // warm-up, scripts loaded
        for (let r = 0; r < ROUNDS; r++) {
          // Rotating the order spreads drift (and the other jobs on the machine) over everyone.
          for (let j = 0; j < made.length; j++) {
            const [name, check] = made[(j + r) % made.length] as [string, Check];
            samples.get(name)?.push(await run(name, check));
          }
        }
        const rlf = median(samples.get(RLF) ?? []);
        console.log(`## Redis store, ${scenario}, concurrency ${concurrency}\n`);
        console.log('| implementation | checks/s | vs rate-limiter-flexible (ioredis) |');
        console.log('|---|---:|---:|');
        for (const [name, xs] of samples) {
          console.log(`| ${name} | ${median(xs).toFixed(0)} | ${(median(xs) / rlf).toFixed(2)}x |`);
        }
        const keyCase = scenario === 'one hot key' ? 'hot key' : '100k keys';
        scenarioRows(`redis c=${concurrency} ${keyCase}`, (name) =>
          median(samples.get(name) ?? []),
        );
        if (fallbacks > 0) {
          console.log(`${fallbacks} errata decisions came from the insurance store, not Redis.\n`);
        }
        fallbacks = 0;
        console.log('');
      }
    }
    await clients.admin.flushall();
    await commandsPerCheck(server, clients, clients.admin);
  } finally {
    clients?.io.disconnect();
    clients?.admin.disconnect();
    await clients?.node.close().catch(() => {});
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runRedisBench();
