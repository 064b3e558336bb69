import type { IncomingMessage, ServerResponse } from 'node:http';
import { negotiateFormat } from '../../formats/index.js';
import type { Format, FormatName } from '../../formats/types.js';
import { renderError } from '../../render.js';
import { lingerOnClose } from '../linger.js';
import { resolveRequestId } from '../request-id.js';
import { pathRefusal } from '../request-rules.js';
import { abort, canRespond, send } from '../respond.js';
import { splitTarget } from '../router.js';
import {
  type ErrorInfo,
  failure,
  isRepresentationHeader,
  renderContext,
  reportError,
  type Settings,
} from '../settings.js';
import { RequestContext } from './context.js';
import type { Resolved } from './handler.js';
import type { NodeRateLimit, RouteOptions } from './options.js';
import { replyResponse } from './reply.js';

/** A node:http listener: `http.createServer(listener)`. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * How a pipeline finds the handler of a request: the handler, the methods the path allows
 * (405 or an automatic OPTIONS), or undefined (404). Throws an ApiError for a path it refuses.
 */
export type Resolve = (
  method: string,
  path: string,
) => Resolved | { allow: readonly string[]; options?: RouteOptions } | undefined;

/** The one request pipeline shared by `errata()` apps and `errata.wrap()`. */
export function serve(
  settings: Settings,
  appLimit: NodeRateLimit | undefined,
  resolve: Resolve,
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
      // The raw target: an absolute-form one is resolved by the URL parser in splitTarget.
      const refusal = pathRefusal(req.url ?? '/');
      if (refusal !== undefined) throw catalog.roleError('invalid_request', { message: refusal });
      path = target.path;
      if (appLimit !== undefined) await appLimit(req, res);
      const found = resolve(method, target.path);
      const notFound = () =>
        catalog.roleError('not_found', {
          message: `No route matches ${method} ${target.path.slice(0, 200)}.`,
        });
      if (found === undefined) throw notFound();
      if ('allow' in found) {
        const allow = found.allow.join(', ');
        if (method === 'OPTIONS') {
          send(res, { status: 204, headers: { allow } });
          return;
        }
        // With 405 switched off, a known path's other methods answer exactly like an unknown
        // path (same code, message and format): nothing tells the client the path exists.
        if (catalog.roles.method_not_allowed === undefined) throw notFound();
        routeFormat = found.options?.format;
        throw catalog.roleError('method_not_allowed', {
          message: `${method} is not allowed here; use ${allow}.`,
          headers: { allow },
        });
      }
      routeFormat = found.options?.format;
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
        accept: settings.negotiate ? req.headers.accept : undefined,
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
