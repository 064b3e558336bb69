// Runs benches on errata as tsc compiles it, like every peer they are compared with: not through
// tsx, whose transform names every function it creates (esbuild's keepNames: a `__name()` call,
// a defineProperty, per closure made at run time), which cost errata ~4 µs of a 25 µs request in
// bench:server. Compiles bench/ and src/ to .bench-build/ once, then runs each bench named.
// Usage: node scripts/bench.mjs formats server rate-limit retry headers router
//        node scripts/bench.mjs server -- hono   (what follows `--` goes to each bench)
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const names = dash === -1 ? argv : argv.slice(0, dash);
const extra = dash === -1 ? [] : argv.slice(dash + 1);
if (names.length === 0) {
  console.error('usage: node scripts/bench.mjs <bench>... (formats, server, rate-limit, ...)');
  process.exit(2);
}
rmSync('.bench-build', { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.bench.json'],
  {
    stdio: 'inherit',
  },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
for (const name of names) {
  // The rate-limit bench forces a GC between rounds.
  const flags = name === 'rate-limit' ? ['--expose-gc'] : [];
  const run = spawnSync(process.execPath, [...flags, `.bench-build/bench/${name}.js`, ...extra], {
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    console.error(`bench ${name} failed (exit ${run.status ?? run.signal})`);
    process.exit(run.status ?? 1);
  }
}
