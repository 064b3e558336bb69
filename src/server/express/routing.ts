import type { RequestHandler } from 'express';
import type { Catalog } from '../../catalog-types.js';
import { send } from '../respond.js';
import { allowScan, type RouterLike, stackOf } from './allow.js';
import { pinFormat, pinnedFormat } from './format.js';
import { pathOf } from './request.js';

// The middlewares mounted after the routes: what no route answered is a 405 or a 404.

/**
 * `errata.methodNotAllowed(router)`: 405 with `Allow` (204 for OPTIONS) for a known path; when
 * the catalog switched 405 off, other methods pass on to the next handler (the 404).
 */
export function methodNotAllowed(router: RouterLike, catalog: Catalog): RequestHandler {
  if (stackOf(router) === undefined) {
    throw new TypeError(
      'errata: methodNotAllowed() needs an Express app or router (something with a router stack).',
    );
  }
  return function errataMethodNotAllowed(req, res, next) {
    const stack = stackOf(router);
    const scan = stack === undefined ? undefined : allowScan(stack, req.path, req.method);
    if (scan === undefined) {
      next();
      return;
    }
    const list = scan.allow.join(', ');
    if (req.method === 'OPTIONS') {
      send(res, { status: 204, headers: { allow: list } });
      return;
    }
    // With 405 switched off, the path's other methods go on to the 404 like an unknown path.
    if (catalog.roles.method_not_allowed === undefined) {
      next();
      return;
    }
    // The 405 renders in the format the path's route pins, like the route's own errors.
    if (scan.format !== undefined && pinnedFormat(req) === undefined) pinFormat(req, scan.format);
    next(
      catalog.roleError('method_not_allowed', {
        message: `${req.method} is not allowed here; use ${list}.`,
        headers: { allow: list },
      }),
    );
  };
}

/** `errata.notFound`: 404 for whatever reaches it. */
export function notFound(catalog: Catalog): RequestHandler {
  return function errataNotFound(req, _res, next) {
    const path = pathOf(req) ?? '';
    next(
      catalog.roleError('not_found', {
        message: `No route matches ${req.method} ${path.slice(0, 200)}.`,
      }),
    );
  };
}
