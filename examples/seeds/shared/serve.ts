import { createServer } from 'node:http';
import type { ErrataApp } from '../../../src/server/node/index.js';
import { closeOnSignals, exitWith, listeningLine, PROGRAM, type SeedEnv } from './env.js';

/**
 * Serve a seed app on `env.port`/`env.host`, print `listening on http://HOST:PORT`, and close
 * cleanly on SIGINT/SIGTERM.
 * @example serveSeed(createApp(env), readSeedEnv());
 */
export function serveSeed(app: ErrataApp, env: SeedEnv): void {
  const server = app.attach(createServer(app.handler));
  server.on('error', (error) =>
    exitWith(`cannot listen on ${env.host}:${env.port}: ${error.message}`),
  );
  server.listen(env.port, env.host, () => console.log(listeningLine(env.host, server.address())));
  closeOnSignals(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
    PROGRAM,
  );
}
