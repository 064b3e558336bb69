/**
 * Retry amplification under failure: errata's client side by side with ky, got and p-retry
 * around fetch, each with its default retry count and retry decision. A local server (a child
 * process, bench/retry-server.ts) answers (a) every attempt with 503 — a full outage — and
 * (b) 10% of attempts with 503, chosen by a seeded hash of (logical request id, attempt number)
 * so every client meets the same 503s. 503s carry a small JSON body and no Retry-After.
 *
 * 50 concurrent callers each make BENCH_RETRY_REQUESTS logical GET requests in a row. Every
 * logical request sends a unique `x-logical-id` header on each of its attempts; the server counts
 * attempts per id, the client side records outcome and completion time.
 *
 * The peers' waits are scaled by BENCH_RETRY_TIME_SCALE (time only: retry counts and retry
 * decisions are their defaults), since p-retry's defaults alone wait 17 minutes per logical
 * request in an outage. errata runs with its defaults, unscaled. Completion times are shown as
 * run and projected to default (unscaled) waits: measured time − scaled waits + default waits.
 *
 * Run: npm run bench:retry  (BENCH_RETRY_REQUESTS, BENCH_RETRY_CALLERS, BENCH_RETRY_TIME_SCALE,
 * BENCH_RETRY_SEED tune it; client names as arguments filter it, e.g. `-- errata ky`).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import got from 'got';
import ky from 'ky';
import pRetry from 'p-retry';
import { createClient, RetryBudget } from '../src/client/index.js';
import { siblingArgs } from './harness.js';
import { benchRow } from './json-rows.js';
import type { FromServer, ServerMode, ToServer } from './retry-server.js';

const perCaller = Number(process.env.BENCH_RETRY_REQUESTS ?? 60);
const callers = Number(process.env.BENCH_RETRY_CALLERS ?? 50);
const scale = Number(process.env.BENCH_RETRY_TIME_SCALE ?? 0.001);
const seed = Number(process.env.BENCH_RETRY_SEED ?? 1);
const flakyRate = 0.1;
/** The default RetryBudget's cost of one retry (not a timeout): below it, no retry is allowed. */
const RETRY_COST = 5;
const only = process.argv.slice(2);
for (const [name, n] of Object.entries({ perCaller, callers, scale })) {
  if (!(Number.isFinite(n) && n > 0)) throw new TypeError(`bench:retry: bad ${name}: ${n}`);
}

// ---------------------------------------------------------------------------------------------
// The server, in a child process, driven over IPC.

