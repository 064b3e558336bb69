import { type ApiError, isApiError } from '../api-error.js';
import type { RetryReason } from './budget.js';
import { classifyFetchError, networkError, oversizedResponse } from './network-error.js';
import { fetchFollowing, type RedirectSpec } from './redirect.js';
import { responseError } from './response-error.js';
import { MAX_TIMER_MS } from './sleep.js';

/** The fetch a client calls: the global one, or any WHATWG-compatible function. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** A failed attempt: the error, why it failed, and the response status if there was one. */
export type AttemptFailure = {
  ok: false;
  error: ApiError;
  reason: RetryReason | 'deadline';
  status: number | undefined;
};

/** What one attempt came to. */
export type AttemptOutcome<T> = { ok: true; value: T } | AttemptFailure;

/** Everything one attempt needs; the same object serves every attempt of a call. */
export type AttemptSpec<T> = {
  fetch: FetchLike;
  url: string;
  method: string;
  /** fetch options without method, headers and signal. */
  init: RequestInit;
  headers: Headers;
  /** How redirects are followed; undefined leaves them to `init.redirect` (`'manual'`). */
  redirects: RedirectSpec | undefined;
  /** The caller's signal: its abort rejects the call with its reason. */
  caller: AbortSignal | undefined;
  timeoutMs: number;
  /** Epoch ms when the whole call must be over (Infinity for none). */
  deadlineAt: number;
  /** Turns a response below 400 into the call's value (reading the body or not). */
  consume: (response: Response) => Promise<T>;
  /** Turns an error response into its ApiError; must honour `signal`. */
  parse: (response: Response, signal: AbortSignal) => Promise<ApiError>;
};

/**
 * One attempt: fetch, then consume a success or parse the error, all under one timer (the
 * attempt's timeout or the call's deadline, whichever comes first; redirects followed count in
 * it). Rejects only with the caller's abort reason, the ApiError of a response the client
 * refuses (`invalid_response`, `response_too_large`, a redirect), or what fetch threw when it was
 * no network failure; every other failure is returned, for the retry policy to judge.
 */
export async function runAttempt<T>(spec: AttemptSpec<T>): Promise<AttemptOutcome<T>> {
  const controller = new AbortController();
  const { signal, unlink } = link(spec.caller, controller);
  const remaining = spec.deadlineAt - Date.now();
  const fires: 'timeout' | 'deadline' = spec.timeoutMs <= remaining ? 'timeout' : 'deadline';
  const limit = Math.max(0, Math.min(spec.timeoutMs, remaining));
  let fired: 'timeout' | 'deadline' | undefined;
  const timer =
    limit <= MAX_TIMER_MS
      ? setTimeout(() => {
          fired = fires;
          const message =
            fires === 'timeout' ? 'The request timed out.' : 'The request deadline passed.';
          controller.abort(new DOMException(message, 'TimeoutError'));
        }, limit)
      : undefined;
  try {
    const { fetch, url, method, init, headers } = spec;
    const response = await fetchFollowing(
      { fetch, url, method, init, headers, signal },
      spec.redirects,
    );
    if (response.status < 400) return { ok: true, value: await spec.consume(response) };
    const error = await spec.parse(response, signal);
    return { ok: false, error, reason: 'status', status: response.status };
  } catch (thrown) {
    if (spec.caller?.aborted) throw spec.caller.reason;
    if (fired !== undefined) {
      return { ok: false, error: networkError(thrown, fired), reason: fired, status: undefined };
    }
    // An ApiError here is a response the client refused: the server answered, wrongly.
    if (isApiError(thrown)) throw thrown;
    if (oversizedResponse(thrown)) {
      throw responseError('response_too_large', {
        message: 'The response headers are larger than this runtime accepts.',
        cause: thrown,
      });
    }
    const kind = classifyFetchError(thrown);
    if (kind === undefined) throw thrown;
    return { ok: false, error: networkError(thrown, kind), reason: kind, status: undefined };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    unlink();
  }
}

const noop = () => {};

/** The caller's signal and the attempt's controller as one signal. */
function link(
  caller: AbortSignal | undefined,
  controller: AbortController,
): { signal: AbortSignal; unlink: () => void } {
  if (caller === undefined) return { signal: controller.signal, unlink: noop };
  if (typeof AbortSignal.any === 'function') {
    return { signal: AbortSignal.any([caller, controller.signal]), unlink: noop };
  }
  // Runtimes without AbortSignal.any: forward the abort, and stop listening after the attempt so
  // a long-lived signal does not collect one listener per request. (A body the caller reads after
  // `request` resolved is then no longer cancelled by it.)
  const forward = () => controller.abort(caller.reason);
  if (caller.aborted) forward();
  else caller.addEventListener('abort', forward, { once: true });
  return { signal: controller.signal, unlink: () => caller.removeEventListener('abort', forward) };
}
