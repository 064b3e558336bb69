import type { IncomingMessage, ServerResponse } from 'node:http';
import { negotiateFormat } from '../../formats/index.js';
import type { Format, FormatName } from '../../formats/types.js';
import { lingerOnClose } from '../linger.js';
import { nodeRequestLanguage } from '../preferred-locale.js';
import { replyResponse } from '../reply.js';
import { resolveRequestId, setRequestIdHeaders } from '../request-id.js';
import { pathRefusal } from '../request-rules.js';
import { abort, canRespond, send, sendError } from '../respond.js';
import { splitTarget } from '../router.js';
import {
  type ErrorInfo,
  failure,
  isRepresentationHeader,
  renderContext,
  reportError,
  type Settings,
} from '../settings.js';
import { isThenable } from '../thenable.js';
import { RequestContext } from './context.js';
import type { Reply, Resolved } from './handler.js';
import type { NodeIdempotency, NodeRateLimit, RouteOptions } from './options.js';

/** A node:http listener: `http.createServer(listener)`. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * How a pipeline finds the handler of a request: the handler, the methods the path allows
 * (405 or an automatic OPTIONS), or undefined (404). Throws an ApiError for a path it refuses.
 */
export type Resolve = (method: string, path: string) => Resolved | Unrouted | undefined;

/** A request target, split. */
type Target = { path: string; search: string };

/** What routing found for a path no route of the method answers (405, automatic OPTIONS). */
type Unrouted = { allow: readonly string[]; options?: RouteOptions };

