// Checks and resolves the options of a built-in format once, when `.with()` is called, so render
// and parse only read the resolved names: nothing is looked up or allocated per response.

import type { ApiError } from '../api-error.js';
import { markOwnHeaders } from './builtin-names.js';
import type { FormatName, RenderContext, RenderedError, ShapeInput, WireGuide } from './types.js';

/** How one body member may be configured. */
export type MemberRule = {
  /** Its name without options; `false` when it is off unless an option names it. */
  readonly name: string | false;
  /** The JSON object it sits in: two members of one object cannot share a name. */
  readonly level: string;
  /** Whether it may get another name (otherwise only `false` is accepted). */
  readonly rename: boolean;
  /** Whether it may be left out with `false`. */
  readonly omit: boolean;
};

/** A plain object of option values. */
export type Given = Readonly<Record<string, unknown>>;

/** Plain names only: no prototype keys, no dots (paths are dotted), nothing a header would mangle. */
const SAFE_NAME = /^[A-Za-z_$][A-Za-z0-9_$-]{0,63}$/;
// Parsers read renamed members off `JSON.parse` output: a name an object inherits (`toString`,
// `hasOwnProperty`, …) would read a function when the body lacks the member.
const UNSAFE_NAMES = new Set(['prototype', ...Object.getOwnPropertyNames(Object.prototype)]);

/** The prefix of every option error: `errata: formats.problem.with():`. */
export function where(format: string): string {
  return `errata: formats.${format}.with()`;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || Array.isArray(value)) return value === null ? 'null' : 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The options object, checked to be a plain object whose keys are all known.
 * @example checkKeys('problem', { type: 'code' }, ['members', 'type', 'retryAfter'], 'options')
 */
export function checkKeys(
  format: string,
  value: unknown,
  known: readonly string[],
  label: string,
): Given {
  if (!isPlainObject(value)) {
    throw new TypeError(
      `${where(format)}: ${label} must be a plain object, got ${describe(value)}.`,
    );
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      const expected = known.length > 0 ? `expected one of ${known.join(', ')}` : 'it takes none';
      const what =
        label === 'options'
          ? `option ${JSON.stringify(key)}`
          : `member ${JSON.stringify(key)} in ${label}`;
      throw new TypeError(`${where(format)}: unknown ${what}; ${expected}.`);
    }
  }
  return value;
}

/**
 * One option that must be one of a few values (`undefined` gives the default).
 * @example choice('success', 'timestamp', given.timestamp, ['milliseconds', 'seconds', false], 'milliseconds')
 */
export function choice<T>(
  format: string,
  label: string,
  value: unknown,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) {
    const list = allowed.map((a) => (typeof a === 'string' ? `'${a}'` : String(a))).join(', ');
    throw new TypeError(
      `${where(format)}: ${label} must be one of ${list}, got ${describe(value)}.`,
    );
  }
  return value as T;
}

/** A name a member may take: a plain JSON member name. */
function checkName(format: string, label: string, value: string): string {
  if (UNSAFE_NAMES.has(value) || !SAFE_NAME.test(value)) {
    throw new TypeError(
      `${where(format)}: ${label} ${JSON.stringify(value)} is not a safe member name (letters, digits, _, $ or -, at most 64, not prototype or a name every object inherits, such as __proto__ or toString).`,
    );
  }
  return value;
}

/**
 * Resolve every member's name from the options: `members` (keyed by default name) plus extra
 * top-level options that place a member (e.g. `retryAfter`). Two members of one JSON object, or a
 * member and a fixed one (`fixed[level]`), may not end up with the same name.
 * @example resolveMembers('envelope', RULES, { error: ['message'] }, given.members, {})
 */
