/**
 * errata/node: error handling for plain `node:http` servers, with a tiny router.
 *
 * Every response carries `X-Request-ID`; ApiErrors render in the negotiated wire format; an
 * Error with a 4xx `status`/`statusCode` becomes the catalog's error of that status
 * (`statusLikeError`, the rule of every adapter); anything else thrown becomes the catalog's
 * `internal_error` and goes to `onError`;
 * unknown routes answer 404, known paths with another method 405 with `Allow`.
 */
import {
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
  validateHeaderName,
  validateHeaderValue,
} from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError } from '../api-error.js';
import type { Catalog } from '../catalog-types.js';
import { negotiateFormat } from '../formats/index.js';
import type { Format, FormatName } from '../formats/types.js';
import type { NodeRateLimit } from '../rate-limit/node.js';
import { renderError } from '../render.js';
import type { StandardSchemaV1 } from '../standard-schema.js';
import { readJson } from './body.js';
import { resolveRequestId } from './request-id.js';
import { abort, canRespond, send } from './respond.js';
import {
  BAD_ENCODING_MESSAGE,
  compilePath,
  METHODS,
  type Method,
  matchPath,
  type PathParams,
  type PathPattern,
  splitTarget,
} from './router.js';
import {
  checkBodyLimit,
  type ErrataOptions,
  type ErrorInfo,
  failure,
  isRepresentationHeader,
  renderContext,
  reportError,
  type Settings,
  settingsOf,
} from './settings.js';
import { validate } from './validate.js';

export type { NodeRateLimit } from '../rate-limit/node.js';
export {
  DEFAULT_BODY_LIMIT,
  isJsonContentType,
  readBody,
  readJson,
  safeJsonParse,
} from './body.js';
export {
  generateRequestId,
  isSafeRequestId,
  MAX_REQUEST_ID_LENGTH,
  type RequestIdOptions,
  resolveRequestId,
} from './request-id.js';

import { lingerOnClose } from './linger.js';

export { abort, canRespond, type OutgoingResponse, send } from './respond.js';
export type { Method, PathParams } from './router.js';
export type { ErrataOptions, ErrorInfo } from './settings.js';
export { issuesToFields, validate } from './validate.js';

/** Options of `errata()` and `errata.wrap()`: the shared ones, plus rate limiting. */
export type NodeErrataOptions = ErrataOptions & {
  /**
   * Limit every request (before routing, so unknown paths count too) with `rateLimit(limiter)`
   * from errata/rate-limit. Its headers go on every response; a refusal renders the limiter's
   * error (429, or 503 when its store fails closed) like any other.
   * @example errata({ rateLimit: rateLimit(createRateLimiter({ policies: '"api";q=100;w=60' })) })
   */
  rateLimit?: NodeRateLimit | undefined;
};

/** Options of one route. */
export type RouteOptions = {
  /**
   * Wire format of this route's errors; wins over the app's format and over `Accept`.
   * @example { format: 'stripe' }
   */
  format?: FormatName | Format | undefined;
  /**
   * Body limit of this route, in bytes (a positive integer).
   * @default the app's bodyLimit
   */
  bodyLimit?: number | undefined;
  /**
   * Limit this route's requests (after the app's own `rateLimit`, before the handler) with
   * `rateLimit(limiter, { category })` from errata/rate-limit.
   * @example { rateLimit: rateLimit(limiter, { category: 'upload', cost: 5 }) }
   */
  rateLimit?: NodeRateLimit | undefined;
};

/** What a handler gets. */
export type Context<Params = Record<string, string>> = {
  readonly req: IncomingMessage;
  /** The raw response: write to it to take over (then return nothing). */
  readonly res: ServerResponse;
  /** Upper-case request method. */
  readonly method: string;
  /** The request path, still percent-encoded. */
  readonly path: string;
  /** Route params, percent-decoded. */
  readonly params: Params;
  /** The query string, parsed on first access. */
  readonly query: URLSearchParams;
  /** The id in this response's `X-Request-ID`. */
  readonly requestId: string;
  /** The format errors of this request render in. */
  readonly format: Format;
  /**
   * Read the JSON body (once; later calls return the same value), then validate it when a
   * Standard Schema is given. Throws 415, 413, 400 or 422 as ApiErrors.
   * @example const input = await ctx.json(z.object({ value: z.string() }));
   */
  json(): Promise<unknown>;
  json<S extends StandardSchemaV1>(schema: S): Promise<StandardSchemaV1.InferOutput<S>>;
  /** Validate any value with the app's catalog (`validation_error` role on failure). */
  validate<S extends StandardSchemaV1>(
    schema: S,
    value: unknown,
  ): Promise<StandardSchemaV1.InferOutput<S>>;
};

