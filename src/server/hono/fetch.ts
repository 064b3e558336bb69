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
import { idHeaderNames, pathOf, targetOf } from '../web-target.js';
import { type RoutedApp, routeMatchesPath } from './allow.js';
import { nodeServerEnv } from './node-env.js';
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
  const names = idHeaderNames(header);
  const { requestErrorResponse } = responder;

  const stamp = (response: Response, requestId: string): Response => {
    let out = response;
    try {
      // A Response that already carries an id is one the app answers every request with (a
      // module-level constant): another request's id is on it, and may still be on its way out.
      // This request's id goes on a copy.
      if (out.headers.has(header)) out = new Response(response.body, response);
      for (const name of names) out.headers.set(name, requestId);
    } catch {
      // Immutable headers (a Response straight from fetch()): answer with a copy.
      out = new Response(response.body, response);
      for (const name of names) out.headers.set(name, requestId);
    }
    return out;
  };

  /** A request whose params cannot be decoded that a route matches (checked only with a `%`). */
  const badlyEncoded = (request: Request, env: unknown): boolean => {
    const url = request.url;
    if (!url.includes('%') || !hasBadEncoding(pathOf(targetOf(url)))) return false;
    try {
      return routeMatchesPath(app, request.method, app.getPath(request, { env }));
    } catch {
      return false;
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
    if (node !== undefined) for (const name of names) node.outgoing.setHeader(name, requestId);
    let result: Response | Promise<Response>;
    try {
      // 400, as in every adapter (an unknown path stays notFound's 404).
      result = badlyEncoded(request, env)
        ? requestErrorResponse(
            request,
            requestId,
            catalog.roleError('invalid_request', { message: BAD_ENCODING_MESSAGE }),
          )
        : app.fetch(request, env, executionCtx);
    } catch (error) {
      result = requestErrorResponse(request, requestId, error);
    }
    // Not `instanceof Response`: node-server swaps the global Response for a lighter class.
    // Closures only for a pending answer: the synchronous one (most routes) makes none.
    if (typeof (result as Partial<Promise<Response>>).then !== 'function') {
      return node === undefined ? stamp(result as Response, requestId) : (result as Response);
    }
    return (result as Promise<Response>).then(
      (response) => (node === undefined ? stamp(response, requestId) : response),
      // errata's own answer carries the id already.
      (error: unknown) => requestErrorResponse(request, requestId, error),
    );
  };
}
