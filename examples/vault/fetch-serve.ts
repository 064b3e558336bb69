import type { FetchHandler } from '../../src/server/fetch/index.js';
import { vaultCatalog } from './catalog.js';
import type { VaultEnv } from './env.js';

/** A started server: its port, and how to stop it (in-flight requests finish first). */
export type ServedFetch = { port: number; close(): Promise<void> };

/** What is used of Bun's global (typed here: the project does not depend on bun-types). */
type BunGlobal = {
  serve(options: { fetch: FetchHandler; port: number; hostname: string }): {
    port: number;
    stop(closeActiveConnections?: boolean): Promise<void> | void;
  };
};

/** What is used of Deno's global. */
type DenoGlobal = {
  serve(
    options: { port: number; hostname: string; onListen?: (addr: { port: number }) => void },
    handler: FetchHandler,
  ): { shutdown(): Promise<void> };
};

/** The runtime this process is: Bun, Deno, else Node. */
export function runtimeName(): 'bun' | 'deno' | 'node' {
  const g = globalThis as { Bun?: unknown; Deno?: unknown };
  return g.Bun !== undefined ? 'bun' : g.Deno !== undefined ? 'deno' : 'node';
}

/**
 * Serve a fetch handler on this runtime's own server: `Bun.serve`, `Deno.serve`, or on Node
 * srvx's Request/Response bridge over node:http, with errata/node's `attachServer` answering
 * what never reaches the handler (Node's parser errors, stalls, dot segments) in the vault's
 * format. Resolves once listening.
 * @example const served = await serveFetch(app.fetch, readVaultEnv());
 */
export async function serveFetch(
  fetch: FetchHandler,
  env: Pick<VaultEnv, 'port' | 'host' | 'format'>,
): Promise<ServedFetch> {
  const { port, host, format } = env;
  const g = globalThis as { Bun?: BunGlobal; Deno?: DenoGlobal };
  if (g.Bun !== undefined) {
    const server = g.Bun.serve({ fetch, port, hostname: host });
    return { port: server.port, close: async () => void (await server.stop()) };
  }
  if (g.Deno !== undefined) {
    const deno = g.Deno;
    return new Promise((resolve) => {
      // Deno calls onListen before `serve` returns: the server is read later, on close.
      let server: { shutdown(): Promise<void> } | undefined;
      const close = async () => server?.shutdown();
      server = deno.serve(
        { port, hostname: host, onListen: (addr) => resolve({ port: addr.port, close }) },
        fetch,
      );
    });
  }
  // Node only: loaded here so Bun and Deno never load the bridge.
  const [{ createServer }, { toNodeHandler }, { attachServer }] = await Promise.all([
    import('node:http'),
    import('srvx/node'),
    import('../../src/server/node/index.js'),
  ]);
  const server = attachServer(
    createServer(toNodeHandler(fetch) as Parameters<typeof createServer>[0] & object),
    { catalog: vaultCatalog, format },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        // Finish in-flight requests and drop idle keep-alive sockets.
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
