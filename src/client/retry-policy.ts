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
 * a status when it is retryable and the request is safe or was refused with 429; a 409 saying
 * an earlier attempt with the request's `Idempotency-Key` is still running (`inFlight`).
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
      // Whatever `statuses` says: the key is the server's promise that asking again returns the
      // one execution's answer, and only asking again (after its Retry-After) gets it.
      if (status === 409 && context.keyed && inFlight(failure.error, context.catalog)) return true;
      // A 429 is refused before any work is done, so even a POST is safe to send again.
      return statusRetryable(failure.error, status, context) && (safe || status === 429);
    }
  }
}

/**
 * errata's `idempotency_in_flight` in any code case: the google format sends
 * `IDEMPOTENCY_IN_FLIGHT`, a catalog may spell it `idempotencyInFlight`.
 */
const IN_FLIGHT = /^idempotency[-_]?in[-_]?flight$/i;

/**
 * Whether a 409 to a keyed request means "an earlier attempt with this key is still running":
 * errata's `idempotency_in_flight` code, or any 409 the server marks retryable (a catalog may give
 * the role a code of its own). With a catalog entry for the code, its `retryable` decides alone
 * (the parsed error already carries it): a plain conflict is never retried.
 */
function inFlight(error: ApiError, catalog: Catalog | undefined): boolean {
  if (catalog?.get(error.code) !== undefined) return error.retryable;
  return error.retryable || IN_FLIGHT.test(error.code);
}

function statusRetryable(error: ApiError, status: number, context: RetryContext): boolean {
  const said =
    context.catalog === undefined ? undefined : catalogRetryable(context.catalog, error, status);
  // A catalog that departs from its status's default knows better (a hard 429 quota, a 500 it
  // marks retryable); one that agrees with it leaves the decision to `retry.statuses`.
  if (said !== undefined && said.retryable !== defaultRetryable(said.status)) return said.retryable;
  return context.retry.statuses.has(status);
}

/**
 * The catalog's word on retrying an error: the entry of its code; else, when the body named no
 * code the catalog knows (`{"message"}` only, HTML, an unknown code), the entries of the response
 * status when they all agree (undefined when they disagree or there are none). Codes reported
 * elsewhere (`reported: true`) never come back as a response, so they do not count.
 */
export function catalogRetryable(
  catalog: Catalog,
  error: ApiError,
  status: number,
): { retryable: boolean; status: number } | undefined {
  const entry = catalog.get(error.code);
  if (entry !== undefined) return { retryable: entry.retryable, status: entry.status };
  let retryable: boolean | undefined;
  for (const e of catalog.entries()) {
    if (e.status !== status || e.reported) continue;
    if (retryable === undefined) retryable = e.retryable;
    else if (retryable !== e.retryable) return undefined;
  }
  return retryable === undefined ? undefined : { retryable, status };
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
