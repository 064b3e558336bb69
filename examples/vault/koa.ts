import { createServer } from 'node:http';
import { attachServer } from '../../src/server/koa/index.js';
import { vaultCatalog } from './catalog.js';
import { closeOnSignals, exitWith, listeningLine, readVaultEnv } from './env.js';
import { createVaultKoaApp } from './koa-app.js';
import { storeSetup } from './stores.js';

const env = readVaultEnv();
const { port, host, format } = env;
const limits = storeSetup(env);
await limits.ready(); // listen once Redis (if any) answers, so no first request misses it
const app = createVaultKoaApp({ format, ...limits.options });
// What never reaches Koa (requests Node's parser refuses, a missing Host, `OPTIONS *`, stalled
// headers or bodies) is answered in the vault's format too, as with errata/node.
const server = attachServer(createServer(app.callback()), { catalog: vaultCatalog, format });

server.on('error', (error) => exitWith(`cannot listen on ${host}:${port}: ${error.message}`));
server.listen(port, host, () => console.log(listeningLine(host, server.address())));
closeOnSignals(() =>
  new Promise<void>((resolve) => {
    // Finish in-flight requests and drop idle keep-alive sockets.
    server.close(() => resolve());
    server.closeIdleConnections();
  }).then(() => limits.close()),
);
