import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { attachServer } from '../../src/server/node/index.js';
import { vaultCatalog } from './catalog.js';
import { closeOnSignals, exitWith, listeningLine, readVaultEnv } from './env.js';
import { createVaultHono } from './hono-app.js';
import { storeSetup } from './stores.js';

const env = readVaultEnv();
const { port, host, format } = env;
const limits = storeSetup(env);
await limits.ready(); // listen once Redis (if any) answers, so no first request misses it
// errata around the app's fetch (`errata.fetch(app)`): request ids without a middleware slot.
const { fetch } = createVaultHono({ format, ...limits.options });
// What never reaches Hono (requests Node's parser refuses, a missing Host, `OPTIONS *`, stalled
// headers or bodies) is answered in the vault's format too. A Node-only entry, so errata/node's
// attachServer is fine here.
const server = attachServer(
  serve({ fetch, port, hostname: host }, () =>
    console.log(listeningLine(host, server.address())),
  ) as Server,
  { catalog: vaultCatalog, format },
);
server.on('error', (error) => exitWith(`cannot listen on ${host}:${port}: ${error.message}`));
closeOnSignals(() =>
  new Promise<void>((resolve) => {
    // Finish in-flight requests and drop idle keep-alive sockets.
    server.close(() => resolve());
    server.closeIdleConnections();
  }).then(() => limits.close()),
);
