/**
 * Requests per second of each framework's native error path against the same route through
 * errata, and of a success route bare against with errata's middleware, measured side by side in
 * one run: each framework's servers run in a child process of their own, autocannon in this one,
 * and the targets are interleaved round by round so machine noise hits them alike. Run: npm run bench:server
 * (BENCH_SECONDS, BENCH_ROUNDS and BENCH_CONNECTIONS tune it; framework names filter it).
 */
import { spawn } from 'node:child_process';
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

// One child per framework: with all eight servers in one process, each framework's figures
// moved with the others' code and heap (Fastify's error row read 0.76x there and 0.95x alone).
async function startServers(framework: string): Promise<Servers> {
  const child = spawn(
    process.execPath,
    [...siblingArgs(import.meta.url, 'server-apps'), `${framework} `],
    {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    },
  );
  const ports = await new Promise<Record<string, number>>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line !== undefined) resolve(JSON.parse(line));
    });
    child.on('exit', (code) => reject(new Error(`server process exited ${code}`)));
  });
  return {
    ports,
    cpuMicros: () =>
      new Promise<number>((resolve) => {
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

const ALL = ['node', 'express', 'fastify', 'hono'];
const asked = process.argv.slice(2);
const frameworks = asked.length > 0 ? ALL.filter((fw) => asked.includes(fw)) : ALL;
const rows: string[] = [];
const targets = [
  ['nativeErr', 'native', '/err'],
  ['errataErr', 'errata', '/err'],
  ['nativeOk', 'native', '/ok'],
  ['errataOk', 'errata', '/ok'],
] as const;
for (const fw of frameworks) {
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
      framework: fw,
      errata: R(errata),
      peer: R(native),
      unit: 'req/s',
      target,
    });
    benchRow(
      {
        bench: 'server',
        case: `${path} cpu`,
        framework: fw,
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
    `| ${fw} | ${R('nativeErr').toFixed(0)} | ${R('errataErr').toFixed(0)} | **${(R('errataErr') / R('nativeErr')).toFixed(2)}x** | ${C('nativeErr').toFixed(1)} / ${C('errataErr').toFixed(1)} | ${R('nativeOk').toFixed(0)} | ${R('errataOk').toFixed(0)} | **${(R('errataOk') / R('nativeOk')).toFixed(2)}x** | ${C('nativeOk').toFixed(1)} / ${C('errataOk').toFixed(1)} |`,
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
