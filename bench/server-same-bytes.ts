/**
 * Where errata's cost goes: node:http and Fastify success routes native, native sending the same
 * `X-Request-ID` errata sends (made by errata's own generator, so the two differ by errata's
 * work only, not by the bytes), and through errata; and node:http's error route native, native
 * writing errata's error response byte for byte (headers, id in the body), errata's render and
 * send by hand (with and without a throw), and through errata.
 * Side by side in one server process, interleaved rounds, server CPU µs per request.
 * Run: node scripts/bench.mjs server-same-bytes  (BENCH_ROUNDS, default 9; BENCH_SECONDS, 3)
 */
import { createServer, type Server } from 'node:http';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { type ApiError, renderError } from '../src/index.js';
import { generateRequestId } from '../src/server/request-id.js';
import { send } from '../src/server/respond.js';
import { answerCpuRequests, forkServer } from './harness.js';
import { benchCatalog, builders, listen } from './server-apps.js';

const errorContext = { format: 'envelope', catalog: benchCatalog } as const;

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
  'node native error, errata bytes': () =>
    createServer((_req, res) => {
      const id = generateRequestId();
      const body = `{"error":{"code":"secret_not_found","message":"Secret not found","request_id":"${id}"}}`;
      res.writeHead(404, {
        'x-request-id': id,
        'content-type': 'application/json',
        'cache-control': 'no-store',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    }),
  // errata's pieces by hand, no pipeline: the catalog error rendered and sent, then also thrown
  // and caught as a handler's error is (the native app above neither throws nor renders).
  'node render + send': () =>
    createServer((_req, res) => {
      const requestId = generateRequestId();
      res.setHeader('x-request-id', requestId);
      send(
        res,
        renderError(benchCatalog.error('secret_not_found'), { ...errorContext, requestId }),
      );
    }),
  'node throw + render + send': () =>
    createServer((_req, res) => {
      const requestId = generateRequestId();
      res.setHeader('x-request-id', requestId);
      try {
        throw benchCatalog.error('secret_not_found');
      } catch (error) {
        send(res, renderError(error as ApiError, { ...errorContext, requestId }));
      }
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
/** Each row: its label, the server it runs on and the path it requests. */
const rows: [label: string, server: string, path: string][] = [
  ['node native', 'node native', '/ok'],
  ['node native + id', 'node native + id', '/ok'],
  ['node errata', 'node errata', '/ok'],
  ['fastify native', 'fastify native', '/ok'],
  ['fastify native + id', 'fastify native + id', '/ok'],
  ['fastify errata', 'fastify errata', '/ok'],
  ['node native error', 'node native', '/err'],
  ['node native error, errata bytes', 'node native error, errata bytes', '/err'],
  ['node render + send', 'node render + send', '/err'],
  ['node throw + render + send', 'node throw + render + send', '/err'],
  ['node errata error', 'node errata', '/err'],
];
const names = [...new Set(rows.map(([, server]) => server))];

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
    for (const [name, server, path] of rows) {
      const before = await cpu();
      const result = await autocannon({
        url: `http://127.0.0.1:${ports[server]}${path}`,
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
  for (const [name] of rows) {
    const entry = seen[name] as { cpu: number[]; rps: number[] };
    console.log(`| ${name} | ${median(entry.rps).toFixed(0)} | ${median(entry.cpu).toFixed(1)} |`);
  }
}

if (process.argv[2] === 'serve') await serve();
else await measure();
