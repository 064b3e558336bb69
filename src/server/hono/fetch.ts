// `errata.fetch(app)`: errata around a Hono app's `fetch`, off Hono's middleware chain.
//
// Why not only the middleware. Any `app.use()` moves every request from Hono's one-handler
// dispatch to `compose()`, and the middleware itself then runs per request: on
// @hono/node-server that was ~4 µs of a 25 µs request for the slot alone, and errata's work in
// it (id, context variable, header on the Response) ~4 more. Around `fetch`, a route with one
// handler keeps Hono's direct dispatch, and on node-server the id header goes on the node:http
// response before Hono writes its head (`writeHead` merges what `setHeader` set), so a
// `c.json()` keeps the adaptor's light Response path.
import type { ExecutionContext } from 'hono';
import { resolveRequestId } from '../request-id.js';
import { BAD_ENCODING_MESSAGE, hasBadEncoding } from '../router.js';
import type { Settings } from '../settings.js';
import type { RoutedApp } from './allow.js';
import { pathOf, targetOf } from './errors.js';
import { type Responder, rememberRequestId } from './responder.js';

/** What `errata.fetch` needs of a Hono app: its `fetch`, `getPath` and router. */
export type FetchApp = RoutedApp & {
  fetch(
    request: Request,
    env?: unknown,
    executionCtx?: ExecutionContext,
  ): Response | Promise<Response>;
  getPath(request: Request, options?: { env?: unknown }): string;
};

/** A fetch handler, as `serve({ fetch })`, `Bun.serve`, `Deno.serve` and Workers take it. */
export type FetchHandler = (
  request: Request,
  env?: unknown,
  executionCtx?: ExecutionContext,
) => Response | Promise<Response>;

/** The part of node:http's response used: @hono/node-server passes it as `env.outgoing`. */
type Outgoing = { setHeader(name: string, value: string): unknown; headersSent?: boolean };

/** @hono/node-server's `env`: the raw request's headers and the node:http response. */
function nodeServerEnv(
  env: unknown,
): { headers: Record<string, unknown>; outgoing: Outgoing } | undefined {
  if (typeof env !== 'object' || env === null) return undefined;
  const { incoming, outgoing } = env as { incoming?: { headers?: unknown }; outgoing?: unknown };
  const headers = incoming?.headers;
  if (typeof headers !== 'object' || headers === null) return undefined;
  if (typeof (outgoing as Outgoing | undefined)?.setHeader !== 'function') return undefined;
  return { headers: headers as Record<string, unknown>, outgoing: outgoing as Outgoing };
}

/** Whether a route (not middleware: `use`, `all`) of the request's method matches its path. */
function routeMatches(app: FetchApp, request: Request, env: unknown): boolean {
  try {
    // Hono answers HEAD with the GET route.
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const [matches] = app.router.match(method, app.getPath(request, { env }));
    return matches.some(
      ([stored]) => (stored as readonly [unknown, { method: string }])[1].method !== 'ALL',
    );
  } catch {
    return false;
  }
}

/**
 * `errata.fetch(app)`: the app's `fetch` with errata's request id (resolved before Hono runs,
 * in `X-Request-ID` of every response, `errata.requestIdOf(c)` in handlers), a 400 for a bad
 * percent-encoding in a path a route matches, and errata's answer for a value thrown that is
 * not an `Error` (which Hono's `onError` never sees).
 * @example serve({ fetch: errata.fetch(app), port: 3000 });
 */
export function fetchHandler(
  settings: Settings,
  responder: Responder,
  app: FetchApp,
): FetchHandler {
  const { catalog } = settings;
  const header = settings.requestId.header;
  const { requestErrorResponse } = responder;

  const stamp = (response: Response, requestId: string): Response => {
    try {
      response.headers.set(header, requestId);
      if (header !== 'x-request-id') response.headers.set('x-request-id', requestId);
      return response;
    } catch {
      // Immutable headers (a Response straight from fetch()): answer with a copy.
      const copy = new Response(response.body, response);
      copy.headers.set(header, requestId);
      if (header !== 'x-request-id') copy.headers.set('x-request-id', requestId);
      return copy;
    }
  };

  return function errataFetch(request, env, executionCtx) {
    const node = nodeServerEnv(env);
    const raw = node === undefined ? request.headers.get(header) : node.headers[header];
    const requestId = resolveRequestId(
      typeof raw === 'string' ? raw : undefined,
      settings.requestId,
    );
    rememberRequestId(request, requestId);
    // On node-server the id goes on the node:http response, where Hono's head merges with it;
    // elsewhere on the Response Hono returns.
    if (node !== undefined && node.outgoing.headersSent !== true) {
      node.outgoing.setHeader(header, requestId);
      if (header !== 'x-request-id') node.outgoing.setHeader('x-request-id', requestId);
    }
    const done = (response: Response) =>
      node === undefined ? stamp(response, requestId) : response;
    const failed = (error: unknown) => done(requestErrorResponse(request, requestId, error));
    let result: Response | Promise<Response>;
    try {
      const url = request.url;
      // A route matches a path whose params cannot be decoded: 400, as in every adapter (an
      // unknown path stays notFound's 404). Checked only when the URL holds a `%`.
      if (
        url.includes('%') &&
        hasBadEncoding(pathOf(targetOf(url))) &&
        routeMatches(app, request, env)
      ) {
        return failed(catalog.roleError('invalid_request', { message: BAD_ENCODING_MESSAGE }));
      }
      result = app.fetch(request, env, executionCtx);
    } catch (error) {
      return failed(error);
    }
    // Not `instanceof Response`: node-server swaps the global Response for a lighter class.
    if (typeof (result as Partial<Promise<Response>>).then !== 'function') {
      return done(result as Response);
    }
    return (result as Promise<Response>).then(done, failed);
  };
}
