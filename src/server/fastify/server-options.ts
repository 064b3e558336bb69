import type { IncomingMessage } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type RequestIdOptions, requestIdOptions, resolveRequestId } from '../request-id.js';

// What errata offers for the options of `Fastify({ … })` itself: the request id Fastify logs,
// and the errors Fastify raises before any plugin or route sees the request.

/** Ids `errataGenReqId()` resolved, so the plugin uses the very id Fastify logs. */
const resolvedIds = new WeakMap<IncomingMessage, string>();

/** The id `errataGenReqId()` gave a request, if it ran. */
export function genReqIdOf(req: IncomingMessage): string | undefined {
  return resolvedIds.get(req);
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
    const id = resolveRequestId(req.headers[resolved.header], resolved);
    resolvedIds.set(req, id);
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