/**
 * A successful response. `body`: a string is sent as `text/plain`, bytes as
 * `application/octet-stream`, anything else as JSON (unless `headers` set a content type).
 */
export type Reply = {
  /** @default 200 with a body, 204 without */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
};

/**
 * A route handler: return a Reply (or nothing for 204), or throw an ApiError. A handler that
 * wrote the response itself returns nothing.
 */
export type Handler<Params = Record<string, string>> = (
  ctx: Context<Params>,
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler that wrote the response returns nothing.
) => Reply | undefined | void | Promise<Reply | undefined | void>;

/** Handlers of one path, by method. */
export type RouteHandlers<Params = Record<string, string>> = {
  [M in Method]?: Handler<Params>;
};

/** A node:http listener: `http.createServer(listener)`. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

/** An errata/node app: routes plus a node:http listener. */
export type ErrataApp = {
  /**
   * Add a path with its handlers by method. `HEAD` falls back to `GET`; `OPTIONS` answers 204
   * with `Allow` unless given; other methods get 405 with `Allow`.
   * @example app.route('/v1/secrets/:name', { GET: ({ params }) => ({ body: store.get(params.name) }) })
   */
  route<P extends string>(
    path: P,
    handlers: RouteHandlers<PathParams<P>>,
    options?: RouteOptions,
  ): ErrataApp;
  /** The listener for `http.createServer(app.handler)`. Never throws, never rejects. */
  readonly handler: NodeListener;
  /**
   * Answer requests Node's HTTP parser refuses (malformed request line or headers, header block
   * too large) in the app's format with an `X-Request-ID`, instead of Node's bare 400: installs
   * `clientErrorHandler` on the server's `clientError` event. Returns the server.
   * @example app.attach(http.createServer(app.handler)).listen(3000);
   */
  attach<S extends Server>(server: S): S;
};

type Route = {
  pattern: PathPattern;
  handlers: RouteHandlers;
  options: RouteOptions;
  /** The methods with a handler, as bits of METHODS. */
  methodBits: number;
};

const GET_BIT = 1 << METHODS.indexOf('GET');
const HEAD_BIT = 1 << METHODS.indexOf('HEAD');
const OPTIONS_BIT = 1 << METHODS.indexOf('OPTIONS');

type Resolved = {
  handler: Handler;
  params: Record<string, string>;
  options: RouteOptions;
};

/** Serialize a handler's Reply. Throws (TypeError) on a bad status or unserializable body. */
function replyResponse(reply: Reply) {
  const headers: Record<string, string> = {};
  const given = reply.headers;
  if (given !== undefined) {
    for (const name of Object.keys(given)) headers[name.toLowerCase()] = given[name] as string;
  }
  let body: string | Uint8Array | undefined;
  if (reply.body === undefined || reply.body === null) {
    body = undefined;
  } else if (typeof reply.body === 'string') {
    body = reply.body;
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  } else if (reply.body instanceof Uint8Array) {
    body = reply.body;
    headers['content-type'] ??= 'application/octet-stream';
  } else {
    body = JSON.stringify(reply.body);
    headers['content-type'] ??= 'application/json';
  }
  const status = reply.status ?? (body === undefined ? 204 : 200);
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    throw new TypeError(`errata: a handler replied with an invalid status ${String(status)}.`);
  }
  return { status, headers, body };
}

/**
 * What a handler gets, as a class: its methods live on the prototype, so a request allocates one
 * object instead of an object and a closure per method.
 */
class RequestContext implements Context {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  readonly path: string;
  readonly params: Record<string, string>;
  readonly requestId: string;
  readonly #search: string;
  readonly #settings: Settings;
  readonly #limit: number;
  readonly #routeFormat: FormatName | Format | undefined;
  #query: URLSearchParams | undefined;
  #format: Format | undefined;
  #body: Promise<unknown> | undefined;

  constructor(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    target: { path: string; search: string },
    found: Resolved,
    requestId: string,
    settings: Settings,
    routeFormat: FormatName | Format | undefined,
  ) {
    this.req = req;
    this.res = res;
    this.method = method;
    this.path = target.path;
    this.params = found.params;
    this.requestId = requestId;
    this.#search = target.search;
    this.#settings = settings;
    this.#limit = found.options.bodyLimit ?? settings.bodyLimit;
    this.#routeFormat = routeFormat;
  }

