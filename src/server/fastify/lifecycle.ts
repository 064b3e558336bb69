import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { Catalog } from '../../catalog-types.js';
import { decodeJsonBody, isJsonContentType } from '../json.js';

// Pieces of the errata/fastify plugin: its JSON body parser and its route handler guard.

/**
 * errata's JSON content-type parser (`parseAs: 'buffer'`): prototype-safe (`safeJsonParse`),
 * UTF-8 only (415 for another charset, 400 for invalid bytes), 400 when empty or malformed.
 */
export function jsonParser(catalog: Catalog) {
  return (
    request: FastifyRequest,
    body: Buffer,
    next: (error: Error | null, value?: unknown) => void,
  ) => {
    if (!isJsonContentType(request.headers['content-type'])) {
      next(
        catalog.roleError('unsupported_media_type', {
          message: 'The request body must be sent as application/json (UTF-8).',
        }),
      );
      return;
    }
    let value: unknown;
    try {
      value = decodeJsonBody(body, catalog);
    } catch (error) {
      next(error as Error);
      return;
    }
    next(null, value);
  };
}

/** `application/<anything>+json`, the structured-syntax JSON types (RFC 6839). */
export const JSON_SUFFIX = /^application\/[a-z0-9!#$&^_.-]+\+json(?:;|$)/;

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
