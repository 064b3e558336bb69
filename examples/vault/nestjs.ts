import type { Server } from 'node:http';
import { closeOnSignals, exitWith, listeningLine, readVaultEnv } from './env.js';
import { createVaultNestApp, type VaultNestPlatform } from './nestjs-app.js';
import { storeSetup } from './stores.js';

// `npm run example:nestjs` (Express) or `NEST_PLATFORM=fastify` (`npm run example:nestjs-fastify`).
// ErrataModule attaches errata to the node server when the app initialises (its `attach`
// option, `attachServer` under the hood): what never reaches Nest (requests Node's parser
// refuses, a missing Host, `OPTIONS *`, stalled headers or bodies) is answered in the vault's
// format too.
const env = readVaultEnv();
const { port, host, format } = env;
const platform = process.env.NEST_PLATFORM ?? 'express';
if (platform !== 'express' && platform !== 'fastify') {
  exitWith(`NEST_PLATFORM must be express or fastify; got ${JSON.stringify(platform)}.`);
}
const limits = storeSetup(env);
await limits.ready(); // listen once Redis (if any) answers, so no first request misses it
const app = await createVaultNestApp(
  { format, ...limits.options, logger: ['error', 'warn'] },
  platform as VaultNestPlatform,
);

app.listen(port, host).then(
  () => console.log(listeningLine(host, (app.getHttpServer() as Server).address())),
  (error: Error) => exitWith(`cannot listen on ${host}:${port}: ${error.message}`),
);
closeOnSignals(() => app.close().then(() => limits.close()));
