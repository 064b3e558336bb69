// What every seed server reads from the environment. The seeds are small APIs, each
// reproducing one real API's error contract (examples/seeds/README.md).
import {
  closeOnSignals,
  exitWith as exitWithReason,
  listeningLine,
  parsePort,
  parseRateLimit,
} from '../../vault/env.js';
import type { VaultRateLimit } from '../../vault/service.js';

export { closeOnSignals, listeningLine };

/** The name seed servers print their one-line reasons under. */
export const PROGRAM = 'seed';

/** Exit with a one-line reason: `seed: <message>`. */
export function exitWith(message: string): never {
  return exitWithReason(message, PROGRAM);
}

/** `RATE_LIMIT=<count>/<seconds>`. */
export type SeedRateLimit = VaultRateLimit;

/** A seed server's settings. */
export type SeedEnv = {
  port: number;
  host: string;
  /** Absent: no rate limiting. */
  rateLimit?: SeedRateLimit;
};

/**
 * `PORT` (0 = any free port, default 3000), `HOST` (default 127.0.0.1) and `RATE_LIMIT`
 * (`<count>/<seconds>`, e.g. `100/60`; default none), read as the vault example reads them.
 * Exits with a one-line reason on a bad value.
 * @example const { port, host, rateLimit } = readSeedEnv();
 */
export function readSeedEnv(env: NodeJS.ProcessEnv = process.env): SeedEnv {
  const read: SeedEnv = { port: parsePort(env.PORT, PROGRAM), host: env.HOST ?? '127.0.0.1' };
  if (env.RATE_LIMIT !== undefined) {
    read.rateLimit = parseRateLimit(env.RATE_LIMIT, 'RATE_LIMIT', PROGRAM);
  }
  return read;
}
