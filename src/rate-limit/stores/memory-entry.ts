// The memory store's per-key entry and its helpers (memory.ts keeps the Map and the checks).
import { type PolicyState, type Step, stateOfStep } from '../evaluate.js';
import type { QuotaState } from '../quota.js';

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
 * When a state that lasts until `us` (µs) expires, as an Entry's time: rounded up.
 * @example entry.expiresS = expirySecondsOf(step.expiresUs);
 */
export const expirySecondsOf = (us: number) => Math.ceil(us / 1_000_000) - EPOCH_S;

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
