import { fileURLToPath } from 'node:url';
import { type ExampleProcess, startExample } from './vault-process.js';

/** The JavaScript runtimes the fetch adapter is tested on. */
export type Runtime = 'node' | 'bun' | 'deno';

const bin = (name: string) =>
  fileURLToPath(new URL(`../../node_modules/.bin/${name}`, import.meta.url));

/**
 * The command that runs a TypeScript file on a runtime: node with tsx's loader, bun as it is,
 * deno with every permission and `.js` specifiers resolved to `.ts` files (`--sloppy-imports`),
 * as the sources import each other. Bun and Deno are the npm packages' binaries.
 * @example runtimeCommand('deno') // ['…/node_modules/.bin/deno', 'run', '-A', '--sloppy-imports']
 */
export function runtimeCommand(runtime: Runtime): string[] {
  switch (runtime) {
    case 'node':
      return [process.execPath, '--import', 'tsx'];
    case 'bun':
      return [bin('bun')];
    case 'deno':
      return [bin('deno'), 'run', '-A', '--sloppy-imports', '--quiet'];
  }
}

/** A file running on a runtime, with a way to wait for the lines it prints. */
export type RuntimeProcess = ExampleProcess & {
  /** The rest of the first stdout line starting with `prefix ` (rejects if the process exits). */
  line(prefix: string): Promise<string>;
};

/**
 * Run a TypeScript file (a path from the repository root) on a runtime, with `env` added.
 * @example const child = startRuntime('bun', 'test/runtimes/vault-child.ts', {}); await child.line('listening on');
 */
export function startRuntime(
  runtime: Runtime,
  path: string,
  env: Record<string, string | undefined>,
): RuntimeProcess {
  const started = startExample(path, env, runtimeCommand(runtime));
  const line = (prefix: string) =>
    new Promise<string>((resolve, reject) => {
      const look = () => {
        const match = new RegExp(`^${prefix} (\\S+)$`, 'm').exec(started.stdout());
        if (match?.[1] === undefined) return false;
        resolve(match[1]);
        return true;
      };
      if (look()) return;
      const onData = () => {
        if (look()) started.child.stdout?.off('data', onData);
      };
      started.child.stdout?.on('data', onData);
      void started.exited.then((code) =>
        reject(new Error(`${runtime} ${path} exited ${code}: ${started.stderr()}`)),
      );
    });
  return { ...started, line };
}
