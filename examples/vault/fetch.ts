// The vault on errata/fetch: one file for every runtime. `npm run example:fetch` (Node, through
// srvx), `npm run example:bun`, `npm run example:deno`; the same environment as the other entries.
import { closeOnSignals, exitWith, listeningLine, readVaultEnv } from './env.js';
import { createVaultFetchApp } from './fetch-app.js';
import { serveFetch } from './fetch-serve.js';
import { storeSetup } from './stores.js';

const env = readVaultEnv();
const limits = storeSetup(env);
await limits.ready(); // listen once Redis (if any) answers, so no first request misses it
const app = createVaultFetchApp({ format: env.format, ...limits.options });
const served = await serveFetch(app.fetch, env).catch((error: Error) =>
  exitWith(`cannot listen on ${env.host}:${env.port}: ${error.message}`),
);
console.log(listeningLine(env.host, { port: served.port, address: env.host, family: '' }));
closeOnSignals(() => served.close().then(() => limits.close()));
