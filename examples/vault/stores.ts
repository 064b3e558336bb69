import { Redis } from 'ioredis';
import { RedisIdempotencyStore } from '../../src/idempotency/stores/redis.js';
import { RedisStore } from '../../src/rate-limit/stores/redis.js';
import type { VaultEnv } from './env.js';
import type { VaultAppOptions } from './service.js';

/** The store-backed options an entry gives its app, and what to close on shutdown. */
export type VaultStoreSetup = {
  options: Pick<
    VaultAppOptions,
    | 'rateLimit'
    | 'rateLimitHeaders'
    | 'rateLimitStore'
    | 'rateLimitReportStoreError'
    | 'rateLimitStoreTimeoutMs'
    | 'apiKeys'
    | 'rateLimitIp'
    | 'idempotency'
  >;
  /**
   * Resolves once the Redis client is connected, has failed to connect, or 2 s have passed:
   * entries listen after it, so the first requests are counted in Redis rather than refused by
   * a client that is still connecting (it fails fast, so they would count in memory).
   */
  ready(): Promise<void>;
  /** Disconnects the Redis client, if any. */
  close(): Promise<void>;
};

const READY_WAIT_MS = 2_000;

/**
 * The rate-limit and Idempotency-Key options every entry gives its app: none without
 * `RATE_LIMIT` / `IDEMPOTENCY`, kept in memory or, with `REDIS_URL`, in Redis (one ioredis client
 * that fails fast while Redis is away: the limiter's insurance store then counts in memory, the
 * idempotency middleware answers 503). A Redis that is down at start is no reason to exit.
 * @example const stores = storeSetup(readVaultEnv()); await stores.ready();
 */
export function storeSetup(env: VaultEnv): VaultStoreSetup {
  const none = { ready: async () => {}, close: async () => {} };
  const options: VaultStoreSetup['options'] = {};
  if (env.rateLimit !== undefined) {
    options.rateLimit = env.rateLimit;
    options.rateLimitHeaders = env.rateLimitHeaders;
    if (env.apiKeys !== undefined) options.apiKeys = env.apiKeys;
    if (env.rateLimitIp !== undefined) options.rateLimitIp = env.rateLimitIp;
    if (env.rateLimitStoreTimeoutMs !== undefined) {
      options.rateLimitStoreTimeoutMs = env.rateLimitStoreTimeoutMs;
    }
  }
  if (env.idempotency !== undefined) options.idempotency = { mode: env.idempotency };
  const used = env.rateLimit !== undefined || env.idempotency !== undefined;
  if (env.redisUrl === undefined || !used) return { options, ...none };
  const redis = new Redis(env.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    lazyConnect: false,
  });
  // One line per outage, whoever notices it first: ioredis (the connection dropped) or a store
  // user (a call failed or timed out: a hung server ioredis still thinks connected). A hung
  // server is never 'ready' again, so the line may come back once a minute while it lasts.
  let warnedAt: number | undefined;
  const meanwhile = [
    env.rateLimit !== undefined ? 'counting in memory' : '',
    env.idempotency !== undefined ? 'refusing writes with an Idempotency-Key (503)' : '',
  ]
    .filter(Boolean)
    .join(', ')
    .concat(' meanwhile');
  const warn = (reason: string) => {
    if (warnedAt !== undefined && Date.now() - warnedAt < 60_000) return;
    warnedAt = Date.now();
    process.stderr.write(`vault: Redis (REDIS_URL): ${reason.replace(/\.$/, '')}; ${meanwhile}\n`);
  };
  redis.on('error', (error: Error) => warn(error.message));
  redis.on('ready', () => {
    warnedAt = undefined;
  });
  const report = (error: unknown) => warn(error instanceof Error ? error.message : String(error));
  if (options.rateLimit !== undefined) {
    options.rateLimitReportStoreError = report;
    options.rateLimitStore = new RedisStore({ client: redis });
  }
  if (options.idempotency !== undefined) {
    options.idempotency = {
      ...options.idempotency,
      store: new RedisIdempotencyStore({ client: redis }),
      reportStoreError: report,
    };
  }
  const connected = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, READY_WAIT_MS);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', done);
    redis.once('error', done);
  });
  return {
    options,
    ready: () => connected,
    close: async () => {
      redis.disconnect();
    },
  };
}
