import { RateLimitConfigError } from './errors.js';
import { gcraParams } from './gcra.js';
import type { Policy } from './types.js';

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** Longest window: 366 days. */
export const MAX_WINDOW_MS = 366 * 86_400_000;
/** Largest limit or burst. */
export const MAX_UNITS = 1_000_000_000;
/** Largest GCRA tolerance (burst · T) in µs, so all arithmetic stays exact in doubles. */
const MAX_TOLERANCE_US = 1e15;

/** A policy as written: `windowMs` or `window` (seconds). */
export type PolicyInput = {
  name: string;
  kind?: 'rate' | 'quota' | undefined;
  limit: number;
  windowMs?: number | undefined;
  /** Window in seconds, as in the `w` parameter of `RateLimit-Policy`. */
  window?: number | undefined;
  burst?: number | undefined;
};

const fail = (code: ConstructorParameters<typeof RateLimitConfigError>[0], message: string) => {
  throw new RateLimitConfigError(code, message);
};

/**
 * Validate a policy and return it frozen. A policy is a `rate` (GCRA) unless `kind: 'quota'`.
 * Throws a `RateLimitConfigError` with a stable code.
 * @example definePolicy({ name: 'burst', limit: 100, window: 60 })
 * @example definePolicy({ name: 'daily', kind: 'quota', limit: 10_000, windowMs: 86_400_000 })
 */
export function definePolicy(input: PolicyInput): Policy {
  if (typeof input !== 'object' || input === null) {
    return fail('ERR_POLICY_SHAPE', 'a policy must be an object or a string.');
  }
  const { name } = input;
  if (typeof name !== 'string' || !NAME_RE.test(name)) {
    fail(
      'ERR_POLICY_NAME',
      `policy name ${JSON.stringify(name)} must be 1 to 64 of A-Z a-z 0-9 _ . - starting with a letter or digit.`,
    );
  }
  const where = `policy '${name}'`;
  const kind = input.kind ?? 'rate';
  if (kind !== 'rate' && kind !== 'quota') {
    fail(
      'ERR_POLICY_KIND',
      `${where}: kind must be 'rate' or 'quota'; got ${JSON.stringify(kind)}.`,
    );
  }
  const units = (value: unknown, what: string, code: 'ERR_POLICY_LIMIT' | 'ERR_POLICY_BURST') => {
    if (
      typeof value !== 'number' ||
      !Number.isSafeInteger(value) ||
      value < 1 ||
      value > MAX_UNITS
    ) {
      fail(
        code,
        `${where}: ${what} must be an integer from 1 to ${MAX_UNITS}; got ${String(value)}.`,
      );
    }
  };
  units(input.limit, 'limit', 'ERR_POLICY_LIMIT');
  if ((input.windowMs === undefined) === (input.window === undefined)) {
    fail('ERR_POLICY_WINDOW', `${where}: give exactly one of windowMs (ms) or window (seconds).`);
  }
  const windowMs = input.windowMs ?? (input.window as number) * 1000;
  if (!Number.isSafeInteger(windowMs) || windowMs < 1 || windowMs > MAX_WINDOW_MS) {
    fail(
      'ERR_POLICY_WINDOW',
      `${where}: the window must be a whole number of milliseconds from 1 ms to 366 days; got ${String(input.windowMs ?? input.window)}.`,
    );
  }
  const policy: { -readonly [K in keyof Policy]: Policy[K] } = {
    name,
    kind,
    limit: input.limit,
    windowMs,
  };
  if (input.burst !== undefined) {
    if (kind === 'quota') fail('ERR_POLICY_BURST', `${where}: a quota has no burst.`);
    units(input.burst, 'burst', 'ERR_POLICY_BURST');
    policy.burst = input.burst;
  }
  if (kind === 'rate' && gcraParams(policy).toleranceUs > MAX_TOLERANCE_US) {
    fail('ERR_POLICY_BURST', `${where}: burst × (window / limit) must stay under about 31 years.`);
  }
  return Object.freeze(policy);
}

const PARAM_RE = /^([a-z*][a-z0-9_.*-]*)(?:=(\d{1,15}))?$/;

/**
 * Parse policies written as the `RateLimit-Policy` field: a comma-separated list of
 * `"name";q=<limit>;w=<seconds>` with optional `;burst=<units>` and a bare `;quota` flag for a
 * fixed-window quota. Throws a `RateLimitConfigError` (`ERR_POLICY_SYNTAX` and the others).
 * @example parsePolicies('"burst";q=100;w=60, "daily";q=10000;w=86400;quota')
 */
export function parsePolicies(text: string): Policy[] {
  if (typeof text !== 'string') return fail('ERR_POLICY_SHAPE', 'policies must be a string.');
  const items = splitList(text);
  const policies = items.map(parseItem);
  checkDistinct(policies);
  return policies;
}

