import type { ParameterizedContext } from 'koa';
import { negotiateFormat } from '../../formats/index.js';
import type { Format, FormatName } from '../../formats/types.js';
import type { KoaMiddleware } from './types.js';

/**
 * The property the middleware of `errata.format()` carries its pinned format under, so the 405
 * of a path answers in the format its route pins (as the route's own errors do).
 * @example (middleware as { [PINNED_FORMAT]?: Format })[PINNED_FORMAT]
 */
export const PINNED_FORMAT = Symbol('errata.format');

/** The pinned format of a request, by its context (nothing to clash with on `ctx.state`). */
const pinned = new WeakMap<object, Format>();

/**
 * The format `errata.format()` (or the 405 of a pinned path) pinned for a request, if any.
 * @example negotiateFormat({ route: pinnedFormat(ctx), app: 'envelope' })
 */
export function pinnedFormat(ctx: ParameterizedContext): Format | undefined {
  return pinned.get(ctx);
}

/**
 * Pin the format of a request's errors.
 * @example pinFormat(ctx, formats.stripe);
 */
export function pinFormat(ctx: ParameterizedContext, format: Format): void {
  pinned.set(ctx, format);
}

/**
 * The format a middleware function pins, if it is errata's `format()` middleware.
 * @example pinOf(errata.format('stripe')) // formats.stripe
 */
export function pinOf(handle: unknown): Format | undefined {
  if (typeof handle !== 'function') return undefined;
  return (handle as { [PINNED_FORMAT]?: Format })[PINNED_FORMAT];
}

/**
 * `errata.format()`: checks the format now, pins it for every request passing through.
 * @example router.get('/v1/legacy', formatMiddleware('stripe'), handler);
 */
export function formatMiddleware(format: FormatName | Format): KoaMiddleware {
  const resolved = negotiateFormat({ route: format });
  const middleware: KoaMiddleware = async function errataFormat(ctx, next) {
    pinned.set(ctx, resolved);
    await next();
  };
  // Tagged so notFound finds the pin of a route it answers 405 for.
  return Object.assign(middleware, { [PINNED_FORMAT]: resolved });
}
