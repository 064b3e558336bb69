/**
 * Memory-store rate limiting, side by side in one run with rate-limiter-flexible's
 * RateLimiterMemory and express-rate-limit's MemoryStore: checks per second for one hot key and
 * for 100,000 distinct keys, then the memory bound after a flood of 1,000,000 distinct keys.
 * Then the Redis half (bench/rate-limit-redis.ts), unless BENCH_REDIS=0.
 * Run: npm run bench:rate-limit
 */
import { MemoryStore as ErlMemoryStore } from 'express-rate-limit';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { createRateLimiter, MemoryStore } from '../src/rate-limit/index.js';
import { runRedisBench } from './rate-limit-redis.js';

const N = Number(process.env.BENCH_CHECKS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const LIMIT = 1_000_000_000; // nothing is refused: the bench measures the check, not the 429

type Check = (key: string) => Promise<unknown>;

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
  return {
    'errata limiter.check': (key) => errata.check({ key }),
    'errata MemoryStore.check': (key) => errataRaw.check({ key, policies, cost: 1 }),
    'rate-limiter-flexible RateLimiterMemory.consume': (key) => rlf.consume(key),
    'express-rate-limit MemoryStore.increment': (key) => erl.increment(key),
  };
}

async function perSecond(check: Check, keys: (i: number) => string): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await check(keys(i));
  return N / (Number(process.hrtime.bigint() - start) / 1e9);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const scenarios: Record<string, (i: number) => string> = {
  'one hot key': () => 'hot',
  '100k distinct keys': (i) => `k${i % 100_000}`,
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
  const rlf = median(samples['rate-limiter-flexible RateLimiterMemory.consume'] ?? []);
  console.log(`## Memory store, ${scenario}\n`);
  console.log('| implementation | checks/s | vs rate-limiter-flexible |');
  console.log('|---|---:|---:|');
  for (const [name, xs] of Object.entries(samples)) {
    console.log(`| ${name} | ${median(xs).toFixed(0)} | ${(median(xs) / rlf).toFixed(2)}x |`);
  }
  console.log('');
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
