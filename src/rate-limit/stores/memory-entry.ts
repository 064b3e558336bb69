// The memory store's per-key entry and its helpers (memory.ts keeps the Map and the checks).
import { gcraParamsOf, type PolicyState, type Step, stateOfStep } from '../evaluate.js';
import type { QuotaState } from '../quota.js';
import type { Policy, PolicyOutcome } from '../types.js';

/**
 * An entry's times are whole seconds since this epoch (2023-11-14): small integers that V8 keeps
 * inline in the object (Smis, ±2^31), where µs timestamps would be a separately allocated number
 * per field, one more cache miss per check among 100,000 keys. Outside 1955–2091 they stop being
 * Smis: still exact, only slower.
 * @example const expiresS = Math.ceil(tatUs / 1_000_000) - EPOCH_S;
 */
export const EPOCH_S = 1_700_000_000;

/**
 * One client key's state in the memory store.
 * @example const entry: Entry = { touchedS, expiresS, name0: 'burst', tat0, window0: undefined, more: undefined };
 */
export type Entry = {
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

/**
 * A µs timestamp as whole seconds since EPOCH_S (an Entry's time).
 * @example const nowS = secondsOf(Math.floor(Date.now() * 1000));
 */
export const secondsOf = (us: number) => Math.floor(us / 1_000_000) - EPOCH_S;

/**
 * The stored state of one policy of an entry, if any.
 * @example const tat = stateOf(entry, 'burst');
 */
export function stateOf(entry: Entry, name: string): PolicyState | undefined {
  if (entry.name0 !== name) return entry.more?.get(name);
  return entry.window0 ?? entry.tat0;
}

/**
 * Store a step's new state for one policy of an entry, in place.
 * @example setState(entry, policy.name, step);
 */
export function setState(entry: Entry, name: string, d: Step): void {
  if (entry.name0 === name) {
    entry.tat0 = d.tat;
    entry.window0 = d.window;
  } else if (entry.more) entry.more.set(name, stateOfStep(d));
  else entry.more = new Map([[name, stateOfStep(d)]]);
}

/**
 * Where `rateOutcome` leaves the TAT to store (one per store, reused).
 * @example const out: RateOut = { tat: 0 };
 */
export type RateOut = { tat: number };

/**
 * One rate policy decided on its inline TAT (`undefined`: none), as `step` and `outcomeOf` would
 * (gcra.ts, the same arithmetic) but without a Step: the memory store's most common check.
 * @example const outcome = rateOutcome(policy, entry?.tat0, nowUs, 1, out); // then out.tat
 */
export function rateOutcome(
  policy: Policy,
  stored: number | undefined,
  nowUs: number,
  cost: number,
  out: RateOut,
): PolicyOutcome {
  const { intervalUs, toleranceUs, burst } = gcraParamsOf(policy);
  const tat0 = stored === undefined ? nowUs : Math.max(stored, nowUs);
  const tat1 = tat0 + cost * intervalUs;
  const allowed = tat1 - nowUs <= toleranceUs;
  const tat = allowed ? tat1 : tat0;
  const ahead = tat - nowUs;
  out.tat = tat;
  return {
    name: policy.name,
    kind: 'rate',
    limit: policy.limit,
    remaining: Math.floor((toleranceUs - ahead) / intervalUs),
    resetMs: Math.ceil(ahead / 1000),
    retryAfterMs: allowed ? 0 : cost > burst ? -1 : Math.ceil((tat1 - nowUs - toleranceUs) / 1000),
    allowed,
  };
}
