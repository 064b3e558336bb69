/**
 * What errata installs on a node:http server, whatever framework serves its requests: answers
 * (in the app's format, with a request id) for requests that would otherwise get Node's bare
 * 400/408/417 or no answer at all, and the timeouts of headers and bodies that stall.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { ApiError } from '../api-error.js';
import { hasBody } from './body.js';
import {
  answerOnResponse,
  type ClientErrorListener,
  clientErrorListener,
  connectListener,
  requestTimeoutError,
} from './client-error.js';
import {
  DUPLICATE_CONTENT_TYPE_MESSAGE,
  hasDuplicateContentType,
  pathRefusal,
} from './request-rules.js';
import { splitTarget } from './router.js';
import { type ErrataOptions, type Settings, settingsOf } from './settings.js';

const attached = new WeakMap<Server, ClientErrorListener>();

/** The answer to a request no framework should see, if it is one. */
function refusal(req: IncomingMessage, settings: Settings): ApiError | undefined {
  const { catalog } = settings;
  // RFC 9112 §3.2: an HTTP/1.1 request without Host gets 400 (Node's check is switched off to
  // give it errata's answer).
  if (req.httpVersion === '1.1' && req.headers.host === undefined) {
    return catalog.roleError('invalid_request', { message: 'The request has no Host header.' });
  }
  // `OPTIONS *`, a target no URL parser takes (`http://[::1/v1`): frameworks answer these with
  // their own bare 400 or HTML 404, before any errata middleware runs.
  // Origin-form (`/…`), every ordinary request, is always taken: only the rest is parsed.
  const url = req.url ?? '/';
  if (url.charCodeAt(0) !== 47 && splitTarget(url) === undefined) {
    return catalog.roleError('invalid_request', { message: 'The request target is malformed.' });
  }
  // One rule for every framework: some resolve dot segments (or read `\` as `/`), others not.
  const path = pathRefusal(url);
  if (path !== undefined) return catalog.roleError('invalid_request', { message: path });
  // Node keeps the first Content-Type, fetch runtimes join them: two are refused everywhere.
  if (hasBody(req) && hasDuplicateContentType(req.rawHeaders)) {
    return catalog.roleError('invalid_request', { message: DUPLICATE_CONTENT_TYPE_MESSAGE });
  }
  return undefined;
}

/**
 * Watch a request body: when no byte arrives for `ms` while the socket is still being read,
 * answer 408 on its response. A full buffer stops Node reading the socket: then the app is
 * slow, not the client, and the watch waits.
 */
function watchBody(req: IncomingMessage, res: ServerResponse, settings: Settings): void {
  const ms = settings.bodyTimeout;
  if (ms === 0 || req.complete || !hasBody(req)) return;
  const socket = req.socket;
  let seen = socket.bytesRead;
  let timer: NodeJS.Timeout | undefined;
  const stop = () => clearTimeout(timer);
  const check = () => {
    if (req.complete || res.writableEnded || res.destroyed || socket.destroyed) return;
    const read = socket.bytesRead;
    if (read !== seen || req.readableLength >= req.readableHighWaterMark) {
      seen = read;
      arm();
      return;
    }
    const error = requestTimeoutError(
      settings.catalog,
      `The request body stalled: no byte arrived for ${ms} ms.`,
    );
    if (!answerOnResponse(settings, res, error)) socket.destroy();
  };
  const arm = () => {
    timer = setTimeout(check, ms);
    timer.unref();
  };
  arm();
  req.once('end', stop);
  res.once('close', stop);
}

/**
 * A step run for every request the guard lets through, before the app's listeners: the Fastify
 * plugin sets the request id there, which spares it a hook in Fastify's own lifecycle.
 * @example const step: RequestStep = (req, res) => res.setHeader('x-request-id', idOf(req));
 */
export type RequestStep = (req: IncomingMessage, res: ServerResponse) => void;

/** What `attachServer` sets: the timeouts, the listeners, the guard around the app's listeners. */
function install(
  server: Server,
  settings: Settings,
  onClientError: ClientErrorListener,
  step: RequestStep | undefined,
): void {
  if (settings.headersTimeout > 0) {
    server.headersTimeout = settings.headersTimeout;
    // Node checks the deadlines on this interval (30 s by default, read when the server starts
    // listening): a shorter one keeps a short headersTimeout meaningful.
    const every = Math.max(10, Math.min(1000, Math.floor(settings.headersTimeout / 4)));
    (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval =
      every;
    if (server.listening) {
      // Already listening (`attach(app.listen(3000))`): restart Node's checker at the new
      // interval; it is the server's own `listening` listener, safe to run again.
      for (const listener of server.listeners('listening')) {
        if (listener.name === 'setupConnectionsTracking') listener.call(server);
      }
    }
  }
  server.on('clientError', onClientError);
  server.on('connect', connectListener(settings));
  // A refused `Expect` gets errata's 417 rather than Node's bare one.
  server.on('checkExpectation', (_req: IncomingMessage, res: ServerResponse) => {
    const error = settings.catalog.normalize(
      new ApiError({
        status: 417,
        code: 'expectation_failed',
        message: 'The Expect header is not supported; only 100-continue is.',
      }),
    );
    if (!answerOnResponse(settings, res, error)) res.destroy();
  });
  (server as Server & { requireHostHeader: boolean }).requireHostHeader = false;
  const listeners = server.listeners('request') as ((...args: unknown[]) => void)[];
  server.removeAllListeners('request');
  server.on('request', function errataGuard(this: Server, req, res) {
    const refused = refusal(req, settings);
    if (refused !== undefined) {
      if (!answerOnResponse(settings, res, refused)) res.destroy();
      return;
    }
    watchBody(req, res, settings);
    if (step !== undefined) step(req, res);
    for (const listener of listeners) listener.call(this, req, res);
  });
}

/**
 * Attach errata to a server with resolved settings (errata/node's `app.attach` and the Fastify
 * plugin share their app's), with an optional step for every request it lets through.
 * Idempotent per server: returns false (and installs nothing, not even `step`) when the server
 * was attached already.
 */
export function attachSettings(server: Server, settings: Settings, step?: RequestStep): boolean {
  if (attached.has(server)) return false;
  const listener = clientErrorListener(settings);
  attached.set(server, listener);
  install(server, settings, listener, step);
  return true;
}

/**
 * Make a node:http server answer in errata's way what never reaches the framework, for any
 * framework on it (Express, Hono's `serve()`, a plain listener): requests Node's parser refuses
 * (400, 431), a chunk-framing error mid-body (400), a header block slower than `headersTimeout`
 * and a body stalled for `bodyTimeout` (408 `request_timeout`), a refused `Expect` (417), and,
 * before the app's listeners see them, an HTTP/1.1 request without Host and a target no URL
 * parser takes (`OPTIONS *`, `http://[::1/v1`), a path with a `.`/`..` segment (plain or
 * percent-encoded) or a backslash, and a body under two `Content-Type` fields: 400
 * `invalid_request`; a CONNECT (this is no proxy): 400 `invalid_request`. Each in the app's format
 * with an `X-Request-ID` and `Connection: close`. Call it after the request listener is added
 * (`createServer(app)`, `app.listen()`): listeners added later see requests unguarded. Pass the
 * app's options. Returns the server.
 * @example attachServer(serve({ fetch: app.fetch, port: 3000 }), { catalog, format: 'envelope' });
 */
export function attachServer<S extends Server>(server: S, options: ErrataOptions = {}): S {
  attachSettings(server, settingsOf(options));
  return server;
}
