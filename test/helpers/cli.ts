import { runCli } from '../../src/cli/main.js';
import type { ExitCode } from '../../src/cli/shared/command.js';

/** What one in-process `errata …` run printed and returned. */
export type CliRun = { code: ExitCode; stdout: string; stderr: string };

/**
 * Run the CLI in-process, as `errata <argv>` from `cwd` (default: the repository root).
 * @example const { code, stdout } = await cli(['docs', 'examples/vault/catalog.ts']);
 */
export async function cli(argv: readonly string[], cwd = process.cwd()): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd,
  });
  return { code, stdout, stderr };
}