export function resolveMembers<K extends string>(
  format: string,
  rules: Readonly<Record<K, MemberRule>>,
  fixed: Readonly<Record<string, readonly string[]>>,
  members: unknown,
  extra: Readonly<Partial<Record<K, { label: string; value: unknown }>>>,
): Record<K, string | false> {
  const keys = Object.keys(rules) as K[];
  const memberKeys = keys.filter((k) => extra[k] === undefined);
  const given = members === undefined ? {} : checkKeys(format, members, memberKeys, 'members');
  const out = {} as Record<K, string | false>;
  const taken = new Map<string, string>(); // `${level}\0${name}` -> who has it
  for (const [level, names] of Object.entries(fixed)) {
    for (const name of names) taken.set(`${level}\0${name}`, `the fixed member "${name}"`);
  }
  const optionOf = (key: K) => (extra[key] === undefined ? given[key] : extra[key]?.value);
  // Default names first: a clash then names the option that caused it, not the member it hit.
  const order = [
    ...keys.filter((k) => optionOf(k) === undefined),
    ...keys.filter((k) => optionOf(k) !== undefined),
  ];
  for (const key of order) {
    const rule = rules[key];
    const label = extra[key]?.label ?? `members.${key}`;
    const value = optionOf(key);
    let name: string | false;
    if (value === undefined) name = rule.name;
    else if (value === false) {
      if (!rule.omit) throw new TypeError(`${where(format)}: ${label} cannot be left out.`);
      name = false;
    } else if (typeof value === 'string') {
      if (!rule.rename) {
        throw new TypeError(
          `${where(format)}: ${label} can only be false (left out), got ${describe(value)}.`,
        );
      }
      name = checkName(format, label, value);
    } else {
      const what =
        rule.rename && rule.omit
          ? 'a member name or false'
          : rule.rename
            ? 'a member name'
            : 'false';
      throw new TypeError(`${where(format)}: ${label} must be ${what}, got ${describe(value)}.`);
    }
    out[key] = name;
    if (name === false) continue;
    const slot = `${rule.level}\0${name}`;
    const holder = taken.get(slot);
    if (holder !== undefined) {
      throw new TypeError(
        `${where(format)}: ${label} ${JSON.stringify(name)} is already the name of ${holder}.`,
      );
    }
    taken.set(slot, label);
  }
  return out;
}

/** A frozen deep copy of option data: what `format.options` shows and `errata snapshot` records. */
export function frozenCopy(value: Given): Readonly<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (v === undefined) continue;
    out[key] = isPlainObject(v) ? frozenCopy(v) : v;
  }
  return Object.freeze(out);
}

/**
 * Options of `.with()` on a configured format: the new ones over the old, `members` merged
 * member by member, so `formats.envelope.with(a).with(b)` keeps what `a` set unless `b` changes it.
 */
export function mergeOptions(previous: Given, next: Given): Given {
  const merged: Record<string, unknown> = { ...previous, ...next };
  if (isPlainObject(previous.members) && isPlainObject(next.members)) {
    merged.members = { ...previous.members, ...next.members };
  }
  return merged;
}

/**
 * The options of a new `.with()` call over a configured format's: `next` checked to be a plain
 * object with known keys, then merged (see mergeOptions).
 */
export function nextOptions(
  format: string,
  previous: Given,
  next: unknown,
  known: readonly string[],
): Given {
  return mergeOptions(previous, checkKeys(format, next, known, 'options'));
}

const RESOLVED = new WeakMap<object, Readonly<Record<string, string | false>>>();

/** Keep a built-in format's resolved names for `memberNames` (the CLI reads them). */
export function remember<F extends object>(format: F, names: Readonly<Record<string, unknown>>): F {
  const out: Record<string, string | false> = {};
  for (const [key, value] of Object.entries(names)) {
    if (typeof value === 'string' || value === false) out[key] = value;
  }
  RESOLVED.set(format, Object.freeze(out));
  return format;
}

/**
 * The names a built-in format (configured or not) puts its members under, keyed by their
 * default names (`false`: left out), plus its resolved strategies (problem `type`, success
 * `precision`); `undefined` for a custom format. For the CLI's schemas, examples and checks.
 * @example memberNames(formats.envelope.with({ members: { request_id: 'requestId' } }))?.request_id // 'requestId'
 */
export function memberNames(format: object): Readonly<Record<string, string | false>> | undefined {
  return RESOLVED.get(format);
}

/** What a built-in format is made of once its options are resolved into names `N`. */
export type BuiltinParts<N> = {
  name: FormatName;
  contentType: string;
  /** The option keys `.with()` accepts. */
  keys: readonly string[];
  guide: WireGuide;
  drops: readonly string[];
  render(names: N, error: ApiError, context: RenderContext | undefined): RenderedError;
  parse(names: N, input: ShapeInput): ApiError | undefined;
};

/**
 * The format object of a built-in configured with `given` (resolved into `names`): its options
 * as frozen data, render and parse bound to the names, `.with()` through `configure`, and the
 * names kept for `memberNames`.
 * @example return builtinFormat(given, n, { name: 'message', … }, configure);
 */
export function builtinFormat<N extends Readonly<Record<string, unknown>>, F>(
  given: Given,
  names: N,
  parts: BuiltinParts<N>,
  configure: (given: Given) => F,
): F {
  const { name, render, parse, keys } = parts;
  const format = {
    name,
    options: frozenCopy(given),
    guide: parts.guide,
    contentType: parts.contentType,
    drops: parts.drops,
    render: (error: ApiError, context?: RenderContext) => render(names, error, context),
    parse: (input: ShapeInput) => parse(names, input),
    with: (options: unknown) => configure(nextOptions(name, given, options, keys)),
  };
  // The format's own type pins `options` and `.with()` to its options type; built here alike.
  return remember(markOwnHeaders(format), names) as unknown as F;
}
