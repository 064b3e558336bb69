import type { CheckRequest, CheckResult, Policy, RateLimitStore } from '../types.js';
import { isNoScript, type RedisClientLike, type SendCommand, storeSender } from './redis-client.js';
import { CHECK_SCRIPT, CHECK_SCRIPT_SHA, parseReply, scriptArgs } from './redis-script.js';

export type { IoRedisLike, NodeRedisClusterLike, NodeRedisLike } from './redis-client.js';
export type { RedisClientLike, SendCommand };

/** Options of `new RedisStore()`. */
export type RedisStoreOptions = {
  /**
   * An ioredis (`Redis`, `Cluster`) or node-redis (`createClient`, `createCluster`) client,
   * connected by you. The store never connects, closes nor listens to it: give it an `'error'`
   * listener (node-redis throws unhandled `'error'` events) and, so that checks fail fast while
   * Redis is away instead of queueing and running late (spending units for requests already
   * answered by the limiter's fallback):
   * - ioredis: `{ enableOfflineQueue: false, maxRetriesPerRequest: 0, autoResendUnfulfilledCommands: false }`;
   *   an ioredis `Cluster` also `retryDelayOnFailover: 0, retryDelayOnClusterDown: 0` (its own
   *   retries otherwise hold a check ~1 s through a failover, and may count it after the limiter
   *   answered it), with the rest under `redisOptions`;
   * - node-redis: `{ disableOfflineQueue: true }`.
   * Over an ioredis `Redis` (not a `Cluster`), the checks sent in one event-loop turn leave in
   * one pipeline, one write, as node-redis does by itself.
   */
  client?: RedisClientLike | undefined;
  /** Sends one command and resolves with its reply; overrides the adapter chosen for `client`. */
  sendCommand?: SendCommand | undefined;
  /**
   * Namespace of the keys: policy `name` of client key `key` is stored at `{prefix:key}:name`
   * (the braces are a hash tag: every key of one check lands in one Redis Cluster slot).
   * @default 'errata:rl'
   */
  prefix?: string | undefined;
  /**
   * Policy names `reset(key)` deletes besides those this store has checked. `reset` cannot list
   * keys by pattern cheaply, so a process that resets keys without checking them should name the
   * policies here.
   */
  policyNames?: readonly string[] | undefined;
  /**
   * TESTS ONLY: a clock in milliseconds whose reading is sent to the script (as µs) instead of
   * the script reading the Redis server's `TIME`. In production leave it out: the server's clock
   * is one clock for every app host. Under it, keys live a day longer than their state (Redis
   * expires keys on its own clock, which a test clock does not drive; expired state and absent
   * state decide alike, so this changes no decision).
   */
  now?: (() => number) | undefined;
  /**
   * Read the time on the app host (`Date.now()`) and send it to the script, instead of the
   * script reading the Redis server's `TIME`: one command less inside every check (less Redis
   * CPU per check). The trade-off: app hosts whose clocks disagree share limits less exactly,
   * about by their skew (state a host sees in its future waits longer; state in its past
   * counts as spent), so use it only with hosts kept in sync (NTP). TTLs get a second of slack.
   * @default false: the Redis server's clock
   * @example new RedisStore({ client: redis, clientClock: true })
   */
  clientClock?: boolean | undefined;
};

/** What the store has sent, for tests and benchmarks: `roundTrips / checks` is 1 (but after a NOSCRIPT). */
export type RedisStoreStats = {
  /** Calls of `check`. */
  checks: number;
  /** Commands sent to Redis (each is one round trip): EVALSHA, EVAL, SCRIPT LOAD, DEL. */
  roundTrips: number;
  /** `SCRIPT LOAD`s sent (by `load()`). */
  scriptLoads: number;
  /** EVALSHAs answered NOSCRIPT (Redis restarted, failed over or flushed its scripts) and retried as EVAL. */
  noscriptFallbacks: number;
  /** Checks sent again after a Redis Cluster TRYAGAIN (their slot's keys were mid-migration). */
  tryAgainRetries: number;
};

