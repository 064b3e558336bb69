/**
 * Answers for requests Node's HTTP parser refuses, in errata's way. Shared by every adapter that
 * runs on a node:http server (errata/node, Express, Fastify, and Hono on @hono/node-server): the
 * request never reaches the framework, so no framework is involved here.
 */
import {
  type IncomingMessage,
  type ServerResponse,
  STATUS_CODES,
  validateHeaderName,
  validateHeaderValue,
} from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError } from '../api-error.js';
import type { Catalog } from '../catalog-types.js';
import { negotiateFormat } from '../formats/index.js';
import type { Format } from '../formats/types.js';
import { renderError } from '../render.js';
import { lingerOnClose } from './linger.js';
import { nodeRequestLanguage } from './preferred-locale.js';
import { resolveRequestId, setRequestIdHeaders } from './request-id.js';
import { canRespond, send } from './respond.js';
import {
  type ErrataOptions,
  isRepresentationHeader,
  NO_LANGUAGE,
  type RequestLanguage,
  type Settings,
  settingsOf,
} from './settings.js';
import { statusError } from './status-error.js';

/** A `clientError` listener: `server.on('clientError', listener)`. */
export type ClientErrorListener = (error: Error, socket: Duplex) => void;

/** How long a socket answered by the clientError handler may stay open for the client to read. */
const CLIENT_ERROR_LINGER_MS = 5000;

/** The 408 of a request that did not arrive in time: the catalog's `request_timeout` (by status). */
export function requestTimeoutError(catalog: Catalog, message: string): ApiError {
  return statusError(408, catalog, { message, headers: { connection: 'close' } });
}

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
      return requestTimeoutError(catalog, 'The request was not received in time.');
    default:
      return catalog.roleError('invalid_request', {
        message: 'The request is not valid HTTP/1.1 and could not be parsed.',
      });
  }
}

/** The raw HTTP/1.1 response (head and body) answering a refused request. */
function rawClientErrorResponse(
  settings: Settings,
  format: Format,
  error: ApiError,
  language: RequestLanguage,
  sentId?: string | string[],
) {
  const { catalog } = settings;
  const requestId = resolveRequestId(sentId, settings.requestId);
  const rendered = renderError(error, {
    format,
    catalog,
    requestId,
    domain: catalog.domain,
    acceptLanguage: language.acceptLanguage,
    preferredLocale: language.preferredLocale,
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

/**
 * Answer a request on its own response, outside any framework (a stalled body, a chunk-framing
 * error, a refused `Expect`): in the app's format (negotiated on `Accept` unless switched off),
 * in the request's language (its `Accept-Language`, or the app's `preferLocale` on the node
 * request), with the request id the app already set on the response, else the request's own or
 * a new one, and `Connection: close`. Returns whether it was answered; a started response is
 * left alone (the caller destroys the connection then).
 * @example answerOnResponse(settings, res, requestTimeoutError(catalog, 'The body stalled.'));
 */
export function answerOnResponse(
  settings: Settings,
  res: ServerResponse,
  error: ApiError,
): boolean {
  try {
    if (!canRespond(res)) return false;
    const header = settings.requestId.header;
    const req = res.req;
    const set = res.getHeader(header);
    const requestId =
      typeof set === 'string' ? set : resolveRequestId(req.headers[header], settings.requestId);
    for (const name of res.getHeaderNames()) {
      if (isRepresentationHeader(name, header)) res.removeHeader(name);
    }
    const format = negotiateFormat({
      app: settings.format,
      accept: settings.negotiate ? req.headers.accept : undefined,
    });
    const language = nodeRequestLanguage(req);
    const rendered = renderError(error, {
      format,
      catalog: settings.catalog,
      requestId,
      domain: settings.catalog.domain,
      acceptLanguage: language.acceptLanguage,
      preferredLocale: language.preferredLocale,
    });
    setRequestIdHeaders(res, header, requestId);
    res.setHeader('connection', 'close');
    lingerOnClose(req);
    return send(res, rendered);
  } catch {
    // Only a response in an odd state gets here: the caller closes the connection.
    return false;
  }
}

/** The clientError listener of resolved settings (errata/node's `attach` reuses its app's). */
export function clientErrorListener(settings: Settings): ClientErrorListener {
  const format = negotiateFormat({ app: settings.format });
  // Sockets already answered: Node's parser stays in error and emits clientError again for
  // every later chunk of the same request, which must not cut the answer short.
  const answered = new WeakSet<Duplex>();
  return (error, socket) => {
    if (answered.has(socket)) return;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ECONNRESET' || !socket.writable) {
      // A reset peer cannot read anything.
      socket.destroy();
      return;
    }
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (inFlight !== undefined && inFlight !== null) {
      // The request reached the app (a chunk-framing error or a timeout in its body): answer on
      // its response unless that already started, which must not get a second one inside it.
      answered.add(socket);
      if (!answerOnResponse(settings, inFlight, clientErrorOf(code, settings.catalog))) {
        socket.destroy();
      }
      return;
    }
    let response: Buffer;
    try {
      // The parser refused the request: no header of it is known, so the default language.
      response = rawClientErrorResponse(
        settings,
        format,
        clientErrorOf(code, settings.catalog),
        NO_LANGUAGE,
      );
    } catch {
      socket.destroy();
      return;
    }
    answered.add(socket);
    endWith(socket, response);
  };
}

/** Write a last response on a socket and end it, letting the client read it for a while. */
function endWith(socket: Duplex, response: Buffer): void {
  // Let the client read the response, but do not keep a half-closed socket forever.
  const timer = setTimeout(() => socket.destroy(), CLIENT_ERROR_LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  socket.end(response);
}

/** A `connect` listener: (request, socket). */
export type ConnectListener = (req: IncomingMessage, socket: Duplex) => void;

/**
 * The `connect` listener of resolved settings: a CONNECT (which node:http hands to `connect`
 * listeners, never to the app, and drops without an answer when there is none) gets 400
 * `invalid_request` in the app's format and the request's language, with the request's safe
 * id. When the server has other `connect` listeners (a proxy), they answer and this one stays
 * silent.
 */
export function connectListener(settings: Settings): ConnectListener {
  const format = negotiateFormat({ app: settings.format });
  return function errataConnect(this: unknown, req, socket) {
    const server = (req.socket as { server?: { listenerCount(name: string): number } }).server;
    if (server !== undefined && server.listenerCount('connect') > 1) return;
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    try {
      const error = settings.catalog.roleError('invalid_request', {
        message: 'CONNECT is not supported: this server is not a proxy.',
      });
      const sent = req.headers[settings.requestId.header];
      const language = nodeRequestLanguage(req);
      endWith(socket, rawClientErrorResponse(settings, format, error, language, sent));
    } catch {
      socket.destroy();
    }
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
 * A request whose body is already in the app (a chunk-framing error mid-body) is answered on
 * its own response when that has not started. `attachServer(server, options)` (or
 * `app.attach(server)`, Express's `errata.attach`, the Fastify plugin) installs this and more:
 * the headers and body timeouts, 417 for a refused `Expect`, 400 for a missing Host or a target
 * no URL parser takes; prefer it.
 * @example server.on('clientError', clientErrorHandler({ catalog, format: 'envelope' }));
 */
export function clientErrorHandler(options: ErrataOptions = {}): ClientErrorListener {
  return clientErrorListener(settingsOf(options));
}
