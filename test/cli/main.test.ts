import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const run = promisify(execFile);

describe('errata (the command)', () => {
  it('lists every subcommand on --help and exits 0', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    for (const name of ['docs', 'openapi', 'snapshot', 'diff', 'check', 'i18n']) {
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
    const bin = (arg: string) => run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', arg]);
    // Two processes at once: each spends its time starting node and tsx.
    const [{ stdout }, failed] = await Promise.all([
      bin('--help'),
      bin('nope').catch((error: { code: number; stderr: string }) => error),
    ]);
    expect(stdout).toMatch(/^Usage: errata <command>/);
    expect(failed).toMatchObject({ code: 2 });
  });
});
