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

type Decided = {
  allowed: boolean;
  remaining: number;
  resetMs: number;
  retryAfterMs: number;
  state: PolicyState;
  expiresUs: number;
};

function one(policy: Policy, state: PolicyState | undefined, nowUs: number, cost: number): Decided {
  if (policy.kind === 'rate') {
    const d = gcra(paramsOf(policy), typeof state === 'number' ? state : undefined, nowUs, cost);
    return {
      allowed: d.allowed,
      remaining: d.remaining,
      resetMs: d.resetMs,
      retryAfterMs: d.retryAfterMs,
      state: d.tat,
      expiresUs: d.tat,
    };
  }
  const d = quota(
    policy.limit,
    policy.windowMs,
    typeof state === 'object' ? state : undefined,
    nowUs,
    cost,
  );
  return {
    allowed: d.allowed,
    remaining: d.remaining,
    resetMs: d.resetMs,
    retryAfterMs: d.retryAfterMs,
    state: d.state,
    expiresUs: d.expiresUs,
  };
}

function outcomeOf(policy: Policy, d: Decided): PolicyOutcome {
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
  // Plain loops and one object per policy: this runs on every request.
  const n = policies.length;
  const decided: Decided[] = new Array(n);
  let allowed = true;
  for (let i = 0; i < n; i++) {
    const d = one(policies[i] as Policy, states[i], nowUs, cost);
    decided[i] = d;
    if (!d.allowed) allowed = false;
  }
  const outcomes: PolicyOutcome[] = new Array(n);
  if (allowed) {
    const next: PolicyState[] | undefined = cost > 0 ? new Array(n) : undefined;
    const expiresUs: number[] | undefined = cost > 0 ? new Array(n) : undefined;
    for (let i = 0; i < n; i++) {
      const d = decided[i] as Decided;
      outcomes[i] = outcomeOf(policies[i] as Policy, d);
      if (next !== undefined && expiresUs !== undefined) {
        next[i] = d.state;
        expiresUs[i] = d.expiresUs;
      }
    }
    return { allowed, outcomes, next, expiresUs };
  }
  for (let i = 0; i < n; i++) {
    const policy = policies[i] as Policy;
    const d = decided[i] as Decided;
    // A policy that would have admitted the cost reports the unchanged state (a cost-0 read).
    outcomes[i] = outcomeOf(policy, d.allowed ? one(policy, states[i], nowUs, 0) : d);
  }
  return { allowed, outcomes, next: undefined, expiresUs: undefined };
}