  /** The query string, parsed on first access: most handlers never read it. */
  get query(): URLSearchParams {
    this.#query ??= new URLSearchParams(this.#search);
    return this.#query;
  }

  /** The format errors of this request render in, negotiated on first access. */
  get format(): Format {
    this.#format ??= negotiateFormat({
      route: this.#routeFormat,
      app: this.#settings.format,
      accept: this.req.headers.accept,
    });
    return this.#format;
  }

  json(): Promise<unknown>;
  json<S extends StandardSchemaV1>(schema: S): Promise<StandardSchemaV1.InferOutput<S>>;
  json(schema?: StandardSchemaV1): Promise<unknown> {
    const catalog = this.#settings.catalog;
    this.#body ??= readJson(this.req, { limit: this.#limit, catalog });
    return schema === undefined ? this.#body : this.#body.then((v) => validate(schema, v, catalog));
  }

  validate<S extends StandardSchemaV1>(
    schema: S,
    value: unknown,
  ): Promise<StandardSchemaV1.InferOutput<S>> {
    return validate(schema, value, this.#settings.catalog);
  }
}

/** The one request pipeline shared by `errata()` apps and `errata.wrap()`. */
function serve(
  settings: Settings,
  appLimit: NodeRateLimit | undefined,
  resolve: (
    method: string,
    path: string,
  ) => Resolved | { allow: readonly string[]; options?: RouteOptions } | undefined,
): NodeListener {
  const { catalog, onError } = settings;
  const report = (error: unknown, info: ErrorInfo) => reportError(onError, error, info);

  const fail = (
    error: unknown,
    res: ServerResponse,
    info: ErrorInfo,
    format: Format,
    path: string | undefined,
  ) => {
    if (!canRespond(res)) {
      report(error, info);
      abort(res);
      return;
    }
    const apiError = failure(error, settings, info);
    // Headers describing the success body a handler set before failing (ETag, Location, …) do
    // not belong to the error; the others (CORS, cookies, security headers) stay.
    for (const name of res.getHeaderNames()) {
      if (isRepresentationHeader(name, settings.requestId.header)) res.removeHeader(name);
    }
    const context = renderContext(settings, format, info.requestId, path);
    lingerOnClose(res.req);
    try {
      send(res, renderError(apiError, context));
    } catch (renderFailure) {
      // Only invalid headers on the error itself get here: answer a plain internal_error.
      report(renderFailure, info);
      try {
        send(res, renderError(catalog.roleError('internal_error'), context));
      } catch {
        if (canRespond(res)) {
          res.statusCode = 500;
          res.end();
        } else abort(res);
      }
    }
  };

  // Per request, only what the answer needs is built: the error info and the negotiated format
  // only on failure, the query only when read (this path runs for every request).
  const run = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = resolveRequestId(req.headers[settings.requestId.header], settings.requestId);
    let routeFormat: FormatName | Format | undefined;
    let path: string | undefined;
    try {
      res.setHeader(settings.requestId.header, requestId);
      if (settings.requestId.header !== 'x-request-id') res.setHeader('x-request-id', requestId);
      const method = req.method ?? 'GET';
      const target = splitTarget(req.url);
      if (target === undefined) {
        throw catalog.roleError('invalid_request', { message: 'The request target is malformed.' });
      }
      path = target.path;
      if (appLimit !== undefined) await appLimit(req, res);
      const found = resolve(method, target.path);
      if (found === undefined) {
        throw catalog.roleError('not_found', {
          message: `No route matches ${method} ${target.path.slice(0, 200)}.`,
        });
      }
      routeFormat = found.options?.format;
      if ('allow' in found) {
        const allow = found.allow.join(', ');
        if (method === 'OPTIONS') {
          send(res, { status: 204, headers: { allow } });
          return;
        }
        throw catalog.roleError('method_not_allowed', {
          message: `${method} is not allowed here; use ${allow}.`,
          headers: { allow },
        });
      }
      const routeLimit = found.options.rateLimit;
      if (routeLimit !== undefined) await routeLimit(req, res);
      const reply = await found.handler(
        new RequestContext(req, res, method, target, found, requestId, settings, routeFormat),
      );
      if (res.headersSent || res.writableEnded || res.destroyed) return;
      send(res, replyResponse(reply ?? {}));
    } catch (error) {
      const info: ErrorInfo = { requestId, method: req.method ?? 'GET', url: req.url ?? '' };
      const format = negotiateFormat({
        route: routeFormat,
        app: settings.format,
        accept: req.headers.accept,
      });
      fail(error, res, info, format, path);
    }
  };

  return (req, res) => {
    run(req, res).catch(() => {
      // Unreachable unless Node itself misbehaves; a rejection must never escape.
      abort(res);
    });
  };
}

