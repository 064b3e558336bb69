/**
 * A small interleaved micro-benchmark harness: every task runs one batch per round, rounds
 * alternate between tasks so machine noise hits all of them alike, and the median batch wins.
 * Timings are only ever compared as ratios within one run.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type Task = () => unknown;

let sink: unknown;

/** Keep a result alive so the optimiser cannot drop the work. */
export function consume(value: unknown): void {
  sink = value;
}

/** Median nanoseconds per call of each task. */
export function measure(
  tasks: Record<string, Task>,
  options: { rounds?: number; batch?: number } = {},
): Record<string, number> {
  const rounds = options.rounds ?? 25;
  const batch = options.batch ?? 20_000;
  const names = Object.keys(tasks);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const name of names) {
    const task = tasks[name] as Task;
    for (let i = 0; i < batch; i++) consume(task()); // warm up and let the JIT settle
  }
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const task = tasks[name] as Task;
      const start = process.hrtime.bigint();
      for (let i = 0; i < batch; i++) sink = task();
      const ns = Number(process.hrtime.bigint() - start) / batch;
      samples[name]?.push(ns);
    }
  }
  const out: Record<string, number> = {};
  for (const name of names) {
    const sorted = (samples[name] ?? []).sort((a, b) => a - b);
    out[name] = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  }
  if (sink === Symbol.for('never')) console.log('');
  return out;
}

/** `1.23` style number. */
export function fmt(n: number, digits = 2): string {
  return n.toFixed(digits);
}

/**
 * The node arguments that run a sibling bench module in a child process: the compiled `.js`
 * when this module is compiled (scripts/bench.mjs), else the `.ts` through tsx.
 * @example spawn(process.execPath, [...siblingArgs(import.meta.url, 'server-apps'), 'hono '])
 */
export function siblingArgs(moduleUrl: string, name: string): string[] {
  const compiled = moduleUrl.endsWith('.js');
  const file = fileURLToPath(new URL(`./${name}.${compiled ? 'js' : 'ts'}`, moduleUrl));
  return compiled ? [file] : ['--import', 'tsx', file];
}

/** A bench's server process: its ports, and its CPU time (µs) on request. */
export type ForkedServer = {
  child: ChildProcess;
  ports: Record<string, number>;
  cpuMicros(): Promise<number>;
};

/**
 * Fork a bench module with the argument `serve` (compiled or through tsx, like this one): the
 * child sends its ports first, then its `process.cpuUsage()` total whenever sent a message.
 * @example const { ports, cpuMicros, child } = await forkServer(import.meta.url);
 */
export async function forkServer(moduleUrl: string): Promise<ForkedServer> {
  const self = fileURLToPath(moduleUrl);
  const child = fork(self, ['serve'], {
    execArgv: self.endsWith('.ts') ? ['--import', 'tsx'] : [],
  });
  const ports = await new Promise<Record<string, number>>((resolve) => {
    child.once('message', (m) => resolve(m as Record<string, number>));
  });
  const cpuMicros = () =>
    new Promise<number>((resolve) => {
      child.once('message', (m) => resolve(Number(m)));
      child.send('cpu');
    });
  return { child, ports, cpuMicros };
}

/**
 * The child's side of `forkServer` (and of bench:server's children): answer every message from
 * the parent with this process's CPU time so far, in µs.
 * @example process.send?.(ports); answerCpuRequests();
 */
export function answerCpuRequests(): void {
  process.on('message', () => {
    const { user, system } = process.cpuUsage();
    process.send?.(user + system);
  });
}
