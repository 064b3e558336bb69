// From a store's answer to the limiter's decision: headers, and on a refusal the catalog's error
// with `Retry-After`. Apart from limiter.ts, which wires it once per limiter.
import type { Catalog } from '../catalog-types.js';
import { type HeaderMode, rateLimitHeaders } from './headers.js';
import type { DecisionSource, RateLimitDecision } from './limiter-types.js';
import type { CheckResult, PolicyOutcome } from './types.js';

/** What `decisionMaker` needs of the limiter's options. */
export type DecisionOptions = {
  readonly mode: HeaderMode;
  readonly catalog: Catalog;
  readonly exposePolicy: boolean;
  /** A policy's window in ms by name (for `RateLimit-Policy`). */
  readonly windowOf: (name: string) => number;
};

/**
 * The limiter's step from a check result to its decision.
 * @example const decide = decisionMaker({ mode: 'none', catalog, exposePolicy: true, windowOf: () => 60_000 })
 */
export function decisionMaker({
  mode,
  catalog,
  exposePolicy,
  windowOf,
}: DecisionOptions): (result: CheckResult, source: DecisionSource) => RateLimitDecision {
  return (result, source) => {
    const headers = mode === 'none' ? {} : rateLimitHeaders(result, windowOf, mode);
    if (result.allowed) return { allowed: true, headers, result, source };
    let refused: PolicyOutcome | undefined;
    let quotaRefused = false;
    let never = false;
    let retryMs = 0;
    for (const o of result.outcomes) {
      if (o.allowed) continue;
      if (o.retryAfterMs < 0) never = true;
      retryMs = Math.max(retryMs, o.retryAfterMs);
      if (refused === undefined || (o.kind === 'quota' && !quotaRefused)) refused = o;
      if (o.kind === 'quota') quotaRefused = true;
    }
    const retryAfter = never ? undefined : Math.max(1, Math.ceil(retryMs / 1000));
    const errorHeaders = { ...headers };
    if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
    const error = catalog.roleError(quotaRefused ? 'quota_exceeded' : 'rate_limited', {
      headers: errorHeaders,
      details: exposePolicy ? { policy: refused?.name } : undefined,
      ...(retryAfter === undefined ? {} : { retryAfter }),
    });
    return { allowed: false, headers, error, result, source };
  };
}