/** Parse one policy (see `parsePolicies`). */
export function parsePolicy(text: string): Policy {
  const [policy, ...rest] = parsePolicies(text);
  if (policy === undefined || rest.length > 0) {
    fail('ERR_POLICY_SYNTAX', `expected exactly one policy in ${JSON.stringify(text)}.`);
  }
  return policy as Policy;
}

/** Policies from strings, objects or already defined policies; names must be distinct. */
export function normalizePolicies(
  input: readonly (string | PolicyInput | Policy)[] | string,
): Policy[] {
  if (typeof input === 'string') return parsePolicies(input);
  if (!Array.isArray(input))
    return fail('ERR_POLICY_SHAPE', 'policies must be an array or a string.');
  const policies = input.flatMap((p) =>
    typeof p === 'string' ? parsePolicies(p) : [definePolicy(p as PolicyInput)],
  );
  if (policies.length === 0) fail('ERR_POLICY_EMPTY', 'give at least one policy.');
  checkDistinct(policies);
  return policies;
}

function checkDistinct(policies: readonly Policy[]): void {
  const seen = new Set<string>();
  for (const p of policies) {
    if (seen.has(p.name)) fail('ERR_POLICY_DUPLICATE', `policy name '${p.name}' is used twice.`);
    seen.add(p.name);
  }
}

/** Whether two policies describe the same counter (same name must mean same parameters). */
export function samePolicy(a: Policy, b: Policy): boolean {
  return (
    a.name === b.name &&
    a.kind === b.kind &&
    a.limit === b.limit &&
    a.windowMs === b.windowMs &&
    (a.burst ?? a.limit) === (b.burst ?? b.limit)
  );
}

/** Split a list on commas outside quoted strings. */
function splitList(text: string): string[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted && c === '\\') {
      current += c + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      items.push(current.trim());
      current = '';
      continue;
    }
    current += c;
  }
  if (quoted) fail('ERR_POLICY_SYNTAX', `unterminated string in ${JSON.stringify(text)}.`);
  items.push(current.trim());
  if (items.some((item) => item === '')) {
    fail('ERR_POLICY_SYNTAX', `empty policy in ${JSON.stringify(text)}.`);
  }
  return items;
}

function parseItem(item: string): Policy {
  const m = /^"((?:[^"\\]|\\["\\])*)"(.*)$/.exec(item);
  if (m === null) {
    return fail(
      'ERR_POLICY_SYNTAX',
      `${JSON.stringify(item)}: a policy starts with its quoted name, e.g. "burst";q=100;w=60.`,
    );
  }
  const name = (m[1] as string).replace(/\\(["\\])/g, '$1');
  const params = new Map<string, number | true>();
  const rest = (m[2] as string).trim();
  if (rest !== '') {
    if (!rest.startsWith(';')) fail('ERR_POLICY_SYNTAX', `${JSON.stringify(item)}: expected ';'.`);
    for (const raw of rest.slice(1).split(';')) {
      const param = PARAM_RE.exec(raw.trim());
      if (param === null) {
        fail('ERR_POLICY_SYNTAX', `${JSON.stringify(item)}: bad parameter ${JSON.stringify(raw)}.`);
      }
      const [, key, value] = param as RegExpExecArray;
      if (params.has(key as string)) {
        fail('ERR_POLICY_SYNTAX', `${JSON.stringify(item)}: parameter '${key}' given twice.`);
      }
      params.set(key as string, value === undefined ? true : Number(value));
    }
  }
  for (const key of params.keys()) {
    if (!['q', 'w', 'burst', 'quota'].includes(key)) {
      fail(
        'ERR_POLICY_SYNTAX',
        `${JSON.stringify(item)}: unknown parameter '${key}' (known: q, w, burst, quota).`,
      );
    }
  }
  const q = params.get('q');
  const w = params.get('w');
  const burst = params.get('burst');
  const quotaFlag = params.get('quota');
  if (typeof q !== 'number')
    fail('ERR_POLICY_LIMIT', `${JSON.stringify(item)}: q=<limit> is required.`);
  if (typeof w !== 'number')
    fail('ERR_POLICY_WINDOW', `${JSON.stringify(item)}: w=<seconds> is required.`);
  if (burst === true) fail('ERR_POLICY_BURST', `${JSON.stringify(item)}: burst needs a value.`);
  if (quotaFlag !== undefined && quotaFlag !== true) {
    fail('ERR_POLICY_KIND', `${JSON.stringify(item)}: quota is a flag, written ';quota'.`);
  }
  return definePolicy({
    name,
    kind: quotaFlag === true ? 'quota' : 'rate',
    limit: q as number,
    window: w as number,
    burst: burst as number | undefined,
  });
}
