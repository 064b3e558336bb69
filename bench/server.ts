/**
 * Requests per second of each framework's native error path against the same route through
 * errata, and of a success route bare against with errata's middleware, measured side by side in
 * one run: each framework's servers run in a child process of their own, autocannon in this one,
 * and the targets are interleaved round by round so machine noise hits them alike. Run: npm run bench:server
 * (BENCH_SECONDS, BENCH_ROUNDS and BENCH_CONNECTIONS tune it; framework names filter it:
 * node express fastify hono fetch koa nestjs nestjs-fastify bun deno).
 * `bun` and `deno` are errata/fetch against a bare fetch handler on `Bun.serve` and `Deno.serve`
 * (bench/server-fetch-runtime.ts, run by the runtime's own binary); `fetch` is the same pair on
 * Node through srvx.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { siblingArgs } from './harness.js';
import { benchRow } from './json-rows.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);

/** One framework's servers (native and errata) in a child process of their own. */
type Servers = {
  ports: Record<string, number>;
  cpuMicros(): Promise<number>;
  stop(): void;
};

/** The runtimes other than Node: their binary (node_modules/.bin), arguments and row label. */
const RUNTIMES: Record<string, { args: string[]; label: string }> = {
  bun: { args: [], label: 'fetch (bun)' },
  deno: { args: ['run', '-A', '--sloppy-imports'], label: 'fetch (deno)' },
};

/** A binary of node_modules/.bin, looked for upwards from this module (bench/ or .bench-build/bench/). */
function binary(name: string): string | undefined {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, 'node_modules', '.bin', name);
    if (existsSync(file)) return file;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * A process's CPU time so far (user + system, every thread), in µs, from /proc/<pid>/stat:
 * Bun and Deno children have no IPC channel to answer `process.cpuUsage()` on. Clock ticks of
 * 10 ms (USER_HZ 100 on Linux): a 3 s run uses some hundred ticks, so about 1% resolution.
 */
function procCpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / 100;
}

// One child per framework: with all eight servers in one process, each framework's figures
// moved with the others' code and heap (Fastify's error row read 0.76x there and 0.95x alone).
async function startServers(framework: string): Promise<Servers> {
  const runtime = RUNTIMES[framework];
  const bin = runtime === undefined ? process.execPath : binary(framework);
  if (bin === undefined) throw new Error(`bench: no node_modules/.bin/${framework}`);
  const args =
    runtime === undefined
      ? [...siblingArgs(import.meta.url, 'server-apps'), `${framework} `]
      : [...runtime.args, ...siblingArgs(import.meta.url, 'server-fetch-runtime').slice(-1)];
  const child = spawn(bin, args, {
    stdio: ['ignore', 'pipe', 'inherit', ...(runtime === undefined ? (['ipc'] as const) : [])],
  });
  const ports = await new Promise<Record<string, number>>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line !== undefined) resolve(JSON.parse(line));
    });
    child.on('exit', (code) => reject(new Error(`server process exited ${code}`)));
  });
  const pid = child.pid ?? 0;
  return {
    ports,
    cpuMicros: () =>
      runtime !== undefined
        ? Promise.resolve(procCpuMicros(pid))
        : new Promise<number>((resolve) => {
            child.once('message', (m) => resolve(Number(m)));
            child.send('cpu');
          }),
    stop: () => {
      child.removeAllListeners('exit');
      child.kill();
    },
  };
}

