/**
 * Idempotency-Key for Fastify 5 apps (with the errata/fastify plugin). Types only from fastify:
 * nothing of it loads at runtime.
 */
import type { FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import {
  createIdempotency,
  type IdempotencyOptions,
  type IdempotencyRequest,
} from './idempotency.js';
import { captureNode } from './node-response.js';
import type { StoredResponse } from './types.js';

/**
 * Options of `idempotencyFastify`: the engine's, plus the app's request-id header.
 * @example const options: FastifyIdempotencyOptions = { catalog, requestIdHeader: 'x-trace-id' };
 */
export type FastifyIdempotencyOptions = IdempotencyOptions & {
  /**
   * The app's request-id header, left out of stored responses (a replay carries its own id).
   * @default 'x-request-id'
   * @example requestIdHeader: 'x-trace-id'
   */
  requestIdHeader?: string | undefined;
};

const EMPTY = new Uint8Array(0);

/**
 * The engine's view of a Fastify request (`url` is the target as received, query included).
 * @example engine.begin(fastifyRequest(request), bodyBytes(request))
 */
export function fastifyRequest(request: FastifyRequest): IdempotencyRequest {
  return {
    method: request.method,
    path: request.url,
    header: (name) => request.headers[name],
  };
}

/**
 * The bytes fingerprinted: the raw body when a plugin kept it (`request.rawBody`, as
 * fastify-raw-body does), a string or Buffer body as is, else the JSON of the parsed body.
 * Fastify's parser drained the stream before `preHandler`, and errata's JSON parser keeps no
 * copy: the parsed value (after schema validation, which may coerce or strip it) stands for it,
 * as `req.body` does for Express parsers.
 * @example const body = bodyBytes(request); // throws for a body JSON cannot spell
 */
export function bodyBytes(request: FastifyRequest): Uint8Array {
  const raw = (request as FastifyRequest & { rawBody?: unknown }).rawBody;
  if (typeof raw === 'string') return Buffer.from(raw, 'utf8');
  if (raw instanceof Uint8Array) return raw;
  const body: unknown = request.body;
  if (body === undefined) return EMPTY;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return body;
  return Buffer.from(JSON.stringify(body) ?? '', 'utf8');
}

/**
 * Send a stored response through the reply (so headers set earlier, such as the rate limiter's,
 * stay and `onSend` hooks run) as a Buffer: Fastify neither serializes it nor changes the stored
 * `Content-Type`, and sets `Content-Length` itself.
 * @example if (begun.kind === 'replay') replayFastify(reply, begun.response);
 */
export function replayFastify(reply: FastifyReply, response: StoredResponse): void {
  reply.code(response.status);
  for (const name of Object.keys(response.headers)) {
    reply.header(name, response.headers[name]);
  }
  reply.header('idempotent-replayed', 'true');
  const { body } = response;
  // An empty Buffer would get `application/octet-stream` when no type was stored.
  if (body.byteLength === 0) reply.send();
  else reply.send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
}

/**
 * A Fastify `preHandler` hook honouring `Idempotency-Key` on the routes it is added to.
 *
 * The first request with a key runs and its answer (2xx, or a 4xx, errors errata's error handler
 * renders included) is stored; the same request again gets it replayed with
 * `Idempotent-Replayed: true` without running the handler; the key with another request is a
 * 422, while the first still runs a 409 with `Retry-After`, no key where `required` a 400.
 * Refusals go to errata's error handler. It runs after `onRequest` rate limiting and after the
 * body was parsed and validated (a validation error stores nothing); the fingerprint takes the
 * parsed body's JSON (see `bodyBytes`). The answer is copied as it is written to `reply.raw`
 * (strings, Buffers and streams alike, up to `maxResponseBytes`) and stored before its last
 * byte goes out; one that closes unfinished releases the key, one past `maxResponseBytes` keeps
 * it claimed until its lease ends. Requests of other methods cost one Set lookup.
 * @example
 * await app.register(errataFastify, { catalog });
 * app.addHook('preHandler', idempotencyFastify({ catalog, methods: ['POST', 'PATCH'] }));
 */
export function idempotencyFastify(options: FastifyIdempotencyOptions): preHandlerHookHandler {
  const engine = createIdempotency(options);
  const idHeader = (options.requestIdHeader ?? 'x-request-id').toLowerCase();
  // Callback style, not async: an uncovered request goes on without a promise.
  return function errataIdempotency(request, reply, done) {
    if (!engine.covers(request.method)) {
      done();
      return;
    }
    let body: Uint8Array;
    try {
      body = bodyBytes(request);
    } catch (error) {
      done(error as Error); // a body JSON cannot spell (a BigInt from a custom parser)
      return;
    }
    engine.begin(fastifyRequest(request), body).then(
      (begun) => {
        switch (begun.kind) {
          case 'pass':
            done();
            return;
          case 'refuse':
            done(begun.error);
            return;
          case 'replay':
            // Answered here: the hook chain and the handler stop (done is not called).
            try {
              replayFastify(reply, begun.response);
            } catch (error) {
              // A stored header Node refuses (a store written by something else): a 500, not
              // an unhandled rejection.
              done(error as Error);
            }
            return;
          case 'run':
            captureNode(reply.raw, begun.run, idHeader);
            done();
            return;
        }
      },
      // A throwing `fingerprint` or `scope` option: errata's error handler answers 500.
      (error: unknown) => done(error as Error),
    );
  };
}
