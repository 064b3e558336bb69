import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const run = promisify(execFile);

describe('errata (the command)', () => {
  it('lists every subcommand on --help and exits 0', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    for (const name of ['docs', 'openapi', 'snapshot', 'diff', 'check']) {
      expect(stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    }
  });

  it('exits 2 with a one-line reason on no command or an unknown one', async () => {
    const none = await cli([]);
    expect(none.code).toBe(2);
    const unknown = await cli(['deploy']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('errata: unknown command "deploy" (see errata --help)\n');
  });

  it('runs as a real process through its bin (tsx here; dist/cli/main.js when installed)', async () => {
    const { stdout } = await run(process.execPath, [
      '--import',
      'tsx',
      'src/cli/main.ts',
      '--help',
    ]);
    expect(stdout).toMatch(/^Usage: errata <command>/);
    const failed = await run(process.execPath, [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'nope',
    ]).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2 });
  });
});
