/**
 * Where errata's success-path cost goes: node:http and Fastify success routes native, native
 * sending the same `X-Request-ID` errata sends (made by errata's own generator, so the two
 * differ by errata's work only, not by the bytes), and through errata, side by side in one
 * server process, interleaved rounds, server CPU µs per request.
 * Run: node scripts/bench.mjs server-same-bytes  (BENCH_ROUNDS, default 9; BENCH_SECONDS, 3)
 */
import { createServer, type Server } from 'node:http';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { generateRequestId } from '../src/server/request-id.js';
import { answerCpuRequests, forkServer } from './harness.js';
import { builders, listen } from './server-apps.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 9);
const seconds = Number(process.env.BENCH_SECONDS ?? 3);

const withId: Record<string, () => Server | Promise<Server>> = {
  'node native + id': () =>
    createServer((_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'x-request-id': generateRequestId(),
      });
      res.end('{"status":"ok"}');
    }),
  'fastify native + id': async () => {
    const app = Fastify();
    app.get('/ok', async (_req, reply) => {
      reply.header('x-request-id', generateRequestId());
      return { status: 'ok' };
    });
    await app.ready();
    return app.server;
  },
};
const all: Record<string, () => Server | Promise<Server>> = { ...builders, ...withId };
const names = [
  'node native',
  'node native + id',
  'node errata',
  'fastify native',
  'fastify native + id',
  'fastify errata',
];

async function serve(): Promise<void> {
  const ports: Record<string, number> = {};
  for (const name of names) ports[name] = await listen(await (all[name] as () => Server)());
  process.send?.(ports);
  answerCpuRequests();
}

async function measure(): Promise<void> {
  const { child, ports, cpuMicros: cpu } = await forkServer(import.meta.url);
  const seen: Record<string, { cpu: number[]; rps: number[] }> = {};
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const before = await cpu();
      const result = await autocannon({
        url: `http://127.0.0.1:${ports[name]}/ok`,
        connections: 32,
        duration: seconds,
      });
      const used = (await cpu()) - before;
      const entry = seen[name] ?? { cpu: [], rps: [] };
      seen[name] = entry;
      entry.cpu.push(used / result.requests.total);
      entry.rps.push(result.requests.average);
    }
  }
  child.kill();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  console.log(
    `# bench:server-same-bytes — node ${process.version}, ${rounds} interleaved rounds of ${seconds} s, one server process (medians)\n`,
  );
  console.log('| server | req/s | server CPU µs/request |');
  console.log('|---|---:|---:|');
  for (const name of names) {
    const entry = seen[name] as { cpu: number[]; rps: number[] };
    console.log(`| ${name} | ${median(entry.rps).toFixed(0)} | ${median(entry.cpu).toFixed(1)} |`);
  }
}

if (process.argv[2] === 'serve') await serve();
else await measure();
