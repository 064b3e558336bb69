import {
  gcraParamsOf,
  newStep,
  outcomeOf,
  type PolicyState,
  refusedOutcomes,
  type Step,
  step,
} from '../evaluate.js';
import { decideGcra } from '../gcra.js';
import type { CheckRequest, CheckResult, Policy, PolicyOutcome, RateLimitStore } from '../types.js';
import { type Entry, expirySecondsOf, secondsOf, setState, stateOf } from './memory-entry.js';

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
  /** One check's decisions, reused: checks run one at a time, and to the end synchronously. */
  readonly #steps: Step[] = [];
  /** The single-rate path's decision, reused likewise: a Step, so the code it passes through sees one shape. */
  readonly #decision: Step = newStep();
  readonly #maxKeys: number;
  /**
   * Whether the Map's order is recency order. Not until eviction first needs it: before, a touch
   * only notes its second (the Map order is then insertion order), because moving keys churns
   * the Map: its deleted slots lengthen every lookup's chain until a rehash, which cost a third
   * of a check among 100,000 keys. The first eviction sorts the Map once (`#order`).
   */
  #ordered = false;
  readonly #now: () => number;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** Sweep interval in ms; 0: none. */
  readonly #sweepMs: number;
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
    // The sweep starts with the first key held, not here: an empty store has nothing to sweep,
    // and a Worker may not set a timer at global scope, where apps make their stores.
    this.#sweepMs = sweep;
  }

  /** Start the periodic sweep (once, when the first key is held). */
  #arm(): void {
    if (this.#timer !== undefined || this.#sweepMs === 0 || this.#closed) return;
    this.#timer = setInterval(() => this.sweep(), this.#sweepMs);
    // Never keep the process alive for housekeeping (unref is absent on some runtimes).
    (this.#timer as { unref?: () => void }).unref?.();
  }

  /** Number of keys held (expired ones included until swept or touched). */
  get size(): number {
    return this.#entries.size;
  }

  /** Drop every expired key now. Returns how many were dropped. */
  sweep(): number {
    const nowS = secondsOf(Math.floor(this.#now() * 1000));
    let dropped = 0;
    for (const [key, entry] of this.#entries) {
      if (entry.expiresS <= nowS) {
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
    return this.checkKey(request.key, request.policies, request.cost);
  }

  /**
   * `checkSync` without the request object (the limiter's path: one allocation less per check).
   * @example store.checkKey('ip:203.0.113.7', policies, 1)
   */
  checkKey(key: string, policies: readonly Policy[], cost: number): CheckResult {
    if (this.#closed) throw new Error('errata: MemoryStore is closed.');
    const now = this.#now();
    const n = policies.length;
    if (n === 0) return { allowed: true, outcomes: [], now };
    const nowUs = Math.floor(now * 1000);
    const nowS = secondsOf(nowUs);
    const found = this.#entries.get(key);
    // An expired entry reads as idle; its slot is reused rather than deleted and set again, or a
    // key seen less often than its state lives would churn the Map on every check.
    const live = found !== undefined && found.expiresS > nowS ? found : undefined;
    const policy0 = policies[0] as Policy;
    if (
      n === 1 &&
      policy0.kind === 'rate' &&
      (live === undefined || (live.name0 === policy0.name && live.window0 === undefined))
    ) {
      return this.#rate(key, policy0, found, live, cost, now, nowUs, nowS);
    }
    const steps = this.#steps;
    while (steps.length < n) steps.push(newStep());
    let allowed = true;
    for (let i = 0; i < n; i++) {
      const policy = policies[i] as Policy;
      const d = steps[i] as Step;
      step(d, policy, live === undefined ? undefined : stateOf(live, policy.name), nowUs, cost);
      if (!d.allowed) allowed = false;
    }
    let outcomes: PolicyOutcome[];
    if (!allowed) {
      outcomes = this.#refused(live, policies, nowUs);
    } else if (n === 1) {
      // A literal array is cheaper to make than `new Array(1)` filled in.
      outcomes = [outcomeOf(policies[0] as Policy, steps[0] as Step)];
    } else {
      outcomes = new Array(n);
      for (let i = 0; i < n; i++) outcomes[i] = outcomeOf(policies[i] as Policy, steps[i] as Step);
    }
    // Stored inline; only a new key and a touch (once a second per key) call helper methods: a
    // private method call costs a brand check through a keyed-load stub, seen in profiles.
    const entries = this.#entries;
    let entry = live;
    if (allowed && cost > 0) {
      if (entry === undefined) entry = this.#fresh(key, found, (policies[0] as Policy).name, nowS);
      // Updated in place; other policies of the key (another category's) keep their expiry.
      for (let i = 0; i < n; i++) {
        const d = steps[i] as Step;
        setState(entry, (policies[i] as Policy).name, d);
        const expiresS = expirySecondsOf(d.expiresUs);
        if (expiresS > entry.expiresS) entry.expiresS = expiresS;
      }
    } else if (entry === undefined && found !== undefined) {
      entries.delete(key);
    }
    // Recency for eviction is kept to the second: moving a hot key to the Map's end on every
    // check (a delete and a set) cost a third of the check. Until the store first fills, it is
    // only noted (see `#ordered`).
    if (entry !== undefined && entry.touchedS !== nowS) this.#touch(key, entry, nowS);
    return { allowed, outcomes, now };
  }

  /**
   * One rate policy whose state is inline (most checks): the GCRA decision on the entry's TAT,
   * without the loops and Step array of the general path.
   */
  #rate(
    key: string,
    policy: Policy,
    found: Entry | undefined,
    live: Entry | undefined,
    cost: number,
    now: number,
    nowUs: number,
    nowS: number,
  ): CheckResult {
    const d = this.#decision;
    decideGcra(gcraParamsOf(policy), live?.tat0, nowUs, cost, d);
    let entry = live;
    if (d.allowed && cost > 0) {
      if (entry === undefined) entry = this.#fresh(key, found, policy.name, nowS);
      entry.tat0 = d.tat;
      const expiresS = expirySecondsOf(d.tat);
      if (expiresS > entry.expiresS) entry.expiresS = expiresS;
    } else if (entry === undefined && found !== undefined) {
      this.#entries.delete(key);
    }
    if (entry !== undefined && entry.touchedS !== nowS) this.#touch(key, entry, nowS);
    return { allowed: d.allowed, outcomes: [outcomeOf(policy, d)], now };
  }

  /** A first state's entry: a new one, or the expired entry's slot reused (see `checkKey`). */
  #fresh(key: string, found: Entry | undefined, name0: string, nowS: number): Entry {
    const entry = found ?? {
      touchedS: nowS,
      expiresS: nowS,
      name0,
      tat0: Number.NaN, // a double from the start: all entries keep one hidden class
      window0: undefined,
      more: undefined,
    };
    entry.expiresS = nowS;
    entry.name0 = name0;
    entry.window0 = undefined; // a reused entry's first state may have been another policy's quota
    entry.more = undefined;
    if (found !== undefined) return entry;
    this.#entries.set(key, entry);
    if (this.#timer === undefined) this.#arm();
    if (this.#entries.size > this.#maxKeys) this.#evictStalest();
    return entry;
  }

  /** Note a touch; once the Map is in recency order (`#ordered`), move the key to its end. */
  #touch(key: string, entry: Entry, nowS: number): void {
    entry.touchedS = nowS;
    if (this.#ordered) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
  }

  #refused(live: Entry | undefined, policies: readonly Policy[], nowUs: number): PolicyOutcome[] {
    const n = policies.length;
    const states: (PolicyState | undefined)[] = new Array(n);
    if (live !== undefined) {
      for (let i = 0; i < n; i++) states[i] = stateOf(live, (policies[i] as Policy).name);
    }
    const outcomes: PolicyOutcome[] = new Array(n);
    refusedOutcomes(policies, states, this.#steps, nowUs, outcomes);
    return outcomes;
  }

  #evictStalest(): void {
    if (!this.#ordered) this.#order();
    let next = this.#evictor?.next();
    if (next === undefined || next.done === true) {
      this.#evictor = this.#entries.keys();
      next = this.#evictor.next();
    }
    if (next.done !== true) this.#entries.delete(next.value);
  }

  /**
   * Put the Map in recency order (stable: ties keep their order), once, when the first eviction
   * needs it; from then on touches keep it so.
   */
  #order(): void {
    const sorted = [...this.#entries].sort((a, b) => a[1].touchedS - b[1].touchedS);
    this.#entries.clear();
    for (const [key, entry] of sorted) this.#entries.set(key, entry);
    this.#evictor = undefined;
    this.#ordered = true;
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
