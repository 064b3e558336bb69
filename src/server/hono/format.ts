import type { MiddlewareHandler } from 'hono';
import { negotiateFormat } from '../../formats/index.js';
import type { Format, FormatName } from '../../formats/types.js';
import { PINNED_FORMAT } from './allow.js';
import type { ErrataEnv } from './options.js';
import type { Responder } from './responder.js';

/** `errata.format(…)`: checks the format now, pins it for the requests passing through. */
export function formatMiddleware(
  pinned: FormatName | Format,
  responder: Responder,
): MiddlewareHandler<ErrataEnv> {
  negotiateFormat({ route: pinned }); // a wrong name fails at start-up
  const middleware: MiddlewareHandler<ErrataEnv> = async function errataFormat(c, next) {
    c.set('errataFormat', pinned);
    try {
      await next();
    } catch (error) {
      // Hono hands only Errors to onError; anything else thrown is answered here, where the
      // pin is known (behind `errata.fetch`, no errata middleware would see it with a context).
      if (error instanceof Error) throw error;
      c.res = responder.errorResponse(c, error);
    }
  };
  // Tagged so notFound finds the pin of a route it answers 405 for.
  return Object.assign(middleware, { [PINNED_FORMAT]: pinned });
}
