/**
 * bench:server's Bun and Deno servers: the bare fetch handler and errata/fetch on the runtime's
 * own server (`Bun.serve`, `Deno.serve`), run by the runtime's binary as a child process of
 * bench/server.ts. Prints one JSON line, { "<runtime> native": port, "<runtime> errata": port },
 * then serves until killed. No IPC: the parent reads this process's CPU time from /proc.
 */
import type { FetchHandler } from '../src/server/fetch/index.js';
import { fetchErrata, fetchNative } from './server-fetch-handlers.js';

/** What is used of Bun's global (the project does not depend on bun-types). */
type BunGlobal = {
  serve(options: { fetch: FetchHandler; port: number; hostname: string }): { port: number };
};

/** What is used of Deno's global. */
type DenoGlobal = {
  serve(
    options: { port: number; hostname: string; onListen?: (addr: { port: number }) => void },
    handler: FetchHandler,
  ): unknown;
};

const g = globalThis as { Bun?: BunGlobal; Deno?: DenoGlobal };

/** Listen on 127.0.0.1, a free port; resolves with the port. */
function serve(fetch: FetchHandler): Promise<number> {
  if (g.Bun !== undefined) {
    return Promise.resolve(g.Bun.serve({ fetch, port: 0, hostname: '127.0.0.1' }).port);
  }
  const deno = g.Deno;
  if (deno === undefined) throw new Error('bench: run this file with bun or deno');
  // onListen given, so Deno does not print its own "Listening on" line to stdout.
  return new Promise((resolve) => {
    deno.serve({ port: 0, hostname: '127.0.0.1', onListen: (addr) => resolve(addr.port) }, fetch);
  });
}

const runtime = g.Bun !== undefined ? 'bun' : 'deno';
const ports = {
  [`${runtime} native`]: await serve(fetchNative),
  [`${runtime} errata`]: await serve(fetchErrata()),
};
console.log(JSON.stringify(ports));
// Exit cleanly on a signal so a profiler (`deno run --cpu-prof`, `bun --cpu-prof`) writes its
// profile.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
