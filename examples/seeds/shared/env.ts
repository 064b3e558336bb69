// What every seed server reads from the environment. The seeds are small APIs, each
// reproducing one real API's error contract (examples/seeds/README.md).
import { closeOnSignals, exitWith as exitWithReason, listeningLine } from '../../vault/env.js';

export { closeOnSignals, listeningLine };

/** The name seed servers print their one-line reasons under. */
export const PROGRAM = 'seed';

/** Exit with a one-line reason: `seed: <message>`. */
export function exitWith(message: string): never {
  return exitWithReason(message, PROGRAM);
}

/** `RATE_LIMIT=<count>/<seconds>`. */
export type SeedRateLimit = { limit: number; windowSeconds: number };

/** A seed server's settings. */
export type SeedEnv = {
  port: number;
  host: string;
  /** Absent: no rate limiting. */
  rateLimit?: SeedRateLimit;
};

/** Longest `RATE_LIMIT` window: 366 days, the limiter's own bound. */
const MAX_WINDOW_SECONDS = 366 * 86_400;

/**
 * `PORT` (0 = any free port, default 3000), `HOST` (default 127.0.0.1) and `RATE_LIMIT`
 * (`<count>/<seconds>`, e.g. `100/60`; default none). Exits with a one-line reason on a bad value.
 * @example const { port, host, rateLimit } = readSeedEnv();
 */
export function readSeedEnv(env: NodeJS.ProcessEnv = process.env): SeedEnv {
  const portText = env.PORT ?? '3000';
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
    exitWith(
      `PORT must be an integer from 0 to 65535 (0 picks a free port); got ${JSON.stringify(portText)}.`,
    );
  }
  const read: SeedEnv = { port: Number(portText), host: env.HOST ?? '127.0.0.1' };
  if (env.RATE_LIMIT !== undefined) read.rateLimit = parseRateLimit(env.RATE_LIMIT);
  return read;
}

function parseRateLimit(text: string): SeedRateLimit {
  const m = /^(\d{1,10})\/(\d{1,8})$/.exec(text.trim());
  const limit = Number(m?.[1]);
  const windowSeconds = Number(m?.[2]);
  if (
    m === null ||
    limit < 1 ||
    limit > 1_000_000_000 ||
    windowSeconds < 1 ||
    windowSeconds > MAX_WINDOW_SECONDS
  ) {
    exitWith(
      `RATE_LIMIT must be <count>/<seconds> (count 1 to 1000000000, seconds 1 to ${MAX_WINDOW_SECONDS}), e.g. 100/60; got ${JSON.stringify(text)}.`,
    );
  }
  return { limit, windowSeconds };
}