/** TTL padding under a test clock (`now` option): expiry is housekeeping, never a decision. */
const TEST_TTL_PAD_MS = 86_400_000;
/**
 * TTL padding under `clientClock`: Redis expires keys on its own clock, so a host whose clock
 * lags the server's by less than this still finds its state before it has run out.
 */
const CLIENT_CLOCK_TTL_PAD_MS = 1000;

/** Waits before each retry of a check Redis Cluster answered TRYAGAIN (150 ms in all). */
const TRYAGAIN_DELAYS_MS = [10, 20, 40, 80];

const isTryAgain = (error: unknown): boolean =>
  (error instanceof Error ? error.message : String(error)).startsWith('TRYAGAIN');

/**
 * A Redis store shared by every process: one Lua script decides a check over all its policies in
 * one round trip (EVALSHA; EVAL for the first check, and once after a NOSCRIPT), atomically, on
 * the Redis server's clock.
 * Keys carry TTLs, so idle clients cost nothing. Works with ioredis and node-redis, on a single
 * server or a cluster.
 *
 * `close()` only stops the store: the client is yours, and stays open.
 * @example
 * const redis = new Redis(process.env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
 * const store = new RedisStore({ client: redis });
 * const limiter = createRateLimiter({ policies: '"burst";q=100;w=60', store });
 */
