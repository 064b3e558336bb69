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
import {
  BAD_ENCODING_MESSAGE,
  escapeBadEncoding,
  hasBadEncoding,
  METHODS,
  splitTarget,
} from './router.js';
import {
  type ErrorInfo,
  failure,
  isRepresentationHeader,
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

import { lingerOnClose } from './linger.js';

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

/** A route pinning its errors' format, as `onRoute` saw it. */
type PinnedRoute = { methods: readonly string[]; url: string; format: FormatName | Format };

const PARAM_IN_URL = /:([A-Za-z0-9_]+)(\((?:\\.|[^\\)])*\))?/g;

/**
 * Whether a route URL (`/v1/secrets/:name`, `/files/*`) with the params find-my-way matched
 * spells the request path: how the 405 handler tells which route of a method matched, since
 * `findRoute()` does not say. An unusual shape (a trailing-slash or case-insensitive match)
 * answers false: the 405 then renders in the app's format.
 */
function spells(url: string, params: Readonly<Record<string, string | undefined>>, path: string) {
  let filled = url.endsWith('*') ? `${url.slice(0, -1)}${params['*'] ?? ''}` : url;
  let missing = false;
  filled = filled.replace(PARAM_IN_URL, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) missing = true;
    return value ?? '';
  });
  if (missing) return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false;
  }
  return filled === decoded;
}

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

  /** Routes pinning a format, for the 405 of their paths. */
  const pinnedRoutes: PinnedRoute[] = [];
  /** The format pinned for a request answered outside its route (a 405 of a pinned path). */
  const pinnedFor = new WeakMap<FastifyRequest, FormatName | Format>();

  const formatOf = (request: FastifyRequest): Format => {
    const config = request.routeOptions.config as { errata?: ErrataRouteConfig } | undefined;
    return negotiateFormat({
      route: config?.errata?.format ?? pinnedFor.get(request),
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
    lingerOnClose(reply.request.raw);
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

  /** The format a route answering `url` under one of `methods` pins, if any. */
  const pinOf = (url: string, methods: readonly string[]): FormatName | Format | undefined => {
    if (pinnedRoutes.length === 0) return undefined;
    const path = splitTarget(url)?.path ?? url;
    for (const method of methods) {
      const found = fastify.findRoute({ method, url });
      if (found === null) continue;
      const params = (found.params ?? {}) as Record<string, string | undefined>;
      for (const pinned of pinnedRoutes) {
        if (pinned.methods.includes(method) && spells(pinned.url, params, path)) {
          return pinned.format;
        }
      }
    }
    return undefined;
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
    if (allowOf(escapeBadEncoding(target.path)) !== undefined) {
      return catalog.roleError('invalid_request', { message: BAD_ENCODING_MESSAGE });
    }
    return catalog.roleError('not_found', {
      message: `No route matches ${request.method} ${target.path.slice(0, 200)}.`,
    });
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
    if (format !== undefined) {
      // A wrong format name fails at start-up, not on the route's first error.
      negotiateFormat({ route: format });
      pinnedRoutes.push({ methods, url: route.url, format });
    }
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
    // A route of this very method matches: it sent the request here with `reply.callNotFound()`
    // (it declined the path), so the path is unknown: 404, not 405.
    const declined = fastify.findRoute({ method, url: request.url }) !== null;
    const allow = declined ? undefined : allowOf(request.url);
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
    const pin = pinOf(request.url, allow.split(', '));
    if (pin !== undefined) pinnedFor.set(request, pin);
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
