import type { ApiError } from '../api-error.js';
import type { Catalog } from '../catalog-types.js';
import { defaultRetryable } from '../status.js';
import { fullJitter } from './backoff.js';
import type { RetryReason } from './budget.js';
import type { ResolvedRetryOptions } from './retry-options.js';

/** A failure the policy may retry (a deadline never is). */
export type RetryableFailure = {
  error: ApiError;
  reason: RetryReason;
  /** The response status; undefined for a network failure. */
  status: number | undefined;
};

/** The request facts the policy looks at. */
export type RetryContext = {
  /** Upper-case method. */
  method: string;
  /** Whether the request carries an `Idempotency-Key`. */
  keyed: boolean;
  retry: ResolvedRetryOptions;
  catalog: Catalog | undefined;
};

/**
 * Whether a failure may be retried, by what failed and the request's method:
 * a refused connection always (nothing was sent); a reset or timeout for a safe request;
 * a status when it is retryable and the request is safe or was refused with 429.
 */
export function mayRetry(failure: RetryableFailure, context: RetryContext): boolean {
  // With a key the server can tell a retry from a new request, so any method becomes safe.
  const safe = context.retry.methods.has(context.method) || context.keyed;
  switch (failure.reason) {
    case 'refused':
      return true;
    case 'reset':
    case 'timeout':
      return safe;
    case 'status': {
      const status = failure.status ?? failure.error.status;
      // A 429 is refused before any work is done, so even a POST is safe to send again.
      return statusRetryable(failure.error, status, context) && (safe || status === 429);
    }
  }
}

function statusRetryable(error: ApiError, status: number, context: RetryContext): boolean {
  const entry = context.catalog?.get(error.code);
  // A catalog entry that departs from its status's default knows better (a hard 429 quota).
  if (entry !== undefined && entry.retryable !== defaultRetryable(entry.status)) {
    return entry.retryable;
  }
  return context.retry.statuses.has(status);
}

/**
 * The wait before retry `n` (1 for the first): full jitter, or the server's `Retry-After` when
 * longer. `undefined` when `Retry-After` asks for more than `maxRetryAfter`: no retry then.
 */
export function retryDelay(
  n: number,
  failure: RetryableFailure,
  retry: ResolvedRetryOptions,
): number | undefined {
  const jitter = fullJitter(n, {
    baseMs: retry.baseDelayMs,
    capMs: retry.maxDelayMs,
    random: retry.random,
  });
  const after = failure.reason === 'status' ? failure.error.retryAfter : undefined;
  if (after === undefined) return jitter;
  // The server said when it can take the request again: sooner is pointless, and a wait
  // longer than the caller accepts is better handed back to the caller.
  if (after > retry.maxRetryAfter) return undefined;
  return Math.max(jitter, Math.ceil(after * 1000));
}

/** Bodies fetch can send again: everything but a stream (or an async iterable). */
export function resendable(body: unknown): boolean {
  return (
    body === undefined ||
    body === null ||
    typeof body === 'string' ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    (typeof URLSearchParams === 'function' && body instanceof URLSearchParams) ||
    (typeof FormData === 'function' && body instanceof FormData) ||
    (typeof Blob === 'function' && body instanceof Blob)
  );
}
