import type { RequestHandler } from 'express';
import { negotiateFormat } from '../../formats/index.js';
import type { Format, FormatName } from '../../formats/types.js';
import { PINNED_FORMAT, pinFormat } from '../pinned-format.js';

export { pinFormat, pinnedFormat } from '../pinned-format.js';

/** `errata.format()`: checks the format now, pins it for every request passing through. */
export function formatMiddleware(format: FormatName | Format): RequestHandler {
  const resolved = negotiateFormat({ route: format });
  const middleware: RequestHandler = function errataFormat(req, _res, next) {
    pinFormat(req, resolved);
    next();
  };
  // Tagged so methodNotAllowed finds the pin of a route it answers 405 for.
  return Object.assign(middleware, { [PINNED_FORMAT]: resolved });
}
