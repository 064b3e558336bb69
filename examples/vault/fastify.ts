import { closeOnSignals, exitWith, listeningLine, readVaultEnv } from './env.js';
import { createVaultFastifyApp } from './fastify-app.js';
import { storeSetup } from './stores.js';

// `npm run example:fastify`: LOG_LEVEL=info shows pino lines whose reqId is the X-Request-ID.
const env = readVaultEnv();
const { port, host, format } = env;
const limits = storeSetup(env);
await limits.ready(); // listen once Redis (if any) answers, so no first request misses it
const app = createVaultFastifyApp({
  format,
  ...limits.options,
  logger: { level: process.env.LOG_LEVEL ?? 'warn' },
});

app.listen({ port, host }).then(
  () => console.log(listeningLine(host, app.server.address())),
  (error: Error) => exitWith(`cannot listen on ${host}:${port}: ${error.message}`),
);
closeOnSignals(() => app.close().then(() => limits.close()));
