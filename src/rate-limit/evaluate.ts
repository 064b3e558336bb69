import { decideGcra, type GcraParams, gcraParams } from './gcra.js';
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
// Most checks repeat the policy of the check before: a pointer compare is cheaper than the WeakMap.
let lastPolicy: Policy | undefined;
let lastParams: GcraParams | undefined;
/**
 * A rate policy's GCRA parameters, computed once per policy object.
 * @example const { intervalUs, toleranceUs } = gcraParamsOf(policy);
 */
export function gcraParamsOf(policy: Policy): GcraParams {
  if (policy === lastPolicy) return lastParams as GcraParams;
  let params = paramsCache.get(policy);
  if (params === undefined) {
    params = gcraParams(policy);
    paramsCache.set(policy, params);
  }
  lastPolicy = policy;
  lastParams = params;
  return params;
}

/**
 * One policy's decision, written in place by `step` so that a store can keep a few and reuse
 * them: this runs on every request, and per-check objects showed up as garbage-collection time.
 */
export type Step = {
  allowed: boolean;
  remaining: number;
  resetMs: number;
  retryAfterMs: number;
  /**
   * The state to store if every policy admits: a rate's TAT in `tat`, a quota's window in
   * `window`. Two fields rather than one `PolicyState` keep the TAT an unboxed double field.
   */
  tat: number;
  window: QuotaState | undefined;
  /** When the state may be dropped (µs). */
  expiresUs: number;
};

export function newStep(): Step {
  return {
    allowed: false,
    remaining: 0,
    resetMs: 0,
    retryAfterMs: 0,
    tat: 0,
    window: undefined,
    expiresUs: 0,
  };
}

/** Decide one policy into `out` (gcra.ts, quota.ts). */
export function step(
  out: Step,
  policy: Policy,
  state: PolicyState | undefined,
  nowUs: number,
  cost: number,
): void {
  if (policy.kind === 'rate') {
    decideGcra(
      gcraParamsOf(policy),
      typeof state === 'number' ? state : undefined,
      nowUs,
      cost,
      out,
    );
    out.window = undefined;
    out.expiresUs = out.tat;
    return;
  }
  // The quota's decision object does not escape, so V8 need not allocate it once this is inlined.
  const d = quota(
    policy.limit,
    policy.windowMs,
    typeof state === 'object' ? state : undefined,
    nowUs,
    cost,
  );
  out.allowed = d.allowed;
  out.remaining = d.remaining;
  out.resetMs = d.resetMs;
  out.retryAfterMs = d.retryAfterMs;
  out.tat = 0;
  out.window = d.state;
  out.expiresUs = d.expiresUs;
}

/** The state a step stores. */
export function stateOfStep(d: Step): PolicyState {
  return d.window ?? d.tat;
}

export function outcomeOf(
  policy: Policy,
  d: Pick<Step, 'allowed' | 'remaining' | 'resetMs' | 'retryAfterMs'>,
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
 * A store mirrors exactly this (the Redis Lua script does, step for step; the memory store runs
 * the same steps on states it updates in place).
 */
export function evaluate(
  policies: readonly Policy[],
  states: readonly (PolicyState | undefined)[],
  nowUs: number,
  cost: number,
): Evaluation {
  const n = policies.length;
  const steps: Step[] = new Array(n);
  let allowed = true;
  for (let i = 0; i < n; i++) {
    const d = newStep();
    step(d, policies[i] as Policy, states[i], nowUs, cost);
    steps[i] = d;
    if (!d.allowed) allowed = false;
  }
  const outcomes: PolicyOutcome[] = new Array(n);
  if (allowed) {
    const next: PolicyState[] | undefined = cost > 0 ? new Array(n) : undefined;
    const expiresUs: number[] | undefined = cost > 0 ? new Array(n) : undefined;
    for (let i = 0; i < n; i++) {
      const d = steps[i] as Step;
      outcomes[i] = outcomeOf(policies[i] as Policy, d);
      if (next !== undefined && expiresUs !== undefined) {
        next[i] = stateOfStep(d);
        expiresUs[i] = d.expiresUs;
      }
    }
    return { allowed, outcomes, next, expiresUs };
  }
  refusedOutcomes(policies, states, steps, nowUs, outcomes);
  return { allowed, outcomes, next: undefined, expiresUs: undefined };
}

/**
 * Fill `outcomes` for a refused check: a policy that would have admitted the cost reports the
 * unchanged state (a cost-0 read, decided again into its step); refusing ones their refusal.
 */
export function refusedOutcomes(
  policies: readonly Policy[],
  states: readonly (PolicyState | undefined)[],
  steps: readonly Step[],
  nowUs: number,
  outcomes: PolicyOutcome[],
): void {
  for (let i = 0; i < policies.length; i++) {
    const policy = policies[i] as Policy;
    const d = steps[i] as Step;
    if (d.allowed) step(d, policy, states[i], nowUs, 0);
    outcomes[i] = outcomeOf(policy, d);
  }
}