/** One load run: requests per second, and the server's CPU microseconds per request. */
async function run(
  servers: Servers,
  port: number,
  path: string,
): Promise<{ rps: number; cpu: number }> {
  const before = await servers.cpuMicros();
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    connections,
    duration: seconds,
  });
  const cpu = (await servers.cpuMicros()) - before;
  const wanted = path === '/ok' ? result['2xx'] : result['4xx'];
  if (result.errors > 0 || result.timeouts > 0 || wanted !== result.requests.total) {
    throw new Error(`bench: ${path} on port ${port} gave unexpected answers`);
  }
  return { rps: result.requests.average, cpu: cpu / result.requests.total };
}

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const ALL = [
  'node',
  'express',
  'fastify',
  'hono',
  'fetch',
  'koa',
  'nestjs',
  'nestjs-fastify',
  'bun',
  'deno',
];
const asked = process.argv.slice(2);
const frameworks = (asked.length > 0 ? ALL.filter((fw) => asked.includes(fw)) : ALL).filter(
  (fw) => {
    // A runtime whose binary is not installed is left out of the run, said so on stderr.
    const missing = RUNTIMES[fw] !== undefined && binary(fw) === undefined;
    if (missing) console.error(`bench:server: no node_modules/.bin/${fw}, ${fw} left out`);
    return !missing;
  },
);
/** The version line of the runtimes the run used besides Node. */
const versions = frameworks
  .filter((fw) => RUNTIMES[fw] !== undefined)
  .map((fw) => {
    // `bun --version` prints `1.4.5`, `deno --version` `deno 2.9.6 (stable, …)` first.
    const line =
      execFileSync(binary(fw) ?? fw, ['--version'])
        .toString()
        .split('\n')[0] ?? '';
    return `${fw} ${line.replace(`${fw} `, '').replace(/ \(.*$/, '')}`;
  });
const rows: string[] = [];
const targets = [
  ['nativeErr', 'native', '/err'],
  ['errataErr', 'errata', '/err'],
  ['nativeOk', 'native', '/ok'],
  ['errataOk', 'errata', '/ok'],
] as const;
for (const fw of frameworks) {
  const label = RUNTIMES[fw]?.label ?? fw;
  const servers = await startServers(fw);
  const { ports } = servers;
  const rps: Record<string, number[]> = {};
  const cpu: Record<string, number[]> = {};
  for (let r = 0; r < rounds; r++) {
    for (const [key, kind, path] of targets) {
      const port = ports[`${fw} ${kind}`];
      if (port === undefined) continue;
      const m = await run(servers, port, path);
      rps[key] = [...(rps[key] ?? []), m.rps];
      cpu[key] = [...(cpu[key] ?? []), m.cpu];
    }
  }
  const R = (k: string) => median(rps[k] ?? []);
  const C = (k: string) => median(cpu[k] ?? []);
  // Targets of issue 14: req/s errata / native >= 0.97 on success and >= 1.0 on errors; server
  // CPU per request at most 1.05x bare on success (ratio bare / errata >= 1 / 1.05) and 1.0x on
  // errors.
  for (const [path, native, errata, target, cpuTarget] of [
    ['success path', 'nativeOk', 'errataOk', 0.97, 1 / 1.05],
    ['error path', 'nativeErr', 'errataErr', 1.0, 1.0],
  ] as const) {
    if (rps[native] === undefined || rps[errata] === undefined) continue;
    benchRow({
      bench: 'server',
      case: path,
      framework: label,
      errata: R(errata),
      peer: R(native),
      unit: 'req/s',
      target,
    });
    benchRow(
      {
        bench: 'server',
        case: `${path} cpu`,
        framework: label,
        errata: C(errata),
        peer: C(native),
        unit: 'µs',
        target: cpuTarget,
      },
      true,
    );
  }
  servers.stop();
  rows.push(
    `| ${label} | ${R('nativeErr').toFixed(0)} | ${R('errataErr').toFixed(0)} | **${(R('errataErr') / R('nativeErr')).toFixed(2)}x** | ${C('nativeErr').toFixed(1)} / ${C('errataErr').toFixed(1)} | ${R('nativeOk').toFixed(0)} | ${R('errataOk').toFixed(0)} | **${(R('errataOk') / R('nativeOk')).toFixed(2)}x** | ${C('nativeOk').toFixed(1)} / ${C('errataOk').toFixed(1)} |`,
  );
}
console.log(
  `# bench:server — node ${process.version}, autocannon ${connections} connections, ${rounds} interleaved rounds of ${seconds} s per target (medians)\n`,
);
console.log(
  '| framework | native error req/s | errata error req/s | ratio | server CPU µs/req native / errata | bare success req/s | with errata req/s | ratio | server CPU µs/req bare / errata |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const row of rows) console.log(row);
if (versions.length > 0) {
  console.log(
    `\nfetch (bun) and fetch (deno): errata/fetch against a bare fetch handler on Bun.serve / Deno.serve (${versions.join(', ')}); their server CPU is read from /proc/<pid>/stat (10 ms ticks). fetch: the same handlers on Node through srvx.`,
  );
}
