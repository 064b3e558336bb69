/** Longest delay one `setTimeout` honours (about 24.8 days); a longer one would fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * Wait `ms` milliseconds, past MAX_TIMER_MS too (Infinity waits MAX_TIMER_MS). An abort rejects
 * at once with the signal's reason and clears the timer, so a cancelled request never sits out
 * its backoff.
 * @example await sleep(250, signal);
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    if (!(ms > 0)) {
      // No wait: a timer would still cost a turn of the event loop (at least 1 ms in Node).
      resolve();
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    // One timer holds at most MAX_TIMER_MS: a longer finite wait (a Retry-After of weeks, when
    // the caller accepts it) is a chain of them, or it would end early. Infinity waits one timer:
    // a sleep that never ends would only hang its caller.
    const wait = (left: number) => {
      timer = setTimeout(
        () => {
          if (left > MAX_TIMER_MS) return wait(left - MAX_TIMER_MS);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.min(left, MAX_TIMER_MS),
      );
    };
    wait(Number.isFinite(ms) ? ms : MAX_TIMER_MS);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
