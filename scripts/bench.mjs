// Runs benches on errata as tsc compiles it, like every peer they are compared with: not through
// tsx, whose transform names every function it creates (esbuild's keepNames: a `__name()` call,
// a defineProperty, per closure made at run time), which cost errata ~4 µs of a 25 µs request in
// bench:server. Compiles bench/ and src/ to .bench-build/run-<pid>/ once, then runs each bench named.
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
// Each run compiles into a directory of its own and removes it after: two benches started at
// once (or a bench while another compiles) never run each other's half-written build.
const out = `.bench-build/run-${process.pid}`;
rmSync(out, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.bench.json', '--outDir', out],
  {
    stdio: 'inherit',
  },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
process.on('exit', () => rmSync(out, { recursive: true, force: true }));
for (const name of names) {
  // The rate-limit bench forces a GC between rounds.
  const flags = name === 'rate-limit' ? ['--expose-gc'] : [];
  const run = spawnSync(process.execPath, [...flags, `${out}/bench/${name}.js`, ...extra], {
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    console.error(`bench ${name} failed (exit ${run.status ?? run.signal})`);
    process.exit(run.status ?? 1);
  }
}
