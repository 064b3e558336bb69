import type { IncomingMessage } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type RequestIdOptions, requestIdOptions, resolveRequestId } from '../request-id.js';

// What errata offers for the options of `Fastify({ … })` itself: the request id Fastify logs,
// and the errors Fastify raises before any plugin or route sees the request.

/**
 * Where a request's resolved id is kept, on the raw request: by the plugin's step on an attached
 * server (before Fastify sees the request), by `errataGenReqId()`, or by the plugin when neither
 * ran. Whichever runs first decides, so Fastify's `request.id`, `request.requestId` and
 * `X-Request-ID` agree. A symbol property, not a WeakMap: a map entry per request cost more than
 * the rest of the id handling.
 */
const REQUEST_ID = Symbol('errata.requestId');

type WithId = IncomingMessage & { [REQUEST_ID]?: string };

/**
 * The id resolved for a request, if one was.
 * @example genReqIdOf(request.raw) // 'req_…' or undefined
 */
export function genReqIdOf(req: IncomingMessage): string | undefined {
  return (req as WithId)[REQUEST_ID];
}

/**
 * Remember a request's id.
 * @example rememberId(request.raw, 'req_abc');
 */
export function rememberId(req: IncomingMessage, id: string): void {
  (req as WithId)[REQUEST_ID] = id;
}

/**
 * A `genReqId` server option that resolves the request id the way the plugin does (the caller's
 * safe `X-Request-ID`, else a generated one), so Fastify's `request.id` and the `reqId` of its
 * pino log lines equal the `X-Request-ID` errata sends. Pass the same `requestId` options as to
 * the plugin.
 * @example const app = Fastify({ logger: true, genReqId: errataGenReqId() });
 */
export function errataGenReqId(options?: RequestIdOptions): (req: IncomingMessage) => string {
  const resolved = requestIdOptions(options);
  return (req) => {
    // On a server the plugin attached to, its step resolved the id (and sent it) already.
    const known = (req as WithId)[REQUEST_ID];
    if (known !== undefined) return known;
    const id = resolveRequestId(req.headers[resolved.header], resolved);
    (req as WithId)[REQUEST_ID] = id;
    return id;
  };
}

/**
 * A `frameworkErrors` server option answering the errors Fastify raises before routing (a
 * malformed percent-encoding, a path parameter over `maxParamLength`, a failed async
 * constraint) through errata, instead of Fastify's bare JSON without `X-Request-ID`.
 * @example const app = Fastify({ frameworkErrors: errataFrameworkErrors });
 */
export function errataFrameworkErrors(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const errata = (request.server as Partial<FastifyInstance>).errata;
  if (errata === undefined) {
    reply.code(error.statusCode ?? 500).send({ code: error.code, message: error.message });
    return;
  }
  errata.sendError(error, request, reply);
}
