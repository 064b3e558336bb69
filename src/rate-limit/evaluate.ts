import { type GcraParams, gcra, gcraParams } from './gcra.js';
import { type QuotaState, quota } from './quota.js';
import type { Policy, PolicyOutcome } from './types.js';

/** A policy's stored state: a GCRA TAT in µs (rate) or a window and its use (quota). */
export type PolicyState = number | QuotaState;

export type Evaluation = {
  /** Whether every policy admits the cost. */
  readonly allowed: boolean;
  /** In policy order. When refused, they describe the unchanged state (as a cost-0 check would). */
  readonly outcomes: PolicyOutcome[];
  /** When allowed and cost > 0: the states to store, in policy order; otherwise nothing changes. */
  readonly next: PolicyState[] | undefined;
  /** When allowed: when each new state may be dropped (µs), in policy order. */
  readonly expiresUs: number[] | undefined;
};

const paramsCache = new WeakMap<Policy, GcraParams>();
function paramsOf(policy: Policy): GcraParams {
  let params = paramsCache.get(policy);
  if (params === undefined) {
    params = gcraParams(policy);
    paramsCache.set(policy, params);
  }
  return params;
}

function one(policy: Policy, state: PolicyState | undefined, nowUs: number, cost: number) {
  if (policy.kind === 'rate') {
    const d = gcra(paramsOf(policy), typeof state === 'number' ? state : undefined, nowUs, cost);
    return { d, state: d.tat as PolicyState, expiresUs: d.tat };
  }
  const d = quota(
    policy.limit,
    policy.windowMs,
    typeof state === 'object' ? state : undefined,
    nowUs,
    cost,
  );
  return { d, state: d.state as PolicyState, expiresUs: d.expiresUs };
}

function outcomeOf(
  policy: Policy,
  d: { allowed: boolean; remaining: number; resetMs: number; retryAfterMs: number },
): PolicyOutcome {
  return {
    name: policy.name,
    kind: policy.kind,
    limit: policy.limit,
    remaining: d.remaining,
    resetMs: d.resetMs,
    retryAfterMs: d.retryAfterMs,
    allowed: d.allowed,
  };
}

/**
 * One all-or-nothing check over several policies, pure: states in, decision and new states out.
 * 1. Decide every policy with `cost` (gcra.ts, quota.ts).
 * 2. If all admit: store every new state. Otherwise store nothing, and report each admitting
 *    policy as a cost-0 check would (its remaining, its reset) with `allowed: true`; refusing
 *    policies report their refusal (unchanged remaining, retryAfterMs).
 * A store mirrors exactly this (the Redis Lua script does, step for step).
 */
export function evaluate(
  policies: readonly Policy[],
  states: readonly (PolicyState | undefined)[],
  nowUs: number,
  cost: number,
): Evaluation {
  const decided = policies.map((p, i) => one(p, states[i], nowUs, cost));
  const allowed = decided.every((x) => x.d.allowed);
  if (allowed) {
    return {
      allowed,
      outcomes: decided.map((x, i) => outcomeOf(policies[i] as Policy, x.d)),
      next: cost > 0 ? decided.map((x) => x.state) : undefined,
      expiresUs: cost > 0 ? decided.map((x) => x.expiresUs) : undefined,
    };
  }
  const outcomes = decided.map((x, i) => {
    const policy = policies[i] as Policy;
    return x.d.allowed
      ? outcomeOf(policy, one(policy, states[i], nowUs, 0).d)
      : outcomeOf(policy, x.d);
  });
  return { allowed, outcomes, next: undefined, expiresUs: undefined };
}
