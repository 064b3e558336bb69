import { resolveRequestId } from '../request-id.js';
import { pathRefusal } from '../request-rules.js';
import type { Routed, RouteLookup, Unrouted } from '../route-table.js';
import { splitTarget } from '../router.js';
import { type ErrorInfo, reportError, type Settings } from '../settings.js';
import { isThenable } from '../thenable.js';
import { idHeaderNames, targetOf } from '../web-target.js';
import { FetchRequestContext } from './context.js';
import type { FetchHandler, FetchResult, FetchRouteHandler } from './handler.js';
import type {
  FetchIdempotency,
  FetchLimitOutcome,
  FetchRateLimit,
  FetchRouteOptions,
} from './options.js';
import {
  errorResponse,
  type Failing,
  isResponse,
  resultResponse,
  type Stamp,
  watched,
} from './responses.js';

/** How the pipeline finds a request's handler (errata's router, or one handler for all). */
export type FetchLookup = RouteLookup<FetchRouteHandler, FetchRouteOptions>;

type Found = Routed<FetchRouteHandler, FetchRouteOptions>;

/** A request, split once. */
type Target = {
  method: string;
  path: string;
  search: string;
  requestId: string;
  /** The request target (path and query) as received. */
  raw: string;
};

/**
 * The one request pipeline of errata/fetch apps, `handler()` and `wrap()`: request id, path
 * rules, rate limits, routing (404, 405 with Allow, automatic OPTIONS), Idempotency-Key, the
 * handler, errors in the negotiated format. The returned handler never throws nor rejects, and
 * does no work after its Response is returned (nothing for `waitUntil`).
 * @example const fetch = fetchPipeline(settingsOf({ catalog }), undefined, routeLookup(routes, catalog), undefined);
 */
