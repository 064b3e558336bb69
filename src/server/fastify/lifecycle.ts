import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';

export { JSON_SUFFIX, jsonParser } from '../json-parser.js';

// Pieces of the errata/fastify plugin: its route handler guard (and the JSON body parser, shared
// with errata/nestjs from server/json-parser.ts).

type Handler = RouteOptions['handler'];

/**
 * Wrap a route handler so an error it throws (or rejects with) after the reply was sent reaches
 * onError (Fastify would only log it), and a stream it returns that fails after the headers went
 * out is reported too. Errors before the reply was sent go on to the error handler.
 */
export function guard(
  handler: Handler,
  afterSent: (error: unknown, request: FastifyRequest, reply: FastifyReply) => void,
): Handler {
  const watch = (value: unknown, request: FastifyRequest, reply: FastifyReply): unknown => {
    if (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as Readable).pipe === 'function' &&
      typeof (value as Readable).once === 'function'
    ) {
      (value as Readable).once('error', (error) => {
        // Before the headers, Fastify hands the error to the error handler itself.
        if (reply.raw.headersSent) afterSent(error, request, reply);
      });
    }
    return value;
  };
  return function errataGuard(this: FastifyInstance, request, reply) {
    let result: unknown;
    try {
      result = handler.call(this, request, reply);
    } catch (error) {
      if (reply.sent) {
        afterSent(error, request, reply);
        return undefined;
      }
      throw error;
    }
    if (
      typeof result === 'object' &&
      result !== null &&
      typeof (result as Promise<unknown>).then === 'function'
    ) {
      return (result as Promise<unknown>).then(
        (value) => watch(value, request, reply),
        (error: unknown) => {
          if (reply.sent) {
            afterSent(error, request, reply);
            return undefined;
          }
          throw error;
        },
      );
    }
    return watch(result, request, reply);
  } as Handler;
}
