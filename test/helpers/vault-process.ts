import { type ChildProcess, spawn } from 'node:child_process';

/** The frameworks the vault example comes in: one entry point each (`npm run example:*`). */
export type VaultFramework = 'node' | 'express' | 'fastify' | 'hono' | 'fetch' | 'koa';

/** Every framework of the vault example. */
export const VAULT_FRAMEWORKS: readonly VaultFramework[] = [
  'node',
  'express',
  'fastify',
  'hono',
  'fetch',
  'koa',
];

/** An example entry point running as a child process (node with tsx's loader). */
export type ExampleProcess = {
  child: ChildProcess;
  /** The URL of its listening line; rejects if the process exits first. */
  listening: Promise<string>;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
  /** Whether the process is still running. */
  alive(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
};

/** A vault example running as a child process (as entries.test.ts). */
export type VaultProcess = ExampleProcess & { entry: VaultFramework };

const ROOT = new URL('../..', import.meta.url).pathname;

const live = new Set<ChildProcess>();
// A test run that dies early must not leave example processes behind.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/**
 * Spawn `examples/vault/<entry>.ts` with `env` added to this process's environment.
 * @example const vault = startVault('express', { PORT: '0', RATE_LIMIT: '5/60' }); await vault.listening;
 */
export function startVault(entry: VaultFramework, env: Record<string, string>): VaultProcess {
  return { entry, ...startExample(`examples/vault/${entry}.ts`, env) };
}

/**
 * Spawn an example entry point (a path from the repository root) with `env` added to this
 * process's environment; an `undefined` value removes that variable. `command` runs it (node
 * with tsx's loader unless given: `bun`, `deno run …`).
 * @example const seed = startExample('examples/seeds/000-message/server.ts', { PORT: '0' });
 */
export function startExample(
  path: string,
  env: Record<string, string | undefined>,
  command: readonly string[] = [process.execPath, '--import', 'tsx'],
): ExampleProcess {
  const [program = process.execPath, ...args] = command;
  const child = spawn(program, [...args, path], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    }),
  );
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /^listening on (http:\/\/\S+)$/m.exec(stdout);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`${path} exited ${code}: ${stderr}`)));
  });
  listening.catch(() => {}); // callers that expect an exit need not await it
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    listening,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    alive,
    async stop(graceMs = 15_000) {
      if (!alive()) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
