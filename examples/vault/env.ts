import type { AddressInfo } from 'node:net';
import { FORMAT_NAMES, type FormatName, isFormatName } from '../../src/index.js';
import { IDEMPOTENCY_MODES, type VaultIdempotencyMode } from './idempotency.js';
import {
  RATE_LIMIT_HEADER_MODES,
  type VaultRateLimit,
  type VaultRateLimitHeaders,
} from './service.js';

/** What every vault entry point reads from the environment. */
export type VaultEnv = {
  port: number;
  host: string;
  format: FormatName;
  /** `RATE_LIMIT=<count>/<seconds>`; absent: no limiting. */
  rateLimit?: VaultRateLimit;
  /** `API_KEYS=<key>,<key>…`: the keys with a budget of their own; absent: none. */
  apiKeys?: string[];
  /** `RATE_LIMIT_IP=<count>/<seconds>`: the per-IP ceiling; absent: ten times `RATE_LIMIT`. */
  rateLimitIp?: VaultRateLimit;
  /** `RATE_LIMIT_HEADERS`: legacy (default), ietf or both. */
  rateLimitHeaders: VaultRateLimitHeaders;
  /** `REDIS_URL`: where a shared rate-limit store lives; absent: in memory. */
  redisUrl?: string;
  /** `RATE_LIMIT_STORE_TIMEOUT_MS`: the limiter's `storeTimeoutMs`; absent: its 200 ms. */
  rateLimitStoreTimeoutMs?: number;
  /** `IDEMPOTENCY=optional|required`: Idempotency-Key on writes; absent: off. */
  idempotency?: VaultIdempotencyMode;
};

/** Longest `RATE_LIMIT` window: 366 days, the limiter's own bound. */
const MAX_WINDOW_SECONDS = 366 * 86_400;

/** Exit with a one-line reason, prefixed with the program's name. */
function exitWith(message: string, program = 'vault'): never {
  process.stderr.write(`${program}: ${message}\n`);
  process.exit(1);
}

/**
 * `PORT` (0 = any free port, default 3000), `HOST` (default 127.0.0.1), `ERRATA_FORMAT`
 * (default envelope), `RATE_LIMIT` (`<count>/<seconds>`, e.g. `100/60`; default none),
 * `API_KEYS` (comma-separated keys limited on their own; default none), `RATE_LIMIT_IP` (the
 * per-IP ceiling, `<count>/<seconds>`; default ten times `RATE_LIMIT`), `RATE_LIMIT_HEADERS`
 * (legacy, ietf or both; default legacy), `REDIS_URL` (`redis://…`; default: the memory
 * store) and `RATE_LIMIT_STORE_TIMEOUT_MS` (how long a check waits for Redis before counting in
 * memory; default 200) and `IDEMPOTENCY` (optional or required: Idempotency-Key on POST, PUT,
 * PATCH and DELETE, kept in Redis with `REDIS_URL`; default off). Exits with a one-line reason on
 * a bad value.
 */
