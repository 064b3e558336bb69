import { evaluate, type PolicyState } from '../evaluate.js';
import type { CheckRequest, CheckResult, Policy, RateLimitStore } from '../types.js';

/** Options of `new MemoryStore()`. */
export type MemoryStoreOptions = {
  /**
   * Most client keys held at once; past it the least recently used key is evicted (its limits
   * restart from idle). Bounds memory under a flood of distinct keys.
   * @default 100_000
   */
  maxKeys?: number | undefined;
  /** How often expired keys are swept, in ms (the timer is `unref`ed). 0 disables. @default 60_000 */
  sweepIntervalMs?: number | undefined;
  /** Clock in milliseconds since the epoch. @default Date.now */
  now?: (() => number) | undefined;
};

/** How fresh a key's recency must be before a check moves it to the most recent end. */
const TOUCH_US = 1_000_000;

type Entry = {
  /** When the key last moved to the most recent end of the Map (µs). */
  touchedUs: number;
  /** When every state of the key has expired (µs). */
  expiresUs: number;
  /**
   * The first policy's state inline, the others in a Map made only when a key has several
   * policies: most keys have one, and a Map per key doubled the cost of a new key.
   */
  name0: string;
  state0: PolicyState;
  more: Map<string, PolicyState> | undefined;
};

function stateOf(entry: Entry, name: string): PolicyState | undefined {
  return entry.name0 === name ? entry.state0 : entry.more?.get(name);
}

function setState(entry: Entry, name: string, state: PolicyState): void {
  if (entry.name0 === name) entry.state0 = state;
  else if (entry.more) entry.more.set(name, state);
  else entry.more = new Map([[name, state]]);
}

/**
 * The in-process store: exact (checks run synchronously, so they are atomic), bounded in keys
 * (least recently used evicted first, by Map insertion order), with expired state dropped lazily
 * and by a periodic `unref`ed sweep. The default store of a limiter; it is per process, so
 * several instances of an app each count their own requests.
 */
export class MemoryStore implements RateLimitStore {
  readonly #entries = new Map<string, Entry>();
  /**
   * A live iterator over the keys, kept between evictions: every key before its position has been
   * deleted (evicted, or touched and re-inserted at the end), so its next key is the least
   * recently used one. A fresh `keys().next()` would rescan the holes deletions leave at the front
   * of V8's hash table, which makes eviction linear in the number of recent deletions.
   */
  #evictor: Iterator<string> | undefined;
  readonly #maxKeys: number;
  readonly #now: () => number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #closed = false;

  constructor(options: MemoryStoreOptions = {}) {
    const maxKeys = options.maxKeys ?? 100_000;
    if (!Number.isSafeInteger(maxKeys) || maxKeys < 1) {
      throw new TypeError(
        `errata: MemoryStore maxKeys must be a positive integer; got ${maxKeys}.`,
      );
    }
    const sweep = options.sweepIntervalMs ?? 60_000;
    if (!Number.isSafeInteger(sweep) || sweep < 0) {
      throw new TypeError(
        `errata: MemoryStore sweepIntervalMs must be a non-negative integer; got ${sweep}.`,
      );
    }
    this.#maxKeys = maxKeys;
    this.#now = options.now ?? Date.now;
    if (sweep > 0) {
      this.#timer = setInterval(() => this.sweep(), sweep);
      // Never keep the process alive for housekeeping (unref is absent on some runtimes).
      (this.#timer as { unref?: () => void }).unref?.();
    }
  }

  /** Number of keys held (expired ones included until swept or touched). */
  get size(): number {
    return this.#entries.size;
  }

  /** Drop every expired key now. Returns how many were dropped. */
  sweep(): number {
    const nowUs = Math.floor(this.#now() * 1000);
    let dropped = 0;
    for (const [key, entry] of this.#entries) {
      if (entry.expiresUs <= nowUs) {
        this.#entries.delete(key);
        dropped++;
      }
    }
    return dropped;
  }

  check(request: CheckRequest): Promise<CheckResult> {
    try {
      return Promise.resolve(this.checkSync(request));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** `check`, synchronously (what the limiter calls: no promise, no timer). */
  checkSync(request: CheckRequest): CheckResult {
    if (this.#closed) throw new Error('errata: MemoryStore is closed.');
    const { key, policies, cost } = request;
    const now = this.#now();
    if (policies.length === 0) return { allowed: true, outcomes: [], now };
    const nowUs = Math.floor(now * 1000);
    let entry = this.#entries.get(key);
    if (entry !== undefined && entry.expiresUs <= nowUs) {
      this.#entries.delete(key);
      entry = undefined;
    }
    const states: (PolicyState | undefined)[] = new Array(policies.length);
    if (entry !== undefined) {
      for (let i = 0; i < policies.length; i++) {
        states[i] = stateOf(entry, (policies[i] as Policy).name);
      }
    }
    const result = evaluate(policies, states, nowUs, cost);
    let insert = false;
    if (result.next !== undefined && result.expiresUs !== undefined) {
      if (entry === undefined) {
        const first = policies[0] as Policy;
        entry = {
          expiresUs: nowUs,
          touchedUs: nowUs,
          name0: first.name,
          state0: result.next[0] as PolicyState,
          more: undefined,
        };
        insert = true;
      }
      // Updated in place; other policies of the key (another category's) keep their expiry.
      for (let i = 0; i < policies.length; i++) {
        setState(entry, (policies[i] as Policy).name, result.next[i] as PolicyState);
        entry.expiresUs = Math.max(entry.expiresUs, result.expiresUs[i] as number);
      }
    }
    // Recency for eviction is kept to TOUCH_US: moving a hot key to the Map's end on every check
    // (a delete and a set) cost a third of the check.
    if (entry !== undefined && !insert && nowUs - entry.touchedUs >= TOUCH_US) {
      this.#entries.delete(key);
      entry.touchedUs = nowUs;
      insert = true;
    }
    if (insert && entry !== undefined) {
      this.#entries.set(key, entry);
      if (this.#entries.size > this.#maxKeys) {
        this.#evictStalest();
      }
    }
    return { allowed: result.allowed, outcomes: result.outcomes, now };
  }

  #evictStalest(): void {
    let next = this.#evictor?.next();
    if (next === undefined || next.done === true) {
      this.#evictor = this.#entries.keys();
      next = this.#evictor.next();
    }
    if (next.done !== true) this.#entries.delete(next.value);
  }

  reset(key: string): Promise<void> {
    this.#entries.delete(key);
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#entries.clear();
    this.#evictor = undefined;
    return Promise.resolve();
  }
}
