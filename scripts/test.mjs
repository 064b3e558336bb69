// `npm test` after its pretest (tools provisioned, dist/ built): the type check (type tests
// included) and the vitest suite side by side, since the suite alone leaves a core idle while it
// waits on sockets and child processes. Fails if either fails; tsc's report is printed after the
// suite's so the two never interleave. Arguments go to vitest.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const run = (command, args, capture) =>
  new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: ['ignore', capture ? 'pipe' : 'inherit', capture ? 'pipe' : 'inherit'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', (error) => resolve({ code: 1, output: `${command}: ${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });

const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
const [types, suite] = await Promise.all([
  run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'], true),
  run(bin('vitest'), ['run', ...process.argv.slice(2)], false),
]);
if (types.code === 0) {
  process.stdout.write('type check (tsc, type tests included): no errors\n');
} else {
  process.stdout.write(`type check (tsc) failed:\n${types.output}`);
}
process.exitCode = types.code !== 0 || suite.code !== 0 ? 1 : 0;
