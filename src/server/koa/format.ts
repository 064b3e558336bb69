import { negotiateFormat } from '../../formats/index.js';
import type { Format, FormatName } from '../../formats/types.js';
import { PINNED_FORMAT, pinFormat } from '../pinned-format.js';
import type { KoaMiddleware } from './types.js';

export { pinFormat, pinnedFormat, pinOf } from '../pinned-format.js';

/**
 * `errata.format()`: checks the format now, pins it for every request passing through.
 * @example router.get('/v1/legacy', formatMiddleware('stripe'), handler);
 */
export function formatMiddleware(format: FormatName | Format): KoaMiddleware {
  const resolved = negotiateFormat({ route: format });
  const middleware: KoaMiddleware = async function errataFormat(ctx, next) {
    pinFormat(ctx, resolved);
    await next();
  };
  // Tagged so notFound finds the pin of a route it answers 405 for.
  return Object.assign(middleware, { [PINNED_FORMAT]: resolved });
}
