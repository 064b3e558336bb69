// `npm run docs:seeds`: write each seed's REFERENCE.md and reference.html with `errata docs`,
// from its catalog alone (test/examples/seeds/reference.test.ts fails when they are stale).
import { readdir } from 'node:fs/promises';
import { runCli } from '../src/cli/main.js';

const root = new URL('../examples/seeds/', import.meta.url).pathname;
const seeds = (await readdir(root, { withFileTypes: true }))
  .filter((d) => d.isDirectory() && /^\d{3}-/.test(d.name))
  .map((d) => d.name)
  .sort();
const only = process.argv.slice(2);
for (const seed of seeds) {
  if (only.length > 0 && !only.some((o) => seed.startsWith(o))) continue;
  for (const [out, extra] of [
    ['REFERENCE.md', []],
    ['reference.html', ['--html']],
  ] as const) {
    const code = await runCli(
      [
        'docs',
        `examples/seeds/${seed}/catalog.ts`,
        ...extra,
        '--out',
        `examples/seeds/${seed}/${out}`,
      ],
      {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
        cwd: new URL('..', import.meta.url).pathname,
      },
    );
    if (code !== 0) process.exit(code);
    console.log(`wrote examples/seeds/${seed}/${out}`);
  }
}
