import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FORMAT_NAMES, isFormatName } from '../../src/index.js';
import { createVaultApp } from './app.js';

function exitWith(message: string): never {
  process.stderr.write(`vault: ${message}\n`);
  process.exit(1);
}

const portText = process.env.PORT ?? '3000';
if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
  exitWith(
    `PORT must be an integer from 0 to 65535 (0 picks a free port); got ${JSON.stringify(portText)}.`,
  );
}
const host = process.env.HOST ?? '127.0.0.1';
const format = process.env.ERRATA_FORMAT ?? 'envelope';
if (!isFormatName(format)) {
  exitWith(
    `ERRATA_FORMAT must be one of ${FORMAT_NAMES.join(', ')}; got ${JSON.stringify(format)}.`,
  );
}

const app = createVaultApp({ format });
// attach: requests Node's parser refuses get the vault's format and an X-Request-ID too.
const server = app.attach(createServer(app.handler));

server.on('error', (error) => exitWith(`cannot listen on ${host}:${portText}: ${error.message}`));
server.listen(Number(portText), host, () => {
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  console.log(`listening on http://${shown}:${port}`);
});

let stopping = false;
function shutdown(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`vault: ${signal} received, closing\n`);
  // Finish in-flight requests, drop idle keep-alive sockets, and give up after 10 s.
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => {
    server.closeAllConnections();
    process.exit(0);
  }, 10_000).unref();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
