/**
 * Memory-store rate limiting, side by side in one run with rate-limiter-flexible's
 * RateLimiterMemory and express-rate-limit's MemoryStore: checks per second for one hot key and
 * for 100,000 distinct keys, then the memory bound after a flood of 1,000,000 distinct keys.
 * Each candidate is called as its users would: a promise is awaited, a synchronous answer
 * (errata's `limiter.checkSync`) is not. Rows as JSON when BENCH_JSON is set (json-rows.ts).
 * Then the Redis half (bench/rate-limit-redis.ts), unless BENCH_REDIS=0.
 * Run: npm run bench:rate-limit
 */
import { MemoryStore as ErlMemoryStore } from 'express-rate-limit';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { createRateLimiter, MemoryStore } from '../src/rate-limit/index.js';
import { benchRow } from './json-rows.js';
import { runRedisBench } from './rate-limit-redis.js';

const N = Number(process.env.BENCH_CHECKS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const LIMIT = 1_000_000_000; // nothing is refused: the bench measures the check, not the 429

type Check = (key: string) => unknown;

const SYNC = 'errata limiter.checkSync';
const ASYNC = 'errata limiter.check';
const RLF = 'rate-limiter-flexible RateLimiterMemory.consume';
const ERL = 'express-rate-limit MemoryStore.increment';

function candidates(): Record<string, Check> {
  const errataStore = new MemoryStore({ maxKeys: 200_000 });
  const errata = createRateLimiter({
    store: errataStore,
    policies: [{ name: 'burst', limit: LIMIT, windowMs: 60_000 }],
    headers: 'none',
  });
  const errataRaw = new MemoryStore({ maxKeys: 200_000 });
  const policies = [{ name: 'burst', kind: 'rate' as const, limit: LIMIT, windowMs: 60_000 }];
  const rlf = new RateLimiterMemory({ points: LIMIT, duration: 60 });
  const erl = new ErlMemoryStore();
  erl.init({ windowMs: 60_000 } as Parameters<ErlMemoryStore['init']>[0]);
  const errataSync = createRateLimiter({
    store: new MemoryStore({ maxKeys: 200_000 }),
    policies: [{ name: 'burst', limit: LIMIT, windowMs: 60_000 }],
    headers: 'none',
  });
  return {
    [SYNC]: (key) => errataSync.checkSync?.({ key }),
    [ASYNC]: (key) => errata.check({ key }),
    'errata MemoryStore.check': (key) => errataRaw.check({ key, policies, cost: 1 }),
    [RLF]: (key) => rlf.consume(key),
    [ERL]: (key) => erl.increment(key),
  };
}

async function perSecond(check: Check, keys: (i: number) => string): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const answer = check(keys(i));
    if (answer instanceof Promise) await answer;
  }
  return N / (Number(process.hrtime.bigint() - start) / 1e9);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const scenarios: Record<string, (i: number) => string> = {
  'one hot key': () => 'hot',
  '100k distinct keys': (i) => `k${i % 100_000}`,
};
const caseNames: Record<string, string> = {
  'one hot key': 'memory hot key',
  '100k distinct keys': 'memory 100k keys',
};

console.log(
  `# bench:rate-limit — node ${process.version}, ${N} sequential checks per run, ${ROUNDS} interleaved rounds (median)\n`,
);
for (const [scenario, keys] of Object.entries(scenarios)) {
  const made = candidates();
  const samples: Record<string, number[]> = {};
  for (const check of Object.values(made)) await perSecond(check, keys); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, check] of Object.entries(made)) {
      samples[name] = [...(samples[name] ?? []), await perSecond(check, keys)];
    }
  }
  const rlf = median(samples[RLF] ?? []);
  console.log(`## Memory store, ${scenario}\n`);
  console.log('| implementation | checks/s | vs rate-limiter-flexible |');
  console.log('|---|---:|---:|');
  for (const [name, xs] of Object.entries(samples)) {
    console.log(`| ${name} | ${median(xs).toFixed(0)} | ${(median(xs) / rlf).toFixed(2)}x |`);
  }
  console.log('');
  const name = caseNames[scenario] ?? scenario;
  const errata = median(samples[SYNC] ?? []);
  const erl = median(samples[ERL] ?? []);
  const row = { bench: 'rate-limit', unit: 'checks/s' };
  benchRow({ ...row, case: name, errata, peer: rlf, target: 1.5 });
  benchRow({ ...row, case: `${name}, vs express-rate-limit`, errata, peer: erl, target: null });
  const awaited = median(samples[ASYNC] ?? []);
  benchRow({
    ...row,
    case: `${name}, limiter.check awaited`,
    errata: awaited,
    peer: rlf,
    target: null,
  });
}

// The bound: a flood of distinct keys must not grow the store past maxKeys.
const bound = 100_000;
const flooded = new MemoryStore({ maxKeys: bound });
const policies = [{ name: 'burst', kind: 'rate' as const, limit: 10, windowMs: 60_000 }];
global.gc?.();
const before = process.memoryUsage().heapUsed;
for (let i = 0; i < 1_000_000; i++) flooded.checkSync({ key: `flood${i}`, policies, cost: 1 });
global.gc?.();
const after = process.memoryUsage().heapUsed;
console.log('## Flood of 1,000,000 distinct keys (memory store, maxKeys 100,000)\n');
console.log(`- keys held afterwards: ${flooded.size} (bound ${bound})`);
console.log(
  `- heap growth: ${((after - before) / 1024 / 1024).toFixed(1)} MiB${global.gc ? '' : ' (run with --expose-gc for a steadier figure)'}`,
);

console.log('');
if (process.env.BENCH_REDIS === '0') console.log('## Redis store: skipped (BENCH_REDIS=0)');
else await runRedisBench();