/** A `clientError` listener: `server.on('clientError', listener)`. */
export type ClientErrorListener = (error: Error, socket: Duplex) => void;

/** How long a socket answered by the clientError handler may stay open for the client to read. */
const CLIENT_ERROR_LINGER_MS = 5000;

/** The error to answer a request Node's HTTP parser refused with. */
function clientErrorOf(code: string | undefined, catalog: Catalog): ApiError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      // No role has 431: a generic error, still in the app's format.
      return new ApiError({
        status: 431,
        code: 'request_header_fields_too_large',
        title: 'Request Header Fields Too Large',
        message: 'The request header fields are too large.',
      });
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return catalog.roleError('payload_too_large', {
        message: 'The chunk extensions of the request body are too large.',
      });
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ApiError({
        status: 408,
        code: 'request_timeout',
        message: 'The request was not received in time.',
      });
    default:
      return catalog.roleError('invalid_request', {
        message: 'The request is not valid HTTP/1.1 and could not be parsed.',
      });
  }
}

/** The raw HTTP/1.1 response (head and body) answering a refused request. */
function rawClientErrorResponse(settings: Settings, format: Format, code: string | undefined) {
  const { catalog } = settings;
  const requestId = resolveRequestId(undefined, settings.requestId);
  const rendered = renderError(clientErrorOf(code, catalog), {
    format,
    catalog,
    requestId,
    domain: catalog.domain,
  });
  const body = Buffer.from(rendered.body, 'utf8');
  const headers: Record<string, string> = {};
  for (const name of Object.keys(rendered.headers)) {
    headers[name.toLowerCase()] = rendered.headers[name] as string;
  }
  headers[settings.requestId.header] = requestId;
  headers['x-request-id'] = requestId;
  headers['content-length'] = String(body.byteLength);
  headers.connection = 'close';
  let head = `HTTP/1.1 ${rendered.status} ${STATUS_CODES[rendered.status] ?? 'Error'}\r\n`;
  for (const name of Object.keys(headers)) {
    const value = headers[name] as string;
    // Nothing checks these on the way out but us (node:http is bypassed).
    validateHeaderName(name);
    validateHeaderValue(name, value);
    head += `${name}: ${value}\r\n`;
  }
  return Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), body]);
}

