import {
  isNoScript,
  type RedisClientLike,
  type SendCommand,
  storeSender,
} from '../../rate-limit/stores/redis-client.js';
import type { Claim, IdempotencyStore, StoredResponse } from '../types.js';
import {
  CLAIM_SCRIPT,
  COMPLETE_SCRIPT,
  RELEASE_SCRIPT,
  type Script,
  script,
} from './redis-scripts.js';

/** Options of `new RedisIdempotencyStore()`. */
export type RedisIdempotencyStoreOptions = {
  /**
   * An ioredis (`Redis`, `Cluster`) or node-redis (`createClient`, `createCluster`) client,
   * connected by you; the store never connects or closes it. As for the rate limiter's
   * RedisStore, let commands fail fast while Redis is away (ioredis
   * `{ enableOfflineQueue: false, maxRetriesPerRequest: 0 }`, an ioredis `Cluster` also
   * `retryDelayOnFailover: 0, retryDelayOnClusterDown: 0`, node-redis
   * `{ disableOfflineQueue: true }`): a queued claim would run after the middleware answered 503.
   * @example new RedisIdempotencyStore({ client: new Redis(process.env.REDIS_URL) })
   */
  client?: RedisClientLike | undefined;
  /** Sends one command and resolves with its reply; overrides the adapter chosen for `client`. */
  sendCommand?: SendCommand | undefined;
  /**
   * Namespace of the keys: a key is stored at `{prefix:key}` (a hash tag: one Redis Cluster slot
   * per key, whatever the client library's routing).
   * @default 'errata:idem'
   */
  prefix?: string | undefined;
};

/** What the store has sent, for tests and benchmarks. */
export type RedisIdempotencyStoreStats = {
  /** Commands sent (each one round trip): EVALSHA, EVAL. */
  roundTrips: number;
  /** EVALSHAs answered NOSCRIPT (first use, restart, failover) and sent again as EVAL. */
  noscriptFallbacks: number;
};

const CLAIM = script(CLAIM_SCRIPT);
const COMPLETE = script(COMPLETE_SCRIPT);
const RELEASE = script(RELEASE_SCRIPT);

/**
 * The Idempotency-Key store shared by every process on one Redis (or Redis Cluster): each call is
 * one Lua script, so a claim is atomic across processes (of N requests with one key, one runs),
 * and a lease is a key TTL, so a process that dies mid-request frees its keys when the lease ends.
 * Responses are stored with their TTL; bodies base64-encoded.
 * @example
 * const redis = new Redis(process.env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
 * idempotency({ catalog, store: new RedisIdempotencyStore({ client: redis }) });
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  readonly #send: SendCommand;
  readonly #prefix: string;
  readonly #stats: RedisIdempotencyStoreStats = { roundTrips: 0, noscriptFallbacks: 0 };

  constructor(options: RedisIdempotencyStoreOptions) {
    this.#send = storeSender('RedisIdempotencyStore', options, () => {
      this.#stats.roundTrips++;
    });
    const prefix = options.prefix ?? 'errata:idem';
    if (typeof prefix !== 'string' || /[{}]/.test(prefix)) {
      throw new TypeError('errata: RedisIdempotencyStore prefix must be a string without braces.');
    }
    this.#prefix = prefix;
  }

  /** A snapshot of the counters. */
  get stats(): Readonly<RedisIdempotencyStoreStats> {
    return { ...this.#stats };
  }

  /** The Redis key of an Idempotency-Key (as the middleware hashed it). */
  keyOf(key: string): string {
    return `{${this.#prefix}:${key}}`;
  }

  async claim(key: string, fingerprint: string, token: string, leaseMs: number): Promise<Claim> {
    const reply = await this.#run(CLAIM, key, [fingerprint, token, String(leaseMs)]);
    if (!Array.isArray(reply)) throw unexpected();
    const [state, value, pttl] = reply as [unknown, unknown, unknown];
    if (Number(state) === 0) return { state: 'claimed' };
    const text = typeof value === 'string' ? value : String(value);
    if (Number(state) === 1) {
      const [, , leaseFingerprint] = text.split('\n', 3);
      return {
        state: 'running',
        fingerprint: leaseFingerprint ?? '',
        // PTTL: -1 (no TTL) cannot happen for a lease; read it as a full second.
        retryAfterMs: Number(pttl) > 0 ? Number(pttl) : 1000,
      };
    }
    return decodeDone(text);
  }

  async complete(
    key: string,
    token: string,
    response: StoredResponse,
    ttlMs: number,
  ): Promise<boolean> {
    const value = `${response.status}\n${JSON.stringify(response.headers)}\n${base64(response.body)}`;
    return Number(await this.#run(COMPLETE, key, [token, value, String(ttlMs)])) === 1;
  }

  async release(key: string, token: string): Promise<void> {
    await this.#run(RELEASE, key, [token]);
  }

  /** EVALSHA, and EVAL when the server does not hold the script yet (one more round trip). */
  async #run(s: Script, key: string, args: string[]): Promise<unknown> {
    const tail = ['1', this.keyOf(key), ...args];
    try {
      return await this.#send(['EVALSHA', s.sha, ...tail]);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      this.#stats.noscriptFallbacks++;
      return this.#send(['EVAL', s.source, ...tail]);
    }
  }
}

function unexpected(): Error {
  return new Error('errata: RedisIdempotencyStore got an unexpected reply from Redis.');
}

/** "d\n<fingerprint>\n<status>\n<headers JSON>\n<body base64>" → a done claim. */
function decodeDone(text: string): Claim {
  const parts = text.split('\n');
  if (parts.length !== 5 || parts[0] !== 'd') throw unexpected();
  const [, fingerprint, status, headers, body] = parts as [string, string, string, string, string];
  const parsed: unknown = JSON.parse(headers);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw unexpected();
  return {
    state: 'done',
    fingerprint,
    response: {
      status: Number(status),
      headers: parsed as Record<string, string>,
      body: Buffer.from(body, 'base64'),
    },
  };
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
