import type { NotFoundHandler } from 'hono';
import { BAD_ENCODING_MESSAGE, hasBadEncoding } from '../router.js';
import type { Settings } from '../settings.js';
import { pathOf, targetOf } from '../web-target.js';
import { allowOf, pinOf, type RoutedApp } from './allow.js';
import type { Responder } from './responder.js';

/**
 * `errata.notFound(app)`: 404, or 405 with `Allow` (204 for OPTIONS) for a known path; a catalog
 * that switched 405 off gets the 404 for the known path's other methods too.
 */
export function notFoundHandler(
  settings: Settings,
  responder: Responder,
  app: RoutedApp,
): NotFoundHandler {
  const { catalog } = settings;
  const header = settings.requestId.header;
  const { errorResponse } = responder;
  return (c) => {
    // With 405 switched off, a known path's other methods answer like an unknown path.
    const allow =
      catalog.roles.method_not_allowed === undefined && c.req.method !== 'OPTIONS'
        ? undefined
        : allowOf(app, c.req.path);
    if (allow !== undefined && hasBadEncoding(pathOf(targetOf(c.req.url)))) {
      // A route of another method matches: the params cannot be decoded whatever the method.
      return errorResponse(
        c,
        catalog.roleError('invalid_request', { message: BAD_ENCODING_MESSAGE }),
      );
    }
    if (allow === undefined) {
      const path = pathOf(targetOf(c.req.url)).slice(0, 200);
      const message = `No route matches ${c.req.method} ${path}.`;
      return errorResponse(c, catalog.roleError('not_found', { message }));
    }
    if (c.req.method === 'OPTIONS') {
      const requestId = responder.requestIdOf(c);
      return new Response(null, { status: 204, headers: { allow, [header]: requestId } });
    }
    // The 405 renders in the format the path's route pins, like the route's own errors.
    if (c.get('errataFormat') === undefined) {
      const pin = pinOf(app, c.req.path, allow.split(', '));
      if (pin !== undefined) c.set('errataFormat', pin);
    }
    return errorResponse(
      c,
      catalog.roleError('method_not_allowed', {
        message: `${c.req.method} is not allowed here; use ${allow}.`,
        headers: { allow },
      }),
    );
  };
}