function clientErrorListener(settings: Settings): ClientErrorListener {
  const format = negotiateFormat({ app: settings.format });
  // Sockets already answered: Node's parser stays in error and emits clientError again for
  // every later chunk of the same request, which must not cut the answer short.
  const answered = new WeakSet<Duplex>();
  return (error, socket) => {
    if (answered.has(socket)) return;
    const code = (error as NodeJS.ErrnoException).code;
    // A reset peer cannot read anything; a socket with a response in flight must not get a
    // second one in the middle of it.
    const inFlight = (socket as Duplex & { _httpMessage?: unknown })._httpMessage;
    if (
      code === 'ECONNRESET' ||
      !socket.writable ||
      (inFlight !== undefined && inFlight !== null)
    ) {
      socket.destroy();
      return;
    }
    let response: Buffer;
    try {
      response = rawClientErrorResponse(settings, format, code);
    } catch {
      socket.destroy();
      return;
    }
    // Let the client read the response, but do not keep a half-closed socket forever.
    const timer = setTimeout(() => socket.destroy(), CLIENT_ERROR_LINGER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
    answered.add(socket);
    socket.end(response);
  };
}

/**
 * A `clientError` listener answering requests Node's HTTP parser refuses (invalid method,
 * control bytes in a header, header block over `maxHeaderSize`, …) in errata's way rather than
 * with Node's bare `400 Bad Request`: a raw HTTP/1.1 response in the app's format with a
 * generated `X-Request-ID` and `Connection: close`, after which the socket is ended. Parse
 * errors answer the catalog's `invalid_request` (400), a header block too large a generic 431
 * `request_header_fields_too_large`. Resets and unwritable sockets are just destroyed. These
 * are client errors: nothing reaches `onError`.
 *
 * `app.attach(server)` installs it for an `errata()` app; use this with `errata.wrap()`.
 * @example server.on('clientError', clientErrorHandler({ catalog, format: 'envelope' }));
 */
export function clientErrorHandler(options: ErrataOptions = {}): ClientErrorListener {
  return clientErrorListener(settingsOf(options));
}

/** A `rateLimit` option, checked at start-up. */
function limitOption(limit: unknown, where: string): NodeRateLimit | undefined {
  if (limit !== undefined && typeof limit !== 'function') {
    throw new TypeError(
      `errata: ${where} must be made by rateLimit(limiter) of errata/rate-limit.`,
    );
  }
  return limit as NodeRateLimit | undefined;
}

/**
 * Create an errata/node app: a small router whose every response follows errata's server rules.
 * @example
 * const app = errata({ catalog, format: 'envelope' });
 * app.route('/v1/secrets/:name', {
 *   GET: ({ params }) => ({ body: store.get(params.name) }),
 *   PUT: async (ctx) => ({ status: 201, body: await ctx.json(schema) }),
 * });
 * app.attach(http.createServer(app.handler)).listen(3000);
 */
export function errata(options: NodeErrataOptions = {}): ErrataApp {
  const settings = settingsOf(options);
  const appLimit = limitOption(options.rateLimit, 'rateLimit');
  const routes: Route[] = [];
  const onClientError = clientErrorListener(settings);

  const resolve = (method: string, path: string) => {
    const parts = path.slice(1).split('/');
    // Methods of the routes that match the path but not the method, as bits of METHODS: no
    // allocation unless the request ends in 405 (or an automatic OPTIONS).
    let allowed = 0;
    let options: RouteOptions | undefined;
    for (const route of routes) {
      const params = matchPath(route.pattern, parts);
      if (params === undefined) continue;
      if (params === 'bad-encoding') {
        throw settings.catalog.roleError('invalid_request', { message: BAD_ENCODING_MESSAGE });
      }
      const handler =
        route.handlers[method as Method] ?? (method === 'HEAD' ? route.handlers.GET : undefined);
      if (handler !== undefined)
        return { handler: handler as Handler, params, options: route.options };
      options ??= route.options;
      allowed |= route.methodBits;
    }
    if (allowed === 0) return undefined;
    if (allowed & GET_BIT) allowed |= HEAD_BIT;
    allowed |= OPTIONS_BIT;
    const allow = METHODS.filter((_, i) => (allowed & (1 << i)) !== 0);
    return options === undefined ? { allow } : { allow, options };
  };

  const app: ErrataApp = {
    route(path, handlers, routeOptions = {}) {
      const pattern = compilePath(path);
      for (const key of Object.keys(handlers)) {
        if (!(METHODS as string[]).includes(key) || typeof handlers[key as Method] !== 'function') {
          throw new TypeError(
            `errata: route ${path}: '${key}' must be one of ${METHODS.join(', ')} with a handler function.`,
          );
        }
      }
      if (routeOptions.format !== undefined) negotiateFormat({ route: routeOptions.format });
      if (routeOptions.bodyLimit !== undefined) {
        checkBodyLimit(routeOptions.bodyLimit, `route ${path}: bodyLimit`);
      }
      limitOption(routeOptions.rateLimit, `route ${path}: rateLimit`);
      let methodBits = 0;
      METHODS.forEach((m, i) => {
        if (handlers[m] !== undefined) methodBits |= 1 << i;
      });
      routes.push({
        pattern,
        handlers: handlers as RouteHandlers,
        options: routeOptions,
        methodBits,
      });
      return app;
    },
    handler: serve(settings, appLimit, resolve),
    attach(server) {
      // Idempotent: a second listener would destroy the socket the first one is answering on.
      if (!server.listeners('clientError').includes(onClientError)) {
        server.on('clientError', onClientError);
      }
      return server;
    },
  };
  return app;
}

/**
 * Bring your own routing: wrap one handler (any method, any path) in errata's server rules.
 * @example http.createServer(errata.wrap((ctx) => ({ body: { ok: true } }), { format: 'envelope' }));
 */
function wrap(handler: Handler, options: NodeErrataOptions = {}): NodeListener {
  const settings = settingsOf(options);
  const appLimit = limitOption(options.rateLimit, 'rateLimit');
  return serve(settings, appLimit, () => ({ handler, params: {}, options: {} }));
}

errata.wrap = wrap;
