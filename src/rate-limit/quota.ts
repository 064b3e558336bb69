/**
 * Fixed-window quota, in integer microseconds (exact in IEEE doubles, like `gcra.ts`).
 *
 * With `now` in µs and W = windowMs · 1000:
 *
 *   start        = floor(now / W) · W            windows are aligned to the Unix epoch
 *   used0        = state.start === start ? state.used : 0
 *   allowed      ⇔ used0 + cost ≤ limit
 *   used'        = allowed ? used0 + cost : used0
 *   remaining    = limit − used'
 *   resetMs      = ceil((start + W − now) / 1000)          the end of the window
 *   retryAfterMs = allowed ? 0 : cost > limit ? -1 : resetMs
 *   state {start, used'} expires at start + W
 */
export type QuotaState = { readonly start: number; readonly used: number };

export type QuotaDecision = {
  readonly allowed: boolean;
  /** The state to store (the current window's, even when refused). */
  readonly state: QuotaState;
  /** When the state may be dropped, in µs. */
  readonly expiresUs: number;
  readonly remaining: number;
  readonly resetMs: number;
  readonly retryAfterMs: number;
};

/** Decide one fixed-window check. */
export function quota(
  limit: number,
  windowMs: number,
  state: QuotaState | undefined,
  nowUs: number,
  cost: number,
): QuotaDecision {
  const w = windowMs * 1000;
  const start = Math.floor(nowUs / w) * w;
  const used0 = state !== undefined && state.start === start ? state.used : 0;
  const allowed = used0 + cost <= limit;
  const used = allowed ? used0 + cost : used0;
  const resetMs = Math.ceil((start + w - nowUs) / 1000);
  return {
    allowed,
    state: { start, used },
    expiresUs: start + w,
    remaining: limit - used,
    resetMs,
    retryAfterMs: allowed ? 0 : cost > limit ? -1 : resetMs,
  };
}
