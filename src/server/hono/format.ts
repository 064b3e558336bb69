import type { MiddlewareHandler } from 'hono';
import { negotiateFormat } from '../../formats/index.js';
import type { Format, FormatName } from '../../formats/types.js';
import { PINNED_FORMAT } from './allow.js';
import type { ErrataEnv } from './options.js';

/** `errata.format(…)`: checks the format now, pins it for the requests passing through. */
export function formatMiddleware(pinned: FormatName | Format): MiddlewareHandler<ErrataEnv> {
  negotiateFormat({ route: pinned }); // a wrong name fails at start-up
  const middleware: MiddlewareHandler<ErrataEnv> = async function errataFormat(c, next) {
    c.set('errataFormat', pinned);
    await next();
  };
  // Tagged so notFound finds the pin of a route it answers 405 for.
  return Object.assign(middleware, { [PINNED_FORMAT]: pinned });
}