export function fetchPipeline(
  settings: Settings,
  appLimit: FetchRateLimit | undefined,
  lookup: FetchLookup,
  appIdempotency: FetchIdempotency | undefined,
): FetchHandler {
  const { catalog } = settings;
  const idHeader = settings.requestId.header;
  const names = idHeaderNames(idHeader);

  const limited = (stamp: Stamp, outcome: FetchLimitOutcome | undefined): void => {
    if (outcome === undefined) return;
    stamp.extra =
      stamp.extra === undefined ? outcome.headers : { ...outcome.headers, ...stamp.extra };
    if (outcome.error !== undefined) throw outcome.error;
  };

  /** A path no route of the method answers: OPTIONS gets 204 with Allow, others 405 or 404. */
  const unrouted = (found: Unrouted<FetchRouteOptions> | undefined, target: Target): Response => {
    const { method, path } = target;
    const notFound = () =>
      catalog.roleError('not_found', {
        message: `No route matches ${method} ${path.slice(0, 200)}.`,
      });
    if (found === undefined) throw notFound();
    const allow = found.allow.join(', ');
    if (method === 'OPTIONS') return new Response(null, { status: 204, headers: { allow } });
    if (catalog.roles.method_not_allowed === undefined) throw notFound();
    throw catalog.roleError('method_not_allowed', {
      message: `${method} is not allowed here; use ${allow}.`,
      headers: { allow },
    });
  };

  const idempotencyOf = (found: Found, method: string): FetchIdempotency | undefined => {
    const own = found.options.idempotency;
    const step = own === undefined ? appIdempotency : own === false ? undefined : own;
    return step?.covers(method) ? step : undefined;
  };

  /** A handler's result as the Response to send (its failure to serialize rendered). */
  const settle = (
    result: FetchResult,
    ctx: FetchRequestContext,
    stamp: Stamp,
    failing: Failing,
  ): Response => {
    stamp.own = ctx.setHeaders;
    try {
      if (!isResponse(result)) return resultResponse(result, stamp);
      const body = watched(result, (error) => reportError(settings.onError, error, failing.info));
      return resultResponse(body, stamp, body !== result);
    } catch (error) {
      return errorResponse(error, settings, stamp, failing);
    }
  };

  /**
   * The handler's answer as a Response, its error rendered when it throws: synchronous when the
   * handler is (no promise, no microtask for the usual route).
   */
  const run = (
    found: Found,
    ctx: FetchRequestContext,
    stamp: Stamp,
    failing: Failing,
  ): Response | Promise<Response> => {
    let result: FetchResult | Promise<FetchResult>;
    try {
      result = found.handler(ctx);
    } catch (error) {
      stamp.own = ctx.setHeaders;
      return errorResponse(error, settings, stamp, failing);
    }
    if (!isThenable(result)) return settle(result, ctx, stamp, failing);
    return Promise.resolve(result).then(
      (value) => settle(value, ctx, stamp, failing),
      (error: unknown) => {
        stamp.own = ctx.setHeaders;
        return errorResponse(error, settings, stamp, failing);
      },
    );
  };

  /** The route's handler, through its Idempotency-Key step when it has one. */
  const handle = (
    request: Request,
    target: Target,
    runtime: { env: unknown; executionCtx: unknown },
    stamp: Stamp,
    found: Found,
    routeFormat: FetchRouteOptions['format'],
  ): Response | Promise<Response> => {
    const ctx = new FetchRequestContext(
      request,
      target,
      found.params,
      runtime,
      settings,
      found.options,
    );
    const full = fullFailing(request, target, routeFormat);
    const step = idempotencyOf(found, target.method);
    if (step === undefined) return run(found, ctx, stamp, full);
    const context = { limit: ctx.bodyLimit, catalog, idHeader, cache: ctx.cache };
    // The step answers with run()'s response (stamped already) or a replay (errata's own): the
    // id and rate-limit headers go on a replay; the handler's own headers never go twice.
    const bare: Stamp = { requestId: stamp.requestId, names, extra: stamp.extra };
    return step
      .around(request, context, () => Promise.resolve(run(found, ctx, stamp, full)))
      .then((response) => resultResponse(response, bare, true));
  };

  /** Routing, then the route's rate limit, then the handler. Throws what the caller renders. */
  const routed = (
    request: Request,
    target: Target,
    runtime: { env: unknown; executionCtx: unknown },
    stamp: Stamp,
    failing: { routeFormat: FetchRouteOptions['format'] },
  ): Response | Promise<Response> => {
    const found = lookup(target.method, target.path);
    if (found === undefined || 'allow' in found) {
      if (found !== undefined && catalog.roles.method_not_allowed !== undefined) {
        failing.routeFormat = found.options?.format;
      }
      return resultResponse(unrouted(found, target), stamp, true);
    }
    const routeFormat = found.options.format;
    failing.routeFormat = routeFormat;
    const routeLimit = found.options.rateLimit;
    if (routeLimit === undefined)
      return handle(request, target, runtime, stamp, found, routeFormat);
    return routeLimit(request, runtime.env).then((outcome) => {
      limited(stamp, outcome);
      return handle(request, target, runtime, stamp, found, routeFormat);
    });
  };

  return function errataFetch(request, env, executionCtx) {
    const requestId = resolveRequestId(
      request.headers.get(idHeader) ?? undefined,
      settings.requestId,
    );
    const stamp: Stamp = { requestId, names, extra: undefined };
    const raw = targetOf(request.url);
    const failing: { routeFormat: FetchRouteOptions['format'] } = { routeFormat: undefined };
    const split = splitTarget(raw);
    const target: Target | undefined =
      split === undefined
        ? undefined
        : { method: request.method, path: split.path, search: split.search, requestId, raw };
    const failed = (error: unknown): Response => {
      const info: ErrorInfo = { requestId, method: request.method, url: raw };
      return errorResponse(error, settings, stamp, {
        routeFormat: failing.routeFormat,
        request,
        info,
        path: target?.path,
      });
    };
    try {
      if (target === undefined) {
        throw catalog.roleError('invalid_request', { message: 'The request target is malformed.' });
      }
      const refusal = pathRefusal(raw);
      if (refusal !== undefined) throw catalog.roleError('invalid_request', { message: refusal });
      const runtime = { env, executionCtx };
      const answer =
        appLimit === undefined
          ? routed(request, target, runtime, stamp, failing)
          : appLimit(request, env).then((outcome) => {
              limited(stamp, outcome);
              return routed(request, target, runtime, stamp, failing);
            });
      return isThenable(answer) ? answer.then(undefined, failed) : answer;
    } catch (error) {
      return failed(error);
    }
  };

  function fullFailing(
    request: Request,
    target: Target,
    routeFormat: FetchRouteOptions['format'],
  ): Failing {
    return {
      routeFormat,
      request,
      info: { requestId: target.requestId, method: target.method, url: target.raw },
      path: target.path,
    };
  }
}

/**
 * A lookup that sends every request to one handler (`handler()`, `wrap()`).
 * @example fetchPipeline(settings, undefined, oneHandler((ctx) => ({ body: 'ok' }), {}), undefined)
 */
export function oneHandler(handler: FetchRouteHandler, options: FetchRouteOptions): FetchLookup {
  const found: Found = { handler, params: {}, options };
  return () => found;
}
