import type { AddressInfo } from 'node:net';
import { FORMAT_NAMES, type FormatName, isFormatName } from '../../src/index.js';

/** What every vault entry point reads from the environment. */
export type VaultEnv = { port: number; host: string; format: FormatName };

function exitWith(message: string): never {
  process.stderr.write(`vault: ${message}\n`);
  process.exit(1);
}

/**
 * `PORT` (0 = any free port, default 3000), `HOST` (default 127.0.0.1) and `ERRATA_FORMAT`
 * (default envelope). Exits with a one-line reason on a bad value.
 */
export function readVaultEnv(env: NodeJS.ProcessEnv = process.env): VaultEnv {
  const portText = env.PORT ?? '3000';
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
    exitWith(
      `PORT must be an integer from 0 to 65535 (0 picks a free port); got ${JSON.stringify(portText)}.`,
    );
  }
  const format = env.ERRATA_FORMAT ?? 'envelope';
  if (!isFormatName(format)) {
    exitWith(
      `ERRATA_FORMAT must be one of ${FORMAT_NAMES.join(', ')}; got ${JSON.stringify(format)}.`,
    );
  }
  return { port: Number(portText), host: env.HOST ?? '127.0.0.1', format };
}

/** The line every entry point prints once it accepts connections. */
export function listeningLine(host: string, address: AddressInfo | string | null): string {
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const shown = host.includes(':') ? `[${host}]` : host;
  return `listening on http://${shown}:${port}`;
}

/** Finish in-flight requests on SIGINT/SIGTERM, then exit; give up after 10 s. */
export function closeOnSignals(close: () => Promise<void>): void {
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`vault: ${signal} received, closing\n`);
    setTimeout(() => process.exit(0), 10_000).unref();
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

export { exitWith };
