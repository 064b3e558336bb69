import {
  newStep,
  outcomeOf,
  type PolicyState,
  refusedOutcomes,
  type Step,
  stateOfStep,
  step,
} from '../evaluate.js';
import type { QuotaState } from '../quota.js';
import type { CheckRequest, CheckResult, Policy, PolicyOutcome, RateLimitStore } from '../types.js';

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
 * An entry's times are whole seconds since this epoch (2023-11-14): small integers that V8 keeps
 * inline in the object (Smis, ±2^31), where µs timestamps would be a separately allocated number
 * per field, one more cache miss per check among 100,000 keys. Outside 1955–2091 they stop being
 * Smis: still exact, only slower.
 */
const EPOCH_S = 1_700_000_000;

type Entry = {
  /** When the key last moved to the most recent end of the Map (s since EPOCH_S). */
  touchedS: number;
  /**
   * When every state of the key has expired (s since EPOCH_S, rounded up). Reading an expired
   * state is harmless (a TAT in the past or a past quota window reads as idle): expiry only frees
   * memory, so a second's rounding costs nothing but that second.
   */
  expiresS: number;
  /**
   * The first policy's state inline (a rate's TAT in `tat0`, a double field updated in place, or
   * a quota's window in `window0`), the others in a Map made only when a key has several
   * policies: most keys have one, and a Map per key doubled the cost of a new key.
   */
  name0: string;
  tat0: number;
  window0: QuotaState | undefined;
  more: Map<string, PolicyState> | undefined;
};

const secondsOf = (us: number) => Math.floor(us / 1_000_000) - EPOCH_S;

function stateOf(entry: Entry, name: string): PolicyState | undefined {
  if (entry.name0 !== name) return entry.more?.get(name);
  return entry.window0 ?? entry.tat0;
}

function setState(entry: Entry, name: string, d: Step): void {
  if (entry.name0 === name) {
    entry.tat0 = d.tat;
    entry.window0 = d.window;
  } else if (entry.more) entry.more.set(name, stateOfStep(d));
  else entry.more = new Map([[name, stateOfStep(d)]]);
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
  /** One check's decisions, reused: checks run one at a time, and to the end synchronously. */
  readonly #steps: Step[] = [];
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
    if (this.#closed) throw new Error('errata: MemoryStore is closed.');
    const policies = request.policies;
    const now = this.#now();
    const n = policies.length;
    if (n === 0) return { allowed: true, outcomes: [], now };
    const key = request.key;
    const cost = request.cost;
    const nowUs = Math.floor(now * 1000);
    const nowS = secondsOf(nowUs);
    const found = this.#entries.get(key);
    // An expired entry reads as idle; its slot is reused rather than deleted and set again, or a
    // key seen less often than its state lives would churn the Map on every check.
    const live = found !== undefined && found.expiresS > nowS ? found : undefined;
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
    // Stored inline rather than in helper methods: a private method call costs a brand check
    // through a keyed-load stub on every call, which showed up in profiles of this path.
    const entries = this.#entries;
    let entry = live;
    if (allowed && cost > 0) {
      if (entry === undefined) {
        const name0 = (policies[0] as Policy).name;
        if (found === undefined) {
          entry = {
            touchedS: nowS,
            expiresS: nowS,
            name0,
            tat0: (steps[0] as Step).tat,
            window0: undefined,
            more: undefined,
          };
          entries.set(key, entry);
          if (entries.size > this.#maxKeys) this.#evictStalest();
        } else {
          // The expired entry's slot, reused.
          entry = found;
          entry.expiresS = nowS;
          entry.name0 = name0;
          entry.more = undefined;
        }
      }
      // Updated in place; other policies of the key (another category's) keep their expiry.
      for (let i = 0; i < n; i++) {
        const d = steps[i] as Step;
        setState(entry, (policies[i] as Policy).name, d);
        const expiresS = Math.ceil(d.expiresUs / 1_000_000) - EPOCH_S;
        if (expiresS > entry.expiresS) entry.expiresS = expiresS;
      }
    } else if (entry === undefined && found !== undefined) {
      entries.delete(key);
    }
    // Recency for eviction is kept to the second: moving a hot key to the Map's end on every
    // check (a delete and a set) cost a third of the check. Until the store first fills, it is
    // only noted (see `#ordered`).
    if (entry !== undefined && entry.touchedS !== nowS) {
      entry.touchedS = nowS;
      if (this.#ordered) {
        entries.delete(key);
        entries.set(key, entry);
      }
    }
    return { allowed, outcomes, now };
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
