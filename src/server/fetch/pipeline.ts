import { resolveRequestId } from '../request-id.js';
import { pathRefusal } from '../request-rules.js';
import type { Routed, RouteLookup, Unrouted } from '../route-table.js';
import { splitTarget } from '../router.js';
import { type ErrorInfo, reportError, type Settings } from '../settings.js';
import { idHeaderNames, targetOf } from '../web-target.js';
import { FetchRequestContext } from './context.js';
import type { FetchHandler, FetchRouteHandler } from './handler.js';
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
type Target = { method: string; path: string; search: string; requestId: string };

/**
 * The one request pipeline of errata/fetch apps, `handler()` and `wrap()`: request id, path
 * rules, rate limits, routing (404, 405 with Allow, automatic OPTIONS), Idempotency-Key, the
 * handler, errors in the negotiated format. The returned handler never throws nor rejects, and
 * does no work after its Response is returned (nothing for `waitUntil`).
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

  /** The handler's answer as a Response: its error rendered when it throws. */
  const run = async (
    found: Found,
    ctx: FetchRequestContext,
    stamp: Stamp,
    failing: Failing,
  ): Promise<Response> => {
    try {
      const result = await found.handler(ctx);
      stamp.own = ctx.setHeaders;
      return resultResponse(
        isResponse(result)
          ? watched(result, (error) => reportError(settings.onError, error, failing.info))
          : result,
        stamp,
      );
    } catch (error) {
      stamp.own = ctx.setHeaders;
      return errorResponse(error, settings, stamp, failing);
    }
  };

  /** Everything after the request id: throws what the caller renders. */
  const answer = async (
    request: Request,
    target: Target,
    runtime: { env: unknown; executionCtx: unknown },
    stamp: Stamp,
    failing: { routeFormat: FetchRouteOptions['format'] },
  ): Promise<Response> => {
    if (appLimit !== undefined) limited(stamp, await appLimit(request, runtime.env));
    const found = lookup(target.method, target.path);
    if (found === undefined || 'allow' in found) {
      if (found !== undefined && catalog.roles.method_not_allowed !== undefined) {
        failing.routeFormat = found.options?.format;
      }
      return resultResponse(unrouted(found, target), stamp);
    }
    failing.routeFormat = found.options.format;
    const routeLimit = found.options.rateLimit;
    if (routeLimit !== undefined) limited(stamp, await routeLimit(request, runtime.env));
    const ctx = new FetchRequestContext(
      request,
      target,
      found.params,
      runtime,
      settings,
      found.options,
    );
    const full = fullFailing(request, target, failing.routeFormat);
    const step = idempotencyOf(found, target.method);
    if (step === undefined) return run(found, ctx, stamp, full);
    const context = { limit: ctx.bodyLimit, catalog, idHeader, cache: ctx.cache };
    return resultResponse(
      await step.around(request, context, () => run(found, ctx, stamp, full)),
      stamp,
    );
  };

  return async function errataFetch(request, env, executionCtx) {
    const requestId = resolveRequestId(
      request.headers.get(idHeader) ?? undefined,
      settings.requestId,
    );
    const stamp: Stamp = { requestId, names, extra: undefined };
    const raw = targetOf(request.url);
    const failing: { routeFormat: FetchRouteOptions['format'] } = { routeFormat: undefined };
    let target: Target | undefined;
    try {
      const split = splitTarget(raw);
      if (split === undefined) {
        throw catalog.roleError('invalid_request', { message: 'The request target is malformed.' });
      }
      target = { method: request.method, path: split.path, search: split.search, requestId };
      const refusal = pathRefusal(raw);
      if (refusal !== undefined) throw catalog.roleError('invalid_request', { message: refusal });
      return await answer(request, target, { env, executionCtx }, stamp, failing);
    } catch (error) {
      const info: ErrorInfo = { requestId, method: request.method, url: raw };
      return errorResponse(error, settings, stamp, {
        routeFormat: failing.routeFormat,
        accept: request.headers.get('accept'),
        info,
        path: target?.path,
      });
    }
  };

  function fullFailing(
    request: Request,
    target: Target,
    routeFormat: FetchRouteOptions['format'],
  ): Failing {
    return {
      routeFormat,
      accept: request.headers.get('accept'),
      info: { requestId: target.requestId, method: target.method, url: targetOf(request.url) },
      path: target.path,
    };
  }
}

/** A lookup that sends every request to one handler (`handler()`, `wrap()`). */
export function oneHandler(handler: FetchRouteHandler, options: FetchRouteOptions): FetchLookup {
  const found: Found = { handler, params: {}, options };
  return () => found;
}