/** The one request pipeline shared by `errata()` apps and `errata.wrap()`. */
export function serve(
  settings: Settings,
  appLimit: NodeRateLimit | undefined,
  resolve: Resolve,
  appIdempotency?: NodeIdempotency,
): NodeListener {
  const { catalog, onError } = settings;
  const idHeader = settings.requestId.header;
  /** The Idempotency-Key step of a request to `found`, when its method goes through one. */
  const idempotencyOf = (found: Resolved, method: string): NodeIdempotency | undefined => {
    const own = found.options.idempotency;
    const step = own === undefined ? appIdempotency : own === false ? undefined : own;
    return step?.covers(method) ? step : undefined;
  };
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
    const context = renderContext(
      settings,
      format,
      info.requestId,
      path,
      nodeRequestLanguage(res.req),
    );
    lingerOnClose(res.req);
    sendError(settings, info, apiError, context, res);
  };

  /** Answer a thrown value; never throws (a rejection must never escape the listener). */
  const failRequest = (
    error: unknown,
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    routeFormat: FormatName | Format | undefined,
    path: string | undefined,
  ): void => {
    try {
      const info: ErrorInfo = { requestId, method: req.method ?? 'GET', url: req.url ?? '' };
      const format = negotiateFormat({
        route: routeFormat,
        app: settings.format,
        accept: settings.negotiate ? req.headers.accept : undefined,
      });
      fail(error, res, info, format, path);
    } catch {
      // Unreachable unless Node itself misbehaves.
      abort(res);
    }
  };

  const notFound = (method: string, path: string) =>
    catalog.roleError('not_found', {
      message: `No route matches ${method} ${path.slice(0, 200)}.`,
    });

  /**
   * A path no route of the method answers: 204 with `Allow` for OPTIONS, else throws the 405
   * (the 404 when the catalog switched 405 off, so nothing tells the client the path exists) or
   * the 404.
   */
  const unrouted = (
    found: Unrouted | undefined,
    method: string,
    path: string,
    res: ServerResponse,
  ) => {
    if (found === undefined) throw notFound(method, path);
    const allow = found.allow.join(', ');
    if (method === 'OPTIONS') {
      send(res, { status: 204, headers: { allow } });
      return;
    }
    if (catalog.roles.method_not_allowed === undefined) throw notFound(method, path);
    throw catalog.roleError('method_not_allowed', {
      message: `${method} is not allowed here; use ${allow}.`,
      headers: { allow },
    });
  };

  /** Send a handler's reply unless the handler answered itself. Throws on a bad reply. */
  const finish = (res: ServerResponse, reply: Reply | undefined) => {
    if (res.headersSent || res.writableEnded || res.destroyed) return;
    send(res, replyResponse(reply ?? {}));
  };

  /**
   * The rest of a request once one of its steps went asynchronous: the app's rate limit (then
   * routing follows), the route's rate limit, or the handler. Never rejects.
   */
  const later = async (
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    method: string,
    target: Target,
    stage: 'app-limit' | 'route-limit' | 'idempotency' | 'handler',
    step: Promise<unknown>,
    routed: Resolved | undefined,
  ): Promise<void> => {
    let found = routed;
    let routeFormat = found?.options.format;
    try {
      let value = await step;
      if (found === undefined) {
        const resolved = resolve(method, target.path);
        if (resolved === undefined || 'allow' in resolved) {
          if (resolved !== undefined && catalog.roles.method_not_allowed !== undefined) {
            routeFormat = resolved.options?.format;
          }
          unrouted(resolved, method, target.path, res);
          return;
        }
        found = resolved;
        routeFormat = found.options.format;
        const routeLimit = found.options.rateLimit;
        if (routeLimit !== undefined) await routeLimit(req, res);
      }
      if (stage !== 'handler') {
        const step = idempotencyOf(found, method);
        if (step !== undefined) {
          const limit = found.options.bodyLimit ?? settings.bodyLimit;
          // A replay answered the request: the handler does not run.
          if (await step.before(req, res, { limit, catalog, idHeader })) return;
        }
        value = await found.handler(
          new RequestContext(req, res, method, target, found, requestId, settings, routeFormat),
        );
      }
      finish(res, value as Reply | undefined);
    } catch (error) {
      failRequest(error, req, res, requestId, routeFormat, target.path);
    }
  };

  // Per request, only what the answer needs is built: the error info and the negotiated format
  // only on failure, the query only when read (this path runs for every request). A request
  // whose steps all return at once is answered synchronously: no promise, no microtask.
  return function errataRequest(req, res) {
    const requestId = resolveRequestId(req.headers[idHeader], settings.requestId);
    let routeFormat: FormatName | Format | undefined;
    let path: string | undefined;
    try {
      setRequestIdHeaders(res, idHeader, requestId);
      const method = req.method ?? 'GET';
      const target = splitTarget(req.url);
      if (target === undefined) {
        throw catalog.roleError('invalid_request', { message: 'The request target is malformed.' });
      }
      // The raw target: an absolute-form one is resolved by the URL parser in splitTarget.
      const refusal = pathRefusal(req.url ?? '/');
      if (refusal !== undefined) throw catalog.roleError('invalid_request', { message: refusal });
      path = target.path;
      if (appLimit !== undefined) {
        void later(req, res, requestId, method, target, 'app-limit', appLimit(req, res), undefined);
        return;
      }
      const found = resolve(method, target.path);
      if (found === undefined || 'allow' in found) {
        if (found !== undefined && catalog.roles.method_not_allowed !== undefined) {
          routeFormat = found.options?.format;
        }
        unrouted(found, method, target.path, res);
        return;
      }
      routeFormat = found.options.format;
      const routeLimit = found.options.rateLimit;
      if (routeLimit !== undefined) {
        void later(req, res, requestId, method, target, 'route-limit', routeLimit(req, res), found);
        return;
      }
      if (idempotencyOf(found, method) !== undefined) {
        void later(req, res, requestId, method, target, 'idempotency', Promise.resolve(), found);
        return;
      }
      const reply = found.handler(
        new RequestContext(req, res, method, target, found, requestId, settings, routeFormat),
      );
      if (isThenable(reply)) {
        void later(req, res, requestId, method, target, 'handler', Promise.resolve(reply), found);
        return;
      }
      finish(res, reply as Reply | undefined);
    } catch (error) {
      failRequest(error, req, res, requestId, routeFormat, path);
    }
  };
}
