import { clip } from './util.js';

/** How much of a parsed value (an error's `details` or `raw`) is kept. */
export type DataLimits = {
  /** Characters of the value as JSON (`JSON.stringify(value).length`), at most. */
  size: number;
  /** Objects and arrays nested deeper are left out (the value itself is level 1). */
  depth: number;
  /** Members kept per object and items per array. */
  keys: number;
  /** Characters kept per string and per member name (cut ones end in `…`). */
  string: number;
};

/** `details` of a parsed error: what a caller reads, rarely more than a few members. */
export const DETAILS_LIMITS: DataLimits = { size: 16_384, depth: 16, keys: 100, string: 1000 };

/** `raw` of a parsed JSON body: the body for debugging, larger but bounded. */
export const RAW_LIMITS: DataLimits = { size: 65_536, depth: 32, keys: 1000, string: 4096 };

/**
 * The value when it is within the limits (the usual case), else a copy cut to them: strings
 * clipped, lists and objects shortened, members nested too deep or past the size left out. Only
 * plain objects and arrays (what JSON.parse makes) are walked; other values are kept as they are.
 * The copy keeps every member an own data property (`__proto__` included), never a prototype.
 */
export function boundedData(value: unknown, limits: DataLimits): unknown {
  if (!isContainer(value)) return typeof value === 'string' ? clip(value, limits.string) : value;
  // Check before copying: the usual value (a few members) fits and is returned as it is, with
  // nothing allocated. A value that does not fit stops the check at its first excess (the 101st
  // member, the first long string), so a hostile one costs little more than the copy alone.
  // First with sizes over-estimated (no JSON.stringify of each string, no number printed): a
  // small value fits by far. Only a value near the size limit is measured exactly.
  if (fits(value, limits, 1, { left: limits.size, cut: false, rough: true })) return value;
  if (fits(value, limits, 1, { left: limits.size, cut: false, rough: false })) return value;
  const walk: Walk = { left: limits.size, cut: false, rough: false };
  const out = copy(value, limits, 1, walk);
  return walk.cut ? out : value;
}

/**
 * One walk's state: characters of the size limit not used yet, whether anything was cut, whether
 * sizes are upper bounds (`rough`) or exact.
 */
type Walk = { left: number; cut: boolean; rough: boolean };

/** Plain objects and arrays, as JSON.parse makes them. */
function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Longest number as `String(n)` prints it (`-1.7976931348623157e+308` has 24 characters). */
const NUMBER_SIZE = 25;

/** At least a leaf's JSON length: each character escaped (`\u0000`) at worst, numbers at their longest. */
function roughSize(value: unknown): number {
  if (typeof value === 'string') return value.length * 6 + 2;
  return typeof value === 'number' ? NUMBER_SIZE : leafSize(value);
}

/** JSON length of a leaf; values JSON cannot hold (bigint, symbol) get a nominal size. */
function leafSize(value: unknown): number {
  if (typeof value === 'string') return JSON.stringify(value).length;
  if (typeof value === 'number') return String(value).length;
  if (typeof value === 'boolean') return value ? 4 : 5;
  return value === null || value === undefined ? 4 : 16;
}

/** A copy of a container within the limits; notes on the walk whatever it leaves out. */
function copy(
  value: Record<string, unknown> | unknown[],
  limits: DataLimits,
  depth: number,
  walk: Walk,
): unknown {
  walk.left -= 2;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length && out.length < limits.keys; i++) {
      const item = member(value[i], 1, limits, depth, walk);
      if (item === STOP) break;
      if (item !== SKIP) out.push(item);
    }
    if (out.length < value.length) walk.cut = true;
    return out;
  }
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const key in value) {
    if (n >= limits.keys) {
      walk.cut = true;
      break;
    }
    const name = clip(key, limits.string);
    if (name !== key) walk.cut = true;
    const item = member(value[key], JSON.stringify(name).length + 2, limits, depth, walk);
    if (item === STOP) {
      walk.cut = true;
      break;
    }
    if (item === SKIP) {
      walk.cut = true;
      continue;
    }
    n++;
    // defineProperty, not assignment: `out.__proto__ = …` would set the copy's prototype.
    if (name === '__proto__') Object.defineProperty(out, name, { ...DATA, value: item });
    else out[name] = item;
  }
  return out;
}

/** Whether a container is within the limits as it is: `copy`'s accounting, allocating nothing. */
function fits(
  value: Record<string, unknown> | unknown[],
  limits: DataLimits,
  depth: number,
  walk: Walk,
): boolean {
  walk.left -= 2;
  if (Array.isArray(value)) {
    if (value.length > limits.keys) return false;
    for (let i = 0; i < value.length; i++) {
      if (!memberFits(value[i], 1, limits, depth, walk)) return false;
    }
    return true;
  }
  let n = 0;
  for (const key in value) {
    if (++n > limits.keys || key.length > limits.string) return false;
    const overhead = (walk.rough ? roughSize(key) : JSON.stringify(key).length) + 2;
    if (!memberFits(value[key], overhead, limits, depth, walk)) return false;
  }
  return true;
}

function memberFits(
  item: unknown,
  overhead: number,
  limits: DataLimits,
  depth: number,
  walk: Walk,
): boolean {
  if (isContainer(item)) {
    if (depth + 1 > limits.depth || walk.left < overhead + 2) return false;
    walk.left -= overhead;
    return fits(item, limits, depth + 1, walk);
  }
  if (typeof item === 'string' && item.length > limits.string) return false;
  walk.left -= overhead + (walk.rough ? roughSize(item) : leafSize(item));
  return walk.left >= 0;
}

const DATA = { enumerable: true, writable: true, configurable: true } as const;
const STOP = Symbol('stop');
const SKIP = Symbol('skip');

/** One member's copy, SKIP when it is nested too deep, STOP when the size is used up. */
function member(
  item: unknown,
  overhead: number,
  limits: DataLimits,
  depth: number,
  walk: Walk,
): unknown {
  if (isContainer(item)) {
    if (depth + 1 > limits.depth) return SKIP;
    if (walk.left < overhead + 2) return STOP;
    walk.left -= overhead;
    return copy(item, limits, depth + 1, walk);
  }
  let leaf = item;
  if (typeof item === 'string') {
    leaf = clip(item, limits.string);
    if (leaf !== item) walk.cut = true;
  }
  const size = overhead + leafSize(leaf);
  if (size > walk.left) return STOP;
  walk.left -= size;
  return leaf;
}
