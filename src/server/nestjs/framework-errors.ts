import type { ArgumentsHost } from '@nestjs/common';

// Fastify answers some requests before routing (a malformed percent-encoding, a path parameter
// over `maxParamLength`) through its `frameworkErrors` option, with an error handler of its own
// made before Nest's exists: Nest's filters never see them. errata's filter does when the
// adapter is given `errataFrameworkErrors`.

/**
 * Where the module leaves its answer on the Fastify instance (a decoration).
 * @example fastify.decorate(FRAMEWORK_ANSWER, answer);
 */
export const FRAMEWORK_ANSWER = Symbol.for('errata.nestjs.frameworkAnswer');

/**
 * The module's answer to an error raised before routing.
 * @example const answer: FrameworkAnswer = (error, request, reply) => filter.catch(error, httpHost(request, reply));
 */
export type FrameworkAnswer = (error: unknown, request: unknown, reply: unknown) => void;

/**
 * An ArgumentsHost of an HTTP request, for calling the filter outside Nest.
 * @example filter.catch(error, httpHost(request, reply));
 */
export function httpHost(request: unknown, reply: unknown): ArgumentsHost {
  const args = [request, reply];
  const host = {
    getType: () => 'http',
    getArgs: () => args,
    getArgByIndex: (index: number) => args[index],
    switchToHttp: () => ({
      getRequest: () => request,
      getResponse: () => reply,
      getNext: () => undefined,
    }),
    switchToRpc: () => {
      throw new TypeError('errata: not an RPC context.');
    },
    switchToWs: () => {
      throw new TypeError('errata: not a websocket context.');
    },
  };
  return host as unknown as ArgumentsHost;
}

/** What errata reads of the request and reply Fastify hands `frameworkErrors`. */
type FrameworkRequest = { server?: object };
type FrameworkReply = { code(status: number): { send(payload?: unknown): unknown } };

/**
 * A `frameworkErrors` option for Nest's `FastifyAdapter`: the errors Fastify raises before
 * routing (a malformed percent-encoding, a path parameter over `maxParamLength`) answered by
 * errata's filter (400 `invalid_request`, or 404 when no route could match) instead of
 * Fastify's bare JSON. Before the module initialised, Fastify's own answer.
 * @example new FastifyAdapter({ frameworkErrors: errataFrameworkErrors })
 */
export function errataFrameworkErrors(
  error: Error & { statusCode?: number },
  request: FrameworkRequest,
  reply: FrameworkReply,
): void {
  const answer = (request.server as Record<symbol, unknown> | undefined)?.[FRAMEWORK_ANSWER];
  if (typeof answer === 'function') {
    (answer as FrameworkAnswer)(error, request, reply);
    return;
  }
  reply.code(error.statusCode ?? 400).send(error);
}