export class RedisStore implements RateLimitStore {
  readonly #send: SendCommand;
  readonly #prefix: string;
  /** The clock sent to the script (test clock or `clientClock`); undefined: Redis's TIME. */
  readonly #now: (() => number) | undefined;
  readonly #ttlPadMs: number;
  /** The policies of the last check, known to be in `#names` (checked before the WeakSet). */
  #lastPolicies: readonly Policy[] | undefined;
  /** Policy names `reset` deletes. */
  readonly #names = new Set<string>();
  /** Policy lists already added to `#names`. */
  readonly #seen = new WeakSet<readonly Policy[]>();
  readonly #stats: RedisStoreStats = {
    checks: 0,
    roundTrips: 0,
    scriptLoads: 0,
    noscriptFallbacks: 0,
    tryAgainRetries: 0,
  };
  #sha = CHECK_SCRIPT_SHA;
  #loaded = false;
  /** An EVAL of the script is in flight (before `#loaded`). */
  #evaluating = false;
  #loading: Promise<void> | undefined;
  #closed = false;

  constructor(options: RedisStoreOptions) {
    this.#send = storeSender('RedisStore', options, () => {
      this.#stats.roundTrips++;
    });
    const prefix = options.prefix ?? 'errata:rl';
    if (typeof prefix !== 'string') {
      throw new TypeError('errata: RedisStore prefix must be a string.');
    }
    this.#prefix = prefix;
    const clientClock = options.clientClock ?? false;
    if (typeof clientClock !== 'boolean') {
      throw new TypeError('errata: RedisStore clientClock must be a boolean.');
    }
    // Read through the global at each call, so that fake timers apply.
    this.#now = options.now ?? (clientClock ? () => Date.now() : undefined);
    // A test clock does not move with Redis's expiry clock: keep its state a day longer.
    this.#ttlPadMs =
      options.now !== undefined ? TEST_TTL_PAD_MS : clientClock ? CLIENT_CLOCK_TTL_PAD_MS : 0;
    for (const name of options.policyNames ?? []) this.#names.add(name);
  }

  /** A snapshot of the counters. */
  get stats(): Readonly<RedisStoreStats> {
    return { ...this.#stats };
  }

  /** The Redis key of one policy of one client key: `{prefix:key}:name`. */
  keyOf(key: string, policyName: string): string {
    return `{${this.#prefix}:${key}}:${policyName}`;
  }

  /**
   * `SCRIPT LOAD` the check script. Optional: without it the first check sends the script with
   * EVAL (one round trip too, a few KB larger), and later ones EVALSHA.
   */
  load(): Promise<void> {
    if (this.#loading === undefined) {
      this.#stats.scriptLoads++;
      this.#loading = this.#send(['SCRIPT', 'LOAD', CHECK_SCRIPT]).then(
        (sha) => {
          if (typeof sha === 'string' && /^[0-9a-f]{40}$/.test(sha)) this.#sha = sha;
          this.#loaded = true;
        },
        (error: unknown) => {
          this.#loading = undefined; // try again on the next check
          throw error;
        },
      );
    }
    return this.#loading;
  }

  async check(request: CheckRequest): Promise<CheckResult> {
    if (this.#closed) throw new Error('errata: RedisStore is closed.');
    const { key, policies, cost } = request;
    if (!Number.isSafeInteger(cost) || cost < 0) {
      throw new TypeError(`errata: rate-limit cost must be a non-negative integer; got ${cost}.`);
    }
    if (policies !== this.#lastPolicies) {
      if (!this.#seen.has(policies)) {
        for (const p of policies) this.#names.add(p.name);
        this.#seen.add(policies);
      }
      this.#lastPolicies = policies;
    }
    const nowUs = this.#now === undefined ? undefined : Math.floor(this.#now() * 1000);
    const args = scriptArgs(`{${this.#prefix}:${key}}:`, policies, cost, nowUs, this.#ttlPadMs);
    this.#stats.checks++;
    for (let attempt = 0; ; attempt++) {
      try {
        return parseReply(await this.#evaluate(args), policies);
      } catch (error) {
        // Redis Cluster mid-migration: a script whose keys are split between the two masters
        // (a policy's key not created yet, or expired) is refused until the slot's keys have
        // moved, a matter of milliseconds in a reshard. Retried a few times, well within the
        // limiter's default 200 ms; past that the limiter's store-failure answer applies.
        const delay = TRYAGAIN_DELAYS_MS[attempt];
        if (delay === undefined || !isTryAgain(error)) throw error;
        this.#stats.tryAgainRetries++;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /**
   * Send the script once: EVAL until the server is known to hold it, else EVALSHA. Not an async
   * function: no promise of its own on top of the command's, on every check.
   */
  #evaluate(args: string[]): Promise<unknown> {
    if (!this.#loaded && !this.#evaluating) {
      // Until the server is known to hold the script, one check sends it whole: EVAL decides
      // and caches it in one round trip. Checks meanwhile send EVALSHA, which Redis runs after
      // that EVAL on the same connection (a NOSCRIPT elsewhere, on another cluster node, falls
      // back below). So even the first check is one command, sent by the call: a SCRIPT LOAD
      // first would put a second round trip, sent a turn later, inside the limiter's timeout.
      this.#evaluating = true;
      return this.#send(['EVAL', CHECK_SCRIPT, ...args]).then(
        (reply) => {
          this.#evaluating = false;
          this.#loaded = true;
          return reply;
        },
        (error: unknown) => {
          this.#evaluating = false;
          throw error;
        },
      );
    }
    return this.#send(['EVALSHA', this.#sha, ...args]).catch((error: unknown) => {
      if (!isNoScript(error)) throw error;
      // The server lost its scripts (restart, failover, SCRIPT FLUSH): EVAL answers this check
      // and caches the script again, so the next EVALSHA finds it.
      this.#stats.noscriptFallbacks++;
      return this.#send(['EVAL', CHECK_SCRIPT, ...args]);
    });
  }

  /** Delete the key's state for every policy this store has checked (or was told of). */
  async reset(key: string): Promise<void> {
    if (this.#closed) throw new Error('errata: RedisStore is closed.');
    if (this.#names.size === 0) return;
    await this.#send(['DEL', ...[...this.#names].map((name) => this.keyOf(key, name))]);
  }

  /** Stop the store: later checks reject. The client is left open (it is the caller's). */
  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }
}