const child = spawn(process.execPath, siblingArgs(import.meta.url, 'retry-server'), {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
child.on('exit', (code) => {
  if (code !== 0 && code !== null) {
    console.error(`bench:retry: server process exited ${code}`);
    process.exit(1);
  }
});
function nextMessage<T extends FromServer['type']>(
  type: T,
): Promise<Extract<FromServer, { type: T }>> {
  return new Promise((resolve) => {
    const listener = (message: FromServer) => {
      if (message.type !== type) return;
      child.off('message', listener);
      resolve(message as Extract<FromServer, { type: T }>);
    };
    child.on('message', listener);
  });
}
function ask<T extends FromServer['type']>(
  message: ToServer,
  type: T,
): Promise<Extract<FromServer, { type: T }>> {
  const reply = nextMessage(type);
  child.send(message);
  return reply;
}
const { port } = await nextMessage('listening');
const baseUrl = `http://127.0.0.1:${port}`;
const url = `${baseUrl}/r`;

// ---------------------------------------------------------------------------------------------
// The clients. Each `call` makes one logical request and resolves to the parsed JSON, or rejects
// once its retries are over. `trace` collects the waits it asked for, scaled and at default.

type Trace = { scaledWaitMs: number; defaultWaitMs: number };
type Instance = {
  call: (id: string, trace: Trace) => Promise<unknown>;
  /** errata only: the client's retry budget, read before each logical request. */
  budget?: RetryBudget;
  /** errata only: retries the client reported through onRetry. */
  retries?: () => number;
};
type Candidate = {
  name: string;
  /** What its retry policy is, as run. */
  policy: string;
  /** Whether its waits are scaled. */
  scaled: boolean;
  create: () => Instance;
};

const version = (name: string): string =>
  (
    JSON.parse(
      // From the working directory (the repo's root): the compiled bench runs from .bench-build/.
      readFileSync(`node_modules/${name}/package.json`, 'utf8'),
    ) as { version: string }
  ).version;
const headers = (id: string) => ({ 'x-logical-id': id, accept: 'application/json' });
const sx = `×${scale}`;

const allCandidates: Candidate[] = [
  {
    name: 'errata',
    policy:
      'defaults: 3 attempts, full jitter base 100 ms cap 20 s, retry budget 500 (a retry takes 5, a success without retry refills 1, a success after a retry returns its 5); the budget is passed as `new RetryBudget()` (the default) only to read `available`',
    scaled: false,
    create: () => {
      // Passed explicitly only to read `available`: the same as the default (a new RetryBudget
      // with default options per client).
      const budget = new RetryBudget();
      let retries = 0;
      const client = createClient({
        baseUrl,
        retry: {
          budget,
          onRetry: () => {
            retries++;
          },
        },
      });
      return {
        budget,
        retries: () => retries,
        call: async (id) => (await client.request('/r', { headers: headers(id) })).json(),
      };
    },
  },
  {
    name: `ky ${version('ky')}`,
    policy: `defaults: limit 2 (3 attempts), delay 300·2^(n-1) ms ${sx}`,
    scaled: true,
    create: () => ({
      call: (id, trace) =>
        ky
          .get(url, {
            headers: headers(id),
            retry: {
              // ky's default delay, scaled.
              delay: (n) => {
                const ms = 0.3 * 2 ** (n - 1) * 1000;
                trace.defaultWaitMs += ms;
                trace.scaledWaitMs += ms * scale;
                return ms * scale;
              },
            },
          })
          .json(),
    }),
  },
  {
    name: `got ${version('got')}`,
    policy: `defaults: limit 2 (3 attempts), 1000·2^(n-1) ms + 0–100 ms noise ${sx}`,
    scaled: true,
    create: () => ({
      call: (id, trace) =>
        got(url, {
          headers: headers(id),
          retry: {
            // got's computed delay (0 means no retry: kept as is), scaled.
            calculateDelay: ({ computedValue }) => {
              if (computedValue <= 0) return computedValue;
              trace.defaultWaitMs += computedValue;
              trace.scaledWaitMs += computedValue * scale;
              return computedValue * scale;
            },
          },
        }).json(),
    }),
  },
  {
    name: `p-retry ${version('p-retry')} + fetch`,
    policy: `defaults: retries 10 (11 attempts), minTimeout 1000 ms ${sx}, factor 2; throws on non-2xx`,
    scaled: true,
    create: () => ({
      call: (id, trace) =>
        pRetry(
          async () => {
            const response = await fetch(url, { headers: headers(id) });
            if (!response.ok) {
              await response.text();
              throw new Error(`HTTP ${response.status}`);
            }
            return response.json();
          },
          {
            minTimeout: 1000 * scale,
            onFailedAttempt: ({ retriesLeft, retriesConsumed }) => {
              if (retriesLeft <= 0) return;
              // The wait p-retry is about to take: minTimeout · factor^retriesConsumed.
              const ms = 1000 * 2 ** retriesConsumed;
              trace.defaultWaitMs += ms;
              trace.scaledWaitMs += Math.round(ms * scale);
            },
          },
        ),
    }),
  },
];
const candidates = allCandidates.filter(
  (c) => only.length === 0 || only.some((o) => c.name.startsWith(o)),
);

// ---------------------------------------------------------------------------------------------
// One run: `callers` concurrent loops of `perCaller` logical requests each.

type Outcome = {
  id: string;
  ok: boolean;
  startedAt: number;
  ms: number;
  /** Completion time with the default (unscaled) waits: ms − scaled waits + default waits. */
  projectedMs: number;
  budgetAtStart: number | undefined;
};

async function run(instance: Instance, n: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const loop = async (caller: number) => {
    for (let i = 0; i < n; i++) {
      const id = `c${caller}-r${i}`;
      const trace: Trace = { scaledWaitMs: 0, defaultWaitMs: 0 };
      const budgetAtStart = instance.budget?.available;
      const startedAt = performance.now();
      let ok = true;
      try {
        await instance.call(id, trace);
      } catch {
        ok = false;
      }
      const ms = performance.now() - startedAt;
      const projectedMs = ms - trace.scaledWaitMs + trace.defaultWaitMs;
      outcomes.push({ id, ok, startedAt, ms, projectedMs, budgetAtStart });
    }
  };
  await Promise.all(Array.from({ length: callers }, (_, c) => loop(c)));
  return outcomes;
}

async function reset(mode: ServerMode, rate: number): Promise<void> {
  await ask({ type: 'reset', mode, rate, seed }, 'reset');
}

// ---------------------------------------------------------------------------------------------
// Figures.

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
const fmtMs = (ms: number): string =>
  ms < 10 ? ms.toFixed(1) : Math.round(ms).toLocaleString('en-US');
const fmtPct = (x: number): string => `${(x * 100).toFixed(2)}%`;

type Summary = {
  logical: number;
  attempts: number;
  failed: number;
  p50: number;
  p99: number;
  projectedP50: number;
  projectedP99: number;
};
function summarise(outcomes: Outcome[], counts: Map<string, number>): Summary {
  const ms = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const projected = outcomes.map((o) => o.projectedMs).sort((a, b) => a - b);
  return {
    logical: outcomes.length,
    attempts: outcomes.reduce((sum, o) => sum + (counts.get(o.id) ?? 0), 0),
    failed: outcomes.filter((o) => !o.ok).length,
    p50: percentile(ms, 0.5),
    p99: percentile(ms, 0.99),
    projectedP50: percentile(projected, 0.5),
    projectedP99: percentile(projected, 0.99),
  };
}

const modes = [
  { mode: 'outage', rate: 1, title: '(a) full outage: every attempt gets 503' },
  {
    mode: 'flaky',
    rate: flakyRate,
    title: `(b) ${flakyRate * 100}% random 503s (seeded hash of id and attempt, seed ${seed})`,
  },
] as const;

const out: string[] = [];
const budgetRows: string[] = [];
const print = (line = '') => {
  out.push(line);
};
const targets: string[] = [];

// Warm-up: connections and JIT of the success and the error paths, once per client, with a
// throwaway instance (errata's warm-up client has its own budget).
await reset('flaky', 0.5);
for (const candidate of candidates) await run(candidate.create(), 4);

for (const { mode, rate, title } of modes) {
  const rows: string[] = [];
  const figures = new Map<string, { amp: number; success: number; cpu: number }>();
  for (const candidate of candidates) {
    await reset(mode, rate);
    const instance = candidate.create();
    const start = performance.now();
    const cpuBefore = process.cpuUsage();
    const outcomes = await run(instance, perCaller);
    const cpu = process.cpuUsage(cpuBefore);
    const wall = (performance.now() - start) / 1000;
    const stats = await ask({ type: 'stats' }, 'stats');
    const counts = new Map(stats.counts);
    if (stats.withoutId > 0 || counts.size !== outcomes.length) {
      throw new Error(
        `bench:retry: ${candidate.name}: ${stats.withoutId} attempts without an id, ${counts.size} ids for ${outcomes.length} logical requests`,
      );
    }
    const s = summarise(outcomes, counts);
    const amp = s.attempts / s.logical;
    figures.set(candidate.name, {
      amp,
      success: 1 - s.failed / s.logical,
      cpu: (cpu.user + cpu.system) / s.attempts,
    });
    rows.push(
      `| ${candidate.name} | ${candidate.scaled ? sx : '×1'} | ${s.logical} | ${s.attempts} | **${amp.toFixed(3)}** | ${fmtPct(1 - s.failed / s.logical)} (${s.failed} failed) | ${fmtMs(s.p50)} / ${fmtMs(s.p99)} | ${fmtMs(s.projectedP50)} / ${fmtMs(s.projectedP99)} | ${((cpu.user + cpu.system) / s.attempts).toFixed(0)} | ${wall.toFixed(1)} |`,
    );
    console.error(`${mode} ${candidate.name}: done in ${wall.toFixed(1)} s`);

    if (instance.budget !== undefined) {
      // From the first logical request that started with too little budget for one retry.
      const sorted = [...outcomes].sort((a, b) => a.startedAt - b.startedAt);
      const first = sorted.findIndex(
        (o) => (o.budgetAtStart ?? Number.POSITIVE_INFINITY) < RETRY_COST,
      );
      const after = first < 0 ? [] : sorted.slice(first);
      const afterAttempts = after.reduce((sum, o) => sum + (counts.get(o.id) ?? 0), 0);
      const ampAfter = after.length > 0 ? afterAttempts / after.length : Number.NaN;
      const half = sorted.slice(Math.floor(sorted.length / 2));
      const ampHalf = half.reduce((sum, o) => sum + (counts.get(o.id) ?? 0), 0) / half.length;
      // A failed logical request with fewer than 3 attempts had a retry refused by the budget.
      const refused = outcomes.filter((o) => !o.ok && (counts.get(o.id) ?? 0) < 3).length;
      const minBudget = Math.min(...outcomes.map((o) => o.budgetAtStart ?? Number.NaN));
      budgetRows.push(
        `| ${title.slice(0, 3)} | ${amp.toFixed(3)} | ${after.length > 0 ? `**${ampAfter.toFixed(3)}** (${after.length} requests, from #${first + 1})` : 'budget never ran out'} | ${ampHalf.toFixed(3)} | ${s.attempts - s.logical} / ${instance.retries?.() ?? '?'} | ${refused} | ${minBudget} | ${instance.budget.available} |`,
      );
      if (mode === 'outage') {
        targets.push(
          `- (a) errata amplification once the budget is spent: ${ampAfter.toFixed(3)} (target ≤ 1.05: ${ampAfter <= 1.05 ? 'met' : 'NOT met'}); overall ${amp.toFixed(3)}`,
        );
      } else {
        const success = 1 - s.failed / s.logical;
        targets.push(
          `- (b) errata success rate: ${fmtPct(success)} (target ≥ 99.9%: ${success >= 0.999 ? 'met' : 'NOT met'}); retries refused by the budget: ${refused}`,
        );
      }
    } else if (mode === 'outage') {
      targets.push(`- (a) ${candidate.name} amplification: ${amp.toFixed(3)}`);
    } else {
      targets.push(
        `- (b) ${candidate.name} success rate: ${fmtPct(1 - s.failed / s.logical)} (same 503s as errata's run)`,
      );
    }
  }
  const ours = figures.get('errata');
  for (const [name, theirs] of figures) {
    if (ours === undefined || name === 'errata') continue;
    const row = { bench: 'retry', framework: name, target: 1 } as const;
    benchRow(
      {
        ...row,
        case: `${mode} amplification`,
        errata: ours.amp,
        peer: theirs.amp,
        unit: 'attempts per request',
      },
      true,
    );
    benchRow({
      ...row,
      case: `${mode} success`,
      errata: ours.success,
      peer: theirs.success,
      unit: 'share',
    });
    benchRow(
      {
        ...row,
        case: `${mode} client cpu`,
        errata: ours.cpu,
        peer: theirs.cpu,
        unit: 'µs per attempt',
      },
      true,
    );
  }
  print(`## ${title}`);
  print();
  print(
    '| client | waits | logical requests | attempts | amplification | success | p50 / p99 ms as run | p50 / p99 ms at default waits | client CPU µs / attempt | run s |',
  );
  print('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) print(row);
  print();
}

if (budgetRows.length > 0) {
  print("## errata's retry budget");
  print();
  print(
    '| mode | amplification overall | after the budget ran out | second half of the run | retries (server / onRetry) | failures with a retry refused | lowest budget at a request start | budget at the end |',
  );
  print('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of budgetRows) print(row);
  print();
}
print('## Targets');
print();
for (const line of targets) print(line);
print();
print(
  `With 3 attempts and every retry allowed, a logical request fails when its 3 attempts all draw a 503: ${flakyRate}^3 = ${fmtPct(flakyRate ** 3)} expected, so 99.9% is the expected success of any 3-attempt client, not a margin; with the seeded 503s every 3-attempt client without refusals fails the same logical requests.`,
);

child.disconnect();
console.log(
  `# bench:retry — node ${process.version}, ${callers} concurrent callers × ${perCaller} logical GET requests each, seed ${seed}\n`,
);
console.log(
  `Server: a child process; 503s carry a small JSON body (errata envelope) and no Retry-After. Attempts are counted by the server per \`x-logical-id\`. Peers keep their default retry count and retry decision; only their waits are scaled ${sx} (p-retry's defaults alone wait 1,023 s per logical request in an outage). errata runs its defaults, unscaled. "At default waits" = time as run − the scaled waits + the waits the client's defaults would have taken (an estimate: queueing stays as run). Times are per logical request, from call to settle; this machine is shared and noisy, so compare times within a run only. Client CPU is this process's user+system CPU over the run, per attempt.\n`,
);
console.log('Clients as run:\n');
for (const c of candidates) console.log(`- ${c.name}: ${c.policy}`);
console.log();
for (const line of out) console.log(line);
