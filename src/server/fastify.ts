/**
 * errata/fastify: a Fastify 5 plugin applying errata's server rules to every route.
 *
 * `app.register(errataFastify, { catalog, format })` (not encapsulated, like fastify-plugin
 * plugins): every response carries `X-Request-ID` (also `request.requestId`); errors render in
 * the negotiated wire format through `setErrorHandler`; Fastify's own errors (FST_* codes, AJV
 * validation) become the catalog's; unknown routes answer 404 and known paths with another
 * method 405 with `Allow` through `setNotFoundHandler`; JSON bodies are parsed safely; route
 * schemas may be Standard Schemas (Zod, Valibot, ArkType).
 */
import {
  type IncomingMessage,
  type ServerResponse,
  validateHeaderName,
  validateHeaderValue,
} from 'node:http';
import type {
  FastifyError,
  FastifyInstance,
  FastifyPluginCallback,
  FastifyReply,
  FastifyRequest,
} from 'fastify';
import type { ApiError } from '../api-error.js';
import type { Catalog } from '../catalog-types.js';
import { negotiateFormat } from '../formats/index.js';
import type { Format, FormatName, RenderedError } from '../formats/types.js';
import { renderError } from '../render.js';
import type { StandardSchemaV1 } from '../standard-schema.js';
import { fastifyApiError } from './fastify-errors.js';
import { guard, JSON_SUFFIX, jsonParser } from './fastify-lifecycle.js';
import { takeStandardSchemas } from './fastify-schema.js';
import { type RequestIdOptions, requestIdOptions, resolveRequestId } from './request-id.js';
import { abort, canRespond } from './respond.js';
import { METHODS, splitTarget } from './router.js';
import {
  type ErrorInfo,
  failure,
  renderContext,
  reportError,
  type Settings,
  settingsOf,
} from './settings.js';
import { validate } from './validate.js';

export { DEFAULT_BODY_LIMIT, isJsonContentType, safeJsonParse } from './body.js';
export { fastifyApiError, validationFields } from './fastify-errors.js';
export { isStandardSchema, type StandardSchemaProvider } from './fastify-schema.js';
export { clientErrorHandler } from './node.js';
export {
  generateRequestId,
  isSafeRequestId,
  MAX_REQUEST_ID_LENGTH,
  type RequestIdOptions,
  resolveRequestId,
} from './request-id.js';
export type { ErrorInfo } from './settings.js';
export { type StatusErrorOptions, statusError } from './status-error.js';
export { issuesToFields, validate } from './validate.js';

/**
 * Options of the errata/fastify plugin. An option given as `undefined` takes its default, exactly
 * like one left out.
 */
export type ErrataFastifyOptions = {
  /**
   * The API's error catalog: its roles answer 404, 405, 413, 415, 400, 422 and 500.
   * @default the base catalog (errata's own codes)
   * @example catalog: defineCatalog({ errors: { secret_not_found: { status: 404, title: 'Secret not found' } } })
   */
  catalog?: Catalog | undefined;
  /**
   * Wire format of error bodies. A route may pin its own with
   * `config: { errata: { format } }`; otherwise a client sending
   * `Accept: application/problem+json` gets `problem`.
   * @default 'problem'
   * @example format: 'envelope'
   */
  format?: FormatName | Format | undefined;
  /**
   * Called with the original error for anything thrown that is not an ApiError (the client sees
   * a generic `internal_error`), for ApiErrors of status 500 and above, and for failures after
   * the response started. Errors thrown by the hook are ignored. To log through Fastify's
   * logger: `onError: (err, info) => app.log.error({ err, reqId: info.requestId }, 'request failed')`.
   * @default logs to `console.error` with the request id
   * @example onError: (error, { requestId, method, url }) => logger.error({ err: error, requestId, method, url })
   */
  onError?: ((error: unknown, info: ErrorInfo) => void) | undefined;
  /**
   * How request ids are read and made. Pass the same options to `errataGenReqId()` when Fastify's
   * logger should print the same id.
   * @default { header: 'x-request-id', trustIncoming: true, generate: generateRequestId }
   * @example requestId: { header: 'x-trace-id', trustIncoming: false }
   */
  requestId?: RequestIdOptions | undefined;
  /**
   * Largest JSON body accepted, in bytes (a positive integer); larger ones get 413. It is the
   * limit of errata's JSON parser; a route's own `bodyLimit` option wins over it.
   * @default 65536
   * @example bodyLimit: 1024 * 1024
   */
  bodyLimit?: number | undefined;
};

