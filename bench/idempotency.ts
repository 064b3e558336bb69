/**
 * The Idempotency-Key middleware's cost on a POST, side by side in one run with the same route
 * without it (errata/node app, forked server, keep-alive load from this process):
 * requests per second and the server's CPU µs per request, for the first call of a key (claim,
 * handler, store) and a replay (claim finds the response), on the memory store and on Redis
 * (ioredis); then the Redis commands per request, counted by the server itself (MONITOR).
 *
 * It starts its own `redis-server` (no persistence) on a free port and stops it at the end.
 * Run: npm run bench:idempotency
 * Env: BENCH_REQUESTS (requests per run, default 4000), BENCH_ROUNDS (default 5),
 * BENCH_CONCURRENCY (default 16). Rows as JSON when BENCH_JSON is set (json-rows.ts).
 */
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { RedisIdempotencyStore } from '../src/idempotency/index.js';
import { idempotency } from '../src/idempotency/node.js';
import { defineCatalog, idempotencyRoles } from '../src/index.js';
import { errata } from '../src/server/node/index.js';
import { type RedisServer, startRedis } from '../test/helpers/redis-server.js';
import { answerCpuRequests, fmt, forkServer } from './harness.js';
import { benchRow } from './json-rows.js';
import { monitored } from './redis-monitor.js';

const N = Number(process.env.BENCH_REQUESTS ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const COUNTED = 200;
const BODY = JSON.stringify({ amount: 1250, currency: 'eur', note: 'x'.repeat(200) });

const catalog = defineCatalog({ errors: {}, roles: { ...idempotencyRoles } });

/** The child: one app per store on its own port, the same route on each. */
async function serve(): Promise<void> {
  const redis = new Redis({ port: Number(process.env.BENCH_REDIS_PORT), host: '127.0.0.1' });
  const stores = {
    bare: undefined,
    memory: idempotency({ catalog }),
    redis: idempotency({ catalog, store: new RedisIdempotencyStore({ client: redis }) }),
  };
  const ports: Record<string, number> = {};
  for (const [name, step] of Object.entries(stores)) {
    const app = errata({ catalog, ...(step === undefined ? {} : { idempotency: step }) });
    let n = 0;
    app.route('/v1/charges', {
      POST: async (ctx) => ({ status: 201, body: { id: ++n, ...((await ctx.json()) as object) } }),
    });
    const { createServer } = await import('node:http');
    const server = app.attach(createServer(app.handler));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ports[name] = (server.address() as AddressInfo).port;
  }
  process.send?.(ports);
  answerCpuRequests();
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function post(port: number, key: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(BODY)),
    };
    if (key !== undefined) headers['idempotency-key'] = key;
    const req = request(
      { port, host: '127.0.0.1', method: 'POST', path: '/v1/charges', headers, agent },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(BODY);
  });
}

type Case = { name: string; port: string; key: (i: number) => string | undefined };
let run = 0;

/** N requests at CONCURRENCY: requests/s, and the server's CPU µs per request. */
async function load(
  c: Case,
  ports: Record<string, number>,
  cpu: () => Promise<number>,
): Promise<{ rps: number; cpuUs: number }> {
  const port = ports[c.port] as number;
  const tag = run++;
  let started = 0;
  const worker = async () => {
    while (started < N) {
      const status = await post(port, c.key(tag * N + started++));
      if (status !== 201) throw new Error(`${c.name}: status ${status}`);
    }
  };
  const cpu0 = await cpu();
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { rps: N / seconds, cpuUs: ((await cpu()) - cpu0) / N };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main(): Promise<void> {
  let redis: RedisServer | undefined;
  let child: Awaited<ReturnType<typeof forkServer>>['child'] | undefined;
  try {
    redis = await startRedis();
    process.env.BENCH_REDIS_PORT = String(redis.port);
    const forked = await forkServer(import.meta.url);
    child = forked.child;
    const { ports, cpuMicros } = forked;
    const replayKey = `replay-${Date.now()}`;
    const cases: Case[] = [
      { name: 'without the middleware', port: 'bare', key: () => undefined },
      { name: 'memory, first call', port: 'memory', key: (i) => `first-${Date.now()}-${i}` },
      { name: 'memory, replay', port: 'memory', key: () => replayKey },
      { name: 'Redis, first call', port: 'redis', key: (i) => `first-${Date.now()}-${i}` },
      { name: 'Redis, replay', port: 'redis', key: () => replayKey },
    ];
    // Store the replay key's response first (concurrent first uses would answer 409), then warm
    // up every path (JIT, Redis scripts loaded).
    await post(ports.memory as number, replayKey);
    await post(ports.redis as number, replayKey);
    for (const c of cases) await load(c, ports, cpuMicros);
    const samples = new Map(
      cases.map((c) => [c.name, { rps: [] as number[], cpu: [] as number[] }]),
    );
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of cases) {
        const { rps, cpuUs } = await load(c, ports, cpuMicros);
        samples.get(c.name)?.rps.push(rps);
        samples.get(c.name)?.cpu.push(cpuUs);
      }
    }
    const figure = (name: string) => {
      const s = samples.get(name);
      return { rps: median(s?.rps ?? []), cpu: median(s?.cpu ?? []) };
    };
    const bare = figure('without the middleware');
    const lines = [
      `### Idempotency-Key middleware (errata/node, POST with a ${BODY.length}-byte JSON body)`,
      '',
      `\`npm run bench:idempotency\`, ${new Date().toISOString().slice(0, 10)}: ${N} requests per run at concurrency ${CONCURRENCY}, median of ${ROUNDS} interleaved rounds.`,
      '',
      '| case | req/s | / without | server CPU µs/req | overhead µs/req |',
      '|---|---:|---:|---:|---:|',
    ];
    for (const c of cases) {
      const f = figure(c.name);
      const row = benchRow({
        bench: 'idempotency',
        case: c.name,
        errata: f.rps,
        peer: bare.rps,
        unit: 'req/s',
        target: null,
      });
      lines.push(
        `| ${c.name} | ${fmt(f.rps, 0)} | ${fmt(row.ratio)}x | ${fmt(f.cpu, 1)} | ${c === cases[0] ? '' : fmt(f.cpu - bare.cpu, 1)} |`,
      );
    }

    // Round trips: what Redis ran for COUNTED first calls, then COUNTED replays.
    const admin = new Redis({ port: redis.port, host: '127.0.0.1' });
    const redisPort = ports.redis as number;
    const counts: string[] = [];
    for (const [label, key] of [
      ['first call', (i: number) => `counted-${Date.now()}-${i}`],
      ['replay', () => replayKey],
    ] as const) {
      const counted = await monitored(redis.port, admin, async () => {
        for (let i = 0; i < COUNTED; i++) await post(redisPort, key(i));
      });
      const sent = [...counted.client].map(([cmd, n]) => `${cmd} ${fmt(n / COUNTED)}`).join(', ');
      counts.push(`| ${label} | ${sent} |`);
    }
    admin.disconnect();
    lines.push(
      '',
      'Redis commands per request (MONITOR; each one round trip):',
      '',
      '| request | commands sent per request |',
      '|---|---|',
      ...counts,
    );
    console.log(lines.join('\n'));
  } finally {
    agent.destroy();
    child?.kill();
    await redis?.stop();
  }
}

if (process.argv[2] === 'serve') await serve();
else await main();
