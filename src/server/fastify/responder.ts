import { type ServerResponse, validateHeaderName, validateHeaderValue } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError } from '../../api-error.js';
import { negotiateFormat } from '../../formats/index.js';
import type { Format, FormatName, RenderedError } from '../../formats/types.js';
import { mergeVary, withVary } from '../../vary.js';
import { lingerOnClose } from '../linger.js';
import { nodeRequestLanguage } from '../preferred-locale.js';
import { answerWithFallback } from '../render-fallback.js';
import { resolveRequestId, setRequestIdHeaders } from '../request-id.js';
import { abort, bare500, canRespond } from '../respond.js';
import { BAD_ENCODING_MESSAGE, escapeBadEncoding, hasBadEncoding, splitTarget } from '../router.js';
import {
  type ErrorInfo,
  failure,
  isRepresentationHeader,
  renderContext,
  reportError,
  type Settings,
} from '../settings.js';
import { fastifyApiError } from './errors.js';
import type { ErrataRouteConfig } from './options.js';
import { allowOf, type KnownRoutes } from './routes.js';
import { genReqIdOf, rememberId } from './server-options.js';

/** How one plugin instance identifies requests and answers them with errors. */
export type Responder = {
  /** The request's id, resolved now when the `onRequest` hook did not run. */
  requestIdOf(request: FastifyRequest): string;
  /** Remember a request's id (an assignment to `request.requestId`). */
  setRequestId(request: FastifyRequest, id: string): void;
  /** Put the id in the response's header, unless the response started. */
  setIdHeader(res: ServerResponse, id: string): void;
  infoOf(request: FastifyRequest, requestId: string): ErrorInfo;
  /** Answer with the error (or cut a response already started); never throws. */
  sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): void;
  /** Render a request answered outside its route (a 405 of a pinned path) in this format. */
  pinFormat(request: FastifyRequest, format: FormatName | Format): void;
};

/** Write a rendered error; false when a header is invalid (nothing was written then). */
/** The serializer of an error body: already the bytes to send. */
const asIs = (body: unknown): string => body as string;

function write(reply: FastifyReply, rendered: RenderedError): boolean {
  // A `Vary` set before (CORS's `Origin`, through `reply.header` or on `reply.raw`) stays, merged.
  const headers = withVary(
    rendered.headers,
    mergeVary(reply.raw.getHeader('vary'), reply.getHeader('vary')),
  );
  const names = Object.keys(headers);
  try {
    for (const name of names) {
      validateHeaderName(name);
      validateHeaderValue(name, headers[name] as string);
    }
  } catch {
    return false;
  }
  lingerOnClose(reply.request.raw);
  reply.code(rendered.status);
  for (const name of names) reply.header(name, headers[name]);
  // Fastify appends `; charset=utf-8` to a JSON content type unless a serializer handles the
  // string: the identity one keeps the format's type as is. (A Buffer did too, but Node then
  // writes the head and the body as two chunks: ~5 µs more a response.)
  reply.serializer(asIs).send(rendered.body);
  return true;
}

/** The error responder of the plugin: negotiates the format and renders every error Fastify hands it. */
export function createResponder(
  fastify: FastifyInstance,
  settings: Settings,
  known: KnownRoutes,
): Responder {
  const { catalog } = settings;
  const header = settings.requestId.header;
  /** The format pinned for a request answered outside its route (a 405 of a pinned path). */
  const pinnedFor = new WeakMap<FastifyRequest, FormatName | Format>();

  const requestIdOf = (request: FastifyRequest): string => {
    const known = genReqIdOf(request.raw);
    if (known !== undefined) return known;
    const id = resolveRequestId(request.headers[header], settings.requestId);
    rememberId(request.raw, id);
    return id;
  };

  const setIdHeader = (res: ServerResponse, id: string) => setRequestIdHeaders(res, header, id);

  const infoOf = (request: FastifyRequest, requestId: string): ErrorInfo => ({
    requestId,
    method: request.method,
    url: request.raw.url ?? request.url,
  });

  const formatOf = (request: FastifyRequest): Format => {
    const config = request.routeOptions.config as { errata?: ErrataRouteConfig } | undefined;
    return negotiateFormat({
      route: config?.errata?.format ?? pinnedFor.get(request),
      app: settings.format,
      accept: settings.negotiate ? request.headers.accept : undefined,
    });
  };

  /**
   * A path Fastify refused for its percent-encoding (FST_ERR_BAD_URL, before routing): 400
   * `invalid_request` with the message every adapter uses when a route matches it (the bad
   * segment fills a param), else 404 like any unknown path. Undefined for other errors.
   */
  const badUrlError = (error: unknown, request: FastifyRequest): ApiError | undefined => {
    if ((error as { code?: unknown } | null)?.code !== 'FST_ERR_BAD_URL') return undefined;
    const target = splitTarget(request.raw.url ?? request.url);
    if (target === undefined || !hasBadEncoding(target.path)) return undefined;
    if (allowOf(fastify, known, escapeBadEncoding(target.path)) !== undefined) {
      return catalog.roleError('invalid_request', { message: BAD_ENCODING_MESSAGE });
    }
    return catalog.roleError('not_found', {
      message: `No route matches ${request.method} ${target.path.slice(0, 200)}.`,
    });
  };

  const sendError = (error: unknown, request: FastifyRequest, reply: FastifyReply): void => {
    const requestId = requestIdOf(request);
    const info = infoOf(request, requestId);
    const res = reply.raw;
    if (!canRespond(res) || reply.sent) {
      // Too late for an answer: report and cut the response so it cannot pass for complete.
      reportError(settings.onError, error, info);
      abort(res);
      return;
    }
    try {
      setIdHeader(res, requestId);
      let mapped: ApiError | undefined;
      try {
        mapped = badUrlError(error, request) ?? fastifyApiError(error, catalog);
      } catch {
        mapped = undefined; // a thrown value whose getters throw: the generic 500
      }
      const apiError = failure(mapped ?? error, settings, info);
      // Headers describing the success body do not belong to the error; the others (CORS,
      // cookies, security headers) stay. Set through `reply.header` or on `reply.raw`.
      for (const name of Object.keys(reply.getHeaders())) {
        if (isRepresentationHeader(name, header)) {
          reply.removeHeader(name);
          res.removeHeader(name);
        }
      }
      const path = splitTarget(request.url)?.path;
      const language = nodeRequestLanguage(request.raw, request);
      const context = renderContext(settings, formatOf(request), requestId, path, language);
      answerWithFallback(
        settings,
        info,
        apiError,
        context,
        (rendered) => {
          if (!write(reply, rendered)) throw new TypeError('errata: invalid header on an error');
        },
        () => bare500(res),
      );
    } catch (renderFailure) {
      reportError(settings.onError, renderFailure, info);
      bare500(res);
    }
  };

  return {
    requestIdOf,
    setRequestId: (request, id) => rememberId(request.raw, id),
    setIdHeader,
    infoOf,
    sendError,
    pinFormat: (request, format) => pinnedFor.set(request, format),
  };
}
