import { closeOnSignals, exitWith, listeningLine, readVaultEnv } from './env.js';
import { createVaultFastifyApp } from './fastify-app.js';

// `npm run example:fastify`: LOG_LEVEL=info shows pino lines whose reqId is the X-Request-ID.
const { port, host, format } = readVaultEnv();
const app = createVaultFastifyApp({ format, logger: { level: process.env.LOG_LEVEL ?? 'warn' } });

app.listen({ port, host }).then(
  () => console.log(listeningLine(host, app.server.address())),
  (error: Error) => exitWith(`cannot listen on ${host}:${port}: ${error.message}`),
);
closeOnSignals(() => app.close());
