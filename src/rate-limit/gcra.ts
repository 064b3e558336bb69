import type { Policy } from './types.js';

/**
 * GCRA (generic cell rate algorithm), in integer microseconds so that every step is exact in
 * IEEE doubles (JavaScript and Redis Lua alike: all values stay far below 2^53).
 *
 * With `now` in µs, a policy of `limit` units per `windowMs` and a burst of `burst` units:
 *
 *   T    = ceil(windowMs · 1000 / limit)        emission interval, µs per unit (≥ 1; rounded up,
 *                                               so never more than `limit` per window)
 *   τ    = burst · T                            tolerance: how far ahead of `now` the TAT may run
 *   tat0 = max(TAT ?? now, now)                 theoretical arrival time; absent state = idle
 *   tat1 = tat0 + cost · T
 *   allowed      ⇔ tat1 − now ≤ τ
 *   TAT'         = allowed ? tat1 : tat0        (a refused check stores nothing new)
 *   remaining    = floor((τ − (TAT' − now)) / T)
 *   resetMs      = ceil((TAT' − now) / 1000)    until back to full capacity (remaining = burst)
 *   retryAfterMs = allowed ? 0 : cost > burst ? -1 : ceil((tat1 − now − τ) / 1000)
 *   state expires at TAT' (a TAT ≤ now means the same as no state)
 *
 * From idle, `burst` units pass at once; afterwards one unit per T.
 */
export type GcraParams = {
  /** Emission interval in µs. */
  readonly intervalUs: number;
  /** Tolerance τ in µs. */
  readonly toleranceUs: number;
  readonly burst: number;
};

export type GcraDecision = {
  readonly allowed: boolean;
  /** The TAT to store (µs); unchanged, as `max(TAT, now)`, when refused. */
  readonly tat: number;
  readonly remaining: number;
  readonly resetMs: number;
  readonly retryAfterMs: number;
};

/** T and τ of a rate policy. */
export function gcraParams(policy: Policy): GcraParams {
  const burst = policy.burst ?? policy.limit;
  const intervalUs = Math.max(1, Math.ceil((policy.windowMs * 1000) / policy.limit));
  return { intervalUs, toleranceUs: burst * intervalUs, burst };
}

/** A GCRA decision a caller owns and reuses (the memory store's Step is one). */
export type GcraOut = { -readonly [K in keyof GcraDecision]: GcraDecision[K] };

/**
 * Decide one GCRA check into `out`: no object per check on the stores' hot paths. `tat` is the
 * stored TAT in µs, or undefined for none.
 * @example decideGcra(params, entry.tat0, nowUs, 1, scratch); if (scratch.allowed) …
 */
export function decideGcra(
  params: GcraParams,
  tat: number | undefined,
  nowUs: number,
  cost: number,
  out: GcraOut,
): void {
  const { intervalUs, toleranceUs, burst } = params;
  const tat0 = tat === undefined || tat < nowUs ? nowUs : tat;
  const tat1 = tat0 + cost * intervalUs;
  const allowed = tat1 - nowUs <= toleranceUs;
  const next = allowed ? tat1 : tat0;
  const ahead = next - nowUs;
  out.allowed = allowed;
  out.tat = next;
  out.remaining = Math.floor((toleranceUs - ahead) / intervalUs);
  out.resetMs = Math.ceil(ahead / 1000);
  out.retryAfterMs = allowed
    ? 0
    : cost > burst
      ? -1
      : Math.ceil((tat1 - nowUs - toleranceUs) / 1000);
}

/** Decide one GCRA check. `tat` is the stored TAT in µs, or undefined for none. */
export function gcra(
  params: GcraParams,
  tat: number | undefined,
  nowUs: number,
  cost: number,
): GcraDecision {
  const out: GcraOut = { allowed: false, tat: 0, remaining: 0, resetMs: 0, retryAfterMs: 0 };
  decideGcra(params, tat, nowUs, cost, out);
  return out;
}