/** What a route may set under `config.errata`. */
export type ErrataRouteConfig = {
  /**
   * Wire format of this route's errors; wins over the app's format and over `Accept`.
   * @example app.get('/legacy', { config: { errata: { format: 'stripe' } } }, handler)
   */
  format?: FormatName | Format | undefined;
};

/** `app.errata`: the plugin's settings and helpers, for handlers and other plugins. */
export type ErrataFastify = {
  /** The catalog errors are raised from. */
  readonly catalog: Catalog;
  /**
   * Validate any value with a Standard Schema; rejects with the catalog's `validation_error`.
   * @example const input = await request.server.errata.validate(schema, request.body);
   */
  validate<S extends StandardSchemaV1>(
    schema: S,
    value: unknown,
  ): Promise<StandardSchemaV1.InferOutput<S>>;
  /**
   * Answer a request with an error the way the error handler does (format, request id,
   * onError for non-ApiErrors). For code outside the route lifecycle, e.g. `frameworkErrors`.
   */
  sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): void;
};

declare module 'fastify' {
  interface FastifyRequest {
    /** The id in this response's `X-Request-ID` (set by errata/fastify). */
    requestId: string;
  }
  interface FastifyContextConfig {
    /** errata/fastify options of this route. */
    errata?: ErrataRouteConfig | undefined;
  }
  interface FastifyInstance {
    /** errata/fastify's settings and helpers. */
    errata: ErrataFastify;
  }
}

/** Ids `errataGenReqId()` resolved, so the plugin uses the very id Fastify logs. */
const resolvedIds = new WeakMap<IncomingMessage, string>();

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

/** Headers of a success response that say nothing true about an error answering instead. */
const REPRESENTATION_HEADERS = [
  'etag',
  'last-modified',
  'location',
  'content-location',
  'content-disposition',
  'content-encoding',
  'content-language',
  'content-range',
  'accept-ranges',
  'expires',
];

