// The per-IP ceiling: policies counted on the client IP beside a per-identity check, so that a
// client who makes up a new identity per request (a raw `X-API-Key` header as the key) still
// meets a limit. The limiter checks the ceiling's key first (limiter.ts); this file derives the
// default ceiling from a policy list and merges the two results into one decision.
import { RateLimitConfigError } from './errors.js';
import { MAX_UNITS, normalizePolicies, samePolicy } from './policy.js';
import type { CheckRequest, CheckResult, Policy } from './types.js';

/** A second key checked before the request's own, with its own policies. */
export type Ceiling = {
  /** The key counted (the client IP's `ip:<address or prefix>`). */
  readonly key: string;
  /** Its policies, normalized (`normalizePolicies`); names distinct from the limiter's others. */
  readonly policies: readonly Policy[];
};

/** How much looser the default ceiling is than the policies it stands beside. */
export const CEILING_FACTOR = 10;

/** `<name>.ip`, the name shortened so the result stays a valid 64-character policy name. */
export function ceilingName(name: string): string {
  return `${name.slice(0, 61)}.ip`;
}

/**
 * The default ceiling beside `policies`: each policy `CEILING_FACTOR` times looser (limit and
 * burst, same window and kind), named `<name>.ip`.
 * @example ceilingPolicies(parsePolicies('"api";q=100;w=60')) // "api.ip";q=1000;w=60
 */
export function ceilingPolicies(policies: readonly Policy[]): Policy[] {
  return normalizePolicies(
    policies.map((p) => {
      const scaled = {
        name: ceilingName(p.name),
        kind: p.kind,
        limit: Math.min(MAX_UNITS, p.limit * CEILING_FACTOR),
        windowMs: p.windowMs,
      };
      return p.burst === undefined
        ? scaled
        : { ...scaled, burst: Math.min(MAX_UNITS, p.burst * CEILING_FACTOR) };
    }),
  );
}

/**
 * Refuse a ceiling whose policy names another counter of the limiter with other numbers (a name
 * is one counter), so a wrong option fails at start-up rather than on the first request.
 */
export function checkCeiling(ceiling: readonly Policy[], others: readonly Policy[]): void {
  for (const p of ceiling) {
    const other = others.find((o) => o.name === p.name);
    if (other !== undefined && !samePolicy(other, p)) {
      throw new RateLimitConfigError(
        'ERR_POLICY_CONFLICT',
        `ipCeiling: policy '${p.name}' differs from another policy of that name; give the ceiling its own names.`,
      );
    }
  }
}

/**
 * One result of the request's check and the ceiling's (both allowed): the request's outcomes,
 * then the ceiling's, so the headers report whichever limit is tightest.
 */
export function mergeResults(own: CheckResult, ceiling: CheckResult): CheckResult {
  return {
    allowed: own.allowed && ceiling.allowed,
    outcomes: [...own.outcomes, ...ceiling.outcomes],
    now: own.now,
  };
}

/**
 * The limiter's step from a check's `ceiling` to the store request for it. Each policies array
 * is validated and registered (`register` refuses a name that is another counter, and makes its
 * window known to `RateLimit-Policy`) the first time it is seen: the middleware passes the same
 * arrays on every check.
 */
export function ceilingRequests(
  register: (policies: readonly Policy[], where: string) => void,
  storeKey: (key: string) => string,
): (ceiling: Ceiling | undefined, cost: number) => CheckRequest | undefined {
  const known = new WeakSet<readonly Policy[]>();
  return (ceiling, cost) => {
    if (ceiling === undefined) return undefined;
    const { key, policies } = ceiling;
    if (!known.has(policies)) {
      if (!Array.isArray(policies))
        throw new TypeError('errata: ceiling.policies must be an array.');
      normalizePolicies(policies);
      register(policies, 'ipCeiling');
      known.add(policies);
    }
    if (typeof key !== 'string') throw new TypeError('errata: a ceiling key must be a string.');
    return { key: storeKey(key), policies, cost };
  };
}
