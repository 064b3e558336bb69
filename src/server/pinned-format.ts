/**
 * A route's pinned error format on the routers errata sits beside (Express, Koa): the
 * `errata.format()` middleware tags itself with the format, so a 405 for its path finds it, and
 * pins it on each request it passes (keyed by the request, or Koa's context).
 */
import type { Format } from '../formats/types.js';

/**
 * The property errata's `format()` middleware carries its format under.
 * @example (middleware as { [PINNED_FORMAT]?: Format })[PINNED_FORMAT]
 */
export const PINNED_FORMAT = Symbol('errata.format');

/** Pinned formats by request (a WeakMap: nothing to clash with on the framework's objects). */
const pinned = new WeakMap<object, Format>();

/**
 * The format pinned for a request (by `format()`, or by the 405 of a pinned path), if any.
 * @example negotiateFormat({ route: pinnedFormat(req), app: 'envelope' })
 */
export function pinnedFormat(request: object): Format | undefined {
  return pinned.get(request);
}

/**
 * Pin the format of a request's errors.
 * @example pinFormat(req, formats.stripe);
 */
export function pinFormat(request: object, format: Format): void {
  pinned.set(request, format);
}

/**
 * The format a middleware function pins, if it is errata's `format()` middleware.
 * @example pinOf(errata.format('stripe')) // formats.stripe
 */
export function pinOf(handle: unknown): Format | undefined {
  if (typeof handle !== 'function') return undefined;
  return (handle as { [PINNED_FORMAT]?: Format })[PINNED_FORMAT];
}
