import { createServer } from 'node:http';
import { createVaultApp } from './app.js';
import { closeOnSignals, exitWith, listeningLine, readVaultEnv } from './env.js';
import { storeSetup } from './stores.js';

const env = readVaultEnv();
const { port, host, format } = env;
const limits = storeSetup(env);
await limits.ready(); // listen once Redis (if any) answers, so no first request misses it
const app = createVaultApp({ format, ...limits.options });
const server = app.attach(createServer(app.handler));

server.on('error', (error) => exitWith(`cannot listen on ${host}:${port}: ${error.message}`));
server.listen(port, host, () => console.log(listeningLine(host, server.address())));
closeOnSignals(() =>
  new Promise<void>((resolve) => {
    // Finish in-flight requests and drop idle keep-alive sockets.
    server.close(() => resolve());
    server.closeIdleConnections();
  }).then(() => limits.close()),
);
