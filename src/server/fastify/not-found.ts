import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Catalog } from '../../catalog-types.js';
import { splitTarget } from '../router.js';
import type { Responder } from './responder.js';
import { allowOf, type KnownRoutes, pinOf } from './routes.js';

/**
 * The not-found handler: 404, or 405 with `Allow` (204 for OPTIONS) for a known path; a catalog
 * that switched 405 off gets the 404 for the known path's other methods too.
 */
export function notFoundHandler(
  fastify: FastifyInstance,
  catalog: Catalog,
  known: KnownRoutes,
  responder: Responder,
): (request: FastifyRequest, reply: FastifyReply) => void {
  const { sendError } = responder;
  return (request, reply) => {
    const method = request.method;
    const path = splitTarget(request.url)?.path ?? request.url;
    // A route of this very method matches: it sent the request here with `reply.callNotFound()`
    // (it declined the path), so the path is unknown: 404, not 405.
    const declined = fastify.findRoute({ method, url: request.url }) !== null;
    // With 405 switched off, a known path's other methods answer like an unknown path.
    const hidden = catalog.roles.method_not_allowed === undefined && method !== 'OPTIONS';
    const allow = declined || hidden ? undefined : allowOf(fastify, known, request.url);
    if (allow === undefined) {
      sendError(
        catalog.roleError('not_found', {
          message: `No route matches ${method} ${path.slice(0, 200)}.`,
        }),
        request,
        reply,
      );
      return;
    }
    if (method === 'OPTIONS') {
      reply.code(204).header('allow', allow).send();
      return;
    }
    // The 405 renders in the format the path's route pins, like the route's own errors.
    const pin = pinOf(fastify, known, request.url, allow.split(', '));
    if (pin !== undefined) responder.pinFormat(request, pin);
    sendError(
      catalog.roleError('method_not_allowed', {
        message: `${method} is not allowed here; use ${allow}.`,
        headers: { allow },
      }),
      request,
      reply,
    );
  };
}