export function readVaultEnv(env: NodeJS.ProcessEnv = process.env): VaultEnv {
  const format = env.ERRATA_FORMAT ?? 'envelope';
  if (!isFormatName(format)) {
    exitWith(
      `ERRATA_FORMAT must be one of ${FORMAT_NAMES.join(', ')}; got ${JSON.stringify(format)}.`,
    );
  }
  const headers = env.RATE_LIMIT_HEADERS ?? 'legacy';
  if (!(RATE_LIMIT_HEADER_MODES as readonly string[]).includes(headers)) {
    exitWith(
      `RATE_LIMIT_HEADERS must be one of ${RATE_LIMIT_HEADER_MODES.join(', ')}; got ${JSON.stringify(headers)}.`,
    );
  }
  const read: VaultEnv = {
    port: parsePort(env.PORT),
    host: env.HOST ?? '127.0.0.1',
    format,
    rateLimitHeaders: headers as VaultRateLimitHeaders,
  };
  if (env.RATE_LIMIT !== undefined) read.rateLimit = parseRateLimit(env.RATE_LIMIT);
  if (env.RATE_LIMIT_IP !== undefined) {
    read.rateLimitIp = parseRateLimit(env.RATE_LIMIT_IP, 'RATE_LIMIT_IP');
  }
  if (env.API_KEYS !== undefined) read.apiKeys = parseApiKeys(env.API_KEYS);
  if (env.REDIS_URL !== undefined) read.redisUrl = parseRedisUrl(env.REDIS_URL);
  if (env.RATE_LIMIT_STORE_TIMEOUT_MS !== undefined) {
    read.rateLimitStoreTimeoutMs = parseStoreTimeout(env.RATE_LIMIT_STORE_TIMEOUT_MS);
  }
  if (env.IDEMPOTENCY !== undefined) {
    if (!(IDEMPOTENCY_MODES as readonly string[]).includes(env.IDEMPOTENCY)) {
      exitWith(
        `IDEMPOTENCY must be one of ${IDEMPOTENCY_MODES.join(', ')}; got ${JSON.stringify(env.IDEMPOTENCY.slice(0, 40))}.`,
      );
    }
    read.idempotency = env.IDEMPOTENCY as VaultIdempotencyMode;
  }
  return read;
}

/** `RATE_LIMIT_STORE_TIMEOUT_MS`: a whole number of milliseconds from 1 to 999999. */
function parseStoreTimeout(text: string): number {
  if (!/^\d{1,6}$/.test(text) || Number(text) < 1) {
    exitWith(
      `RATE_LIMIT_STORE_TIMEOUT_MS must be a whole number of milliseconds from 1 to 999999; got ${JSON.stringify(text)}.`,
    );
  }
  return Number(text);
}

/** `API_KEYS`: comma-separated keys of 1 to 256 visible ASCII characters. */
function parseApiKeys(text: string): string[] {
  const keys = text.split(',').map((key) => key.trim());
  if (keys.some((key) => !/^[\x21-\x7e]{1,256}$/.test(key))) {
    // Never echo the keys: they are credentials.
    exitWith('API_KEYS must be comma-separated keys of 1 to 256 visible ASCII characters each.');
  }
  return keys;
}

/**
 * `PORT`: an integer from 0 to 65535 (0 picks a free port), default 3000; exits with a one-line
 * reason under `program`'s name otherwise.
 * @example const port = parsePort(process.env.PORT, 'seed');
 */
export function parsePort(text = '3000', program = 'vault'): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
    exitWith(
      `PORT must be an integer from 0 to 65535 (0 picks a free port); got ${JSON.stringify(text)}.`,
      program,
    );
  }
  return Number(text);
}

/**
 * `RATE_LIMIT` (or `RATE_LIMIT_IP`): `<count>/<seconds>`, both positive integers; exits with a
 * one-line reason under `program`'s name otherwise.
 * @example const limit = parseRateLimit('100/60'); // { limit: 100, windowSeconds: 60 }
 */
export function parseRateLimit(
  text: string,
  name = 'RATE_LIMIT',
  program = 'vault',
): VaultRateLimit {
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
      `${name} must be <count>/<seconds> (count 1 to 1000000000, seconds 1 to ${MAX_WINDOW_SECONDS}), e.g. 100/60; got ${JSON.stringify(text)}.`,
      program,
    );
  }
  return { limit, windowSeconds };
}

/** `REDIS_URL`: a `redis://` or `rediss://` URL. */
function parseRedisUrl(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'redis:' && url.protocol !== 'rediss:')) {
    // The URL may hold a password: never echo it.
    exitWith('REDIS_URL must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379.');
  }
  return text;
}

/** The line every entry point prints once it accepts connections. */
export function listeningLine(host: string, address: AddressInfo | string | null): string {
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const shown = host.includes(':') ? `[${host}]` : host;
  return `listening on http://${shown}:${port}`;
}

/** Finish in-flight requests on SIGINT/SIGTERM, then exit; give up after 10 s. */
export function closeOnSignals(close: () => Promise<void>, program = 'vault'): void {
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${program}: ${signal} received, closing\n`);
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