const plugin: FastifyPluginCallback<ErrataFastifyOptions> = (fastify, options, done) => {
  let settings: Settings;
  try {
    settings = settingsOf(options);
  } catch (error) {
    done(error as Error);
    return;
  }
  if (fastify.hasRequestDecorator('requestId') || fastify.hasDecorator('errata')) {
    done(new Error('errata: the errata/fastify plugin is already registered on this instance.'));
    return;
  }
  const { catalog } = settings;
  const header = settings.requestId.header;
  /** Methods routes were registered with that METHODS does not list (custom ones). */
  const extraMethods = new Set<string>();

  const requestIdOf = (request: FastifyRequest): string => {
    if (request.requestId !== '' && request.requestId !== undefined) return request.requestId;
    const id =
      resolvedIds.get(request.raw) ?? resolveRequestId(request.headers[header], settings.requestId);
    request.requestId = id;
    return id;
  };

  const setIdHeader = (res: ServerResponse, id: string) => {
    if (res.headersSent) return;
    res.setHeader(header, id);
    if (header !== 'x-request-id') res.setHeader('x-request-id', id);
  };

  const infoOf = (request: FastifyRequest, requestId: string): ErrorInfo => ({
    requestId,
    method: request.method,
    url: request.raw.url ?? request.url,
  });

  const formatOf = (request: FastifyRequest): Format => {
    const config = request.routeOptions.config as { errata?: ErrataRouteConfig } | undefined;
    return negotiateFormat({
      route: config?.errata?.format,
      app: settings.format,
      accept: request.headers.accept,
    });
  };

  /** Write a rendered error; false when a header is invalid (nothing was written then). */
  const write = (reply: FastifyReply, rendered: RenderedError): boolean => {
    const names = Object.keys(rendered.headers);
    try {
      for (const name of names) {
        validateHeaderName(name);
        validateHeaderValue(name, rendered.headers[name] as string);
      }
    } catch {
      return false;
    }
    reply.code(rendered.status);
    for (const name of names) reply.header(name, rendered.headers[name]);
    // A Buffer keeps the format's content type as is (Fastify adds a charset to JSON strings).
    reply.send(Buffer.from(rendered.body, 'utf8'));
    return true;
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
        mapped = fastifyApiError(error, catalog);
      } catch {
        mapped = undefined; // a thrown value whose getters throw: the generic 500
      }
      const apiError = failure(mapped ?? error, settings, info);
      for (const name of REPRESENTATION_HEADERS) reply.removeHeader(name);
      const path = splitTarget(request.url)?.path;
      const context = renderContext(settings, formatOf(request), requestId, path);
      if (write(reply, renderError(apiError, context))) return;
      // Only invalid headers on the error itself get here: answer a plain internal_error.
      reportError(settings.onError, new TypeError('errata: invalid header on an error'), info);
      write(reply, renderError(catalog.roleError('internal_error'), context));
    } catch (renderFailure) {
      reportError(settings.onError, renderFailure, info);
      if (canRespond(res)) {
        res.statusCode = 500;
        res.end();
      } else abort(res);
    }
  };

  /** The `Allow` value of a path no route answers with this method, or undefined (404). */
  const allowOf = (url: string): string | undefined => {
    const allowed: string[] = [];
    for (const method of METHODS) {
      if (fastify.findRoute({ method, url }) !== null) allowed.push(method);
    }
    const extra: string[] = [];
    for (const method of extraMethods) {
      if (fastify.findRoute({ method, url }) !== null) extra.push(method);
    }
    if (allowed.length === 0 && extra.length === 0) return undefined;
    if (allowed.includes('GET') && !allowed.includes('HEAD')) allowed.splice(1, 0, 'HEAD');
    if (!allowed.includes('OPTIONS')) allowed.push('OPTIONS');
    return [...allowed, ...extra.sort()].join(', ');
  };

  fastify.decorateRequest('requestId', '');
  fastify.decorate('errata', {
    catalog,
    validate: (schema, value) => validate(schema, value, catalog),
    sendError,
  } satisfies ErrataFastify);

  fastify.addHook('onRequest', (request, reply, next) => {
    const id =
      resolvedIds.get(request.raw) ?? resolveRequestId(request.headers[header], settings.requestId);
    request.requestId = id;
    // On the raw response: also there when a handler writes to `reply.raw` itself.
    setIdHeader(reply.raw, id);
    next();
  });

  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (!(METHODS as readonly string[]).includes(method)) extraMethods.add(method);
    }
    const format = (route.config as { errata?: ErrataRouteConfig } | undefined)?.errata?.format;
    // A wrong format name fails at start-up, not on the route's first error.
    if (format !== undefined) negotiateFormat({ route: format });
    const validation = takeStandardSchemas(route, catalog);
    if (validation !== undefined) {
      const given = route.preValidation;
      route.preValidation =
        given === undefined
          ? [validation]
          : [...(Array.isArray(given) ? given : [given]), validation];
    }
    route.handler = guard(route.handler, (error, request, reply) => {
      const requestId = requestIdOf(request);
      reportError(settings.onError, error, infoOf(request, requestId));
      abort(reply.raw);
    });
  });

  // errata's JSON parser: prototype-safe, UTF-8 only, 415 for other charsets, 400 when empty.
  if (fastify.hasContentTypeParser('application/json')) {
    fastify.removeContentTypeParser('application/json');
  }
  const parseJson = jsonParser(catalog);
  const parserOptions = { parseAs: 'buffer' as const, bodyLimit: settings.bodyLimit };
  fastify.addContentTypeParser('application/json', parserOptions, parseJson);
  fastify.addContentTypeParser(JSON_SUFFIX, parserOptions, parseJson);

  fastify.setErrorHandler((error, request, reply) => {
    sendError(error, request, reply);
  });

  fastify.setNotFoundHandler((request, reply) => {
    const method = request.method;
    const path = splitTarget(request.url)?.path ?? request.url;
    const allow = allowOf(request.url);
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
    sendError(
      catalog.roleError('method_not_allowed', {
        message: `${method} is not allowed here; use ${allow}.`,
        headers: { allow },
      }),
      request,
      reply,
    );
  });

  done();
};

// What fastify-plugin would set: not encapsulated (hooks, handlers and decorations reach the
// parent), a display name, and the Fastify major it supports.
Object.assign(plugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'errata',
  [Symbol.for('plugin-meta')]: { name: 'errata', fastify: '5.x' },
});

/**
 * The errata/fastify plugin. Register it before the routes (await it, or declare routes in a
 * plugin registered after it): its `onRoute` hook prepares routes declared later.
 * @example
 * const app = Fastify({ genReqId: errataGenReqId() });
 * await app.register(errataFastify, { catalog, format: 'envelope' });
 * app.get('/v1/secrets/:name', { config: { errata: { format: 'problem' } } }, handler);
 */
export const errataFastify: FastifyPluginCallback<ErrataFastifyOptions> = plugin;
export default errataFastify;
