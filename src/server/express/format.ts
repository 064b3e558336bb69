import type { Request, RequestHandler } from 'express';
import { negotiateFormat } from '../../formats/index.js';
import type { Format, FormatName } from '../../formats/types.js';
import { PINNED_FORMAT } from './allow.js';

/** The pinned format of a request (a WeakMap: nothing to clash with on `req`). */
const pinned = new WeakMap<object, Format>();

/** The format `errata.format()` (or a 405 of a pinned path) pinned for a request, if any. */
export function pinnedFormat(req: Request): Format | undefined {
  return pinned.get(req);
}

/** Pin the format of a request's errors. */
export function pinFormat(req: Request, format: Format): void {
  pinned.set(req, format);
}

/** `errata.format()`: checks the format now, pins it for every request passing through. */
export function formatMiddleware(format: FormatName | Format): RequestHandler {
  const resolved = negotiateFormat({ route: format });
  const middleware: RequestHandler = function errataFormat(req, _res, next) {
    pinned.set(req, resolved);
    next();
  };
  // Tagged so methodNotAllowed finds the pin of a route it answers 405 for.
  return Object.assign(middleware, { [PINNED_FORMAT]: resolved });
}
