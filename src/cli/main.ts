#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { check } from './check/command.js';
import { diff } from './diff/command.js';
import { docs } from './docs/command.js';
import { i18n } from './i18n/command.js';
import { openapi } from './openapi/command.js';
import { parseCommand } from './parse/command.js';
import { type Command, EXIT, type ExitCode, type Io } from './shared/command.js';
import { UsageError } from './shared/usage-error.js';
import { snapshot } from './snapshot.js';

/** Every subcommand, in `errata --help` order; each lives in its own folder (snapshot: file). */
const commands: readonly Command[] = [docs, openapi, snapshot, diff, check, i18n, parseCommand];

const USAGE = `Usage: errata <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(10)}${c.summary}`).join('\n')}

Every command speaks the catalog's wire format (defineCatalog({ format }), options and custom
formats included); --wire NAME overrides it with a built-in one.
Run errata <command> --help for a command's options.
Exit codes: 0 success, 1 a finding (a break, a violation), 2 bad usage.`;

/**
 * Run the CLI with `argv` (without `node` and the script) and return the exit code; never exits
 * the process itself, so tests run it in-process.
 * @example process.exitCode = await runCli(['docs', 'src/errors.ts', '--html'], io);
 */
export async function runCli(argv: readonly string[], io: Io): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(`${USAGE}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command: Command | undefined = commands.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr(`errata: unknown command ${JSON.stringify(name)} (see errata --help)\n`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.help.trimEnd()}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

/** Most of standard input read: parse looks at the first MiB of a body anyway. */
const MAX_STDIN = 8 * 1024 * 1024;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = chunk as Buffer;
    chunks.push(buffer);
    size += buffer.length;
    if (size >= MAX_STDIN) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}

const invokedDirectly = (() => {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  const io: Io = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    stdin: readStdin,
  };
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // A bug, not a finding: one line, no stack unless asked for.
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`errata: internal error: ${message}\n`);
      if (process.env.ERRATA_DEBUG) console.error(error);
      process.exitCode = 2;
    },
  );
}
