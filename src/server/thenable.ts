/**
 * Whether a value is a promise (or any thenable) to wait for: the routers answer a synchronous
 * handler without one.
 * @example if (isThenable(reply)) return reply.then(finish);
 */
export function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
