import type { ServerResponse } from 'node:http';
import type { ParameterizedContext } from 'koa';
import { type ApiError, isApiError } from '../../api-error.js';
import { negotiateFormat } from '../../formats/index.js';
import type { RenderedError } from '../../formats/types.js';
import { withVary } from '../../vary.js';
import { lingerOnClose } from '../linger.js';
import { nodeRequestLanguage } from '../preferred-locale.js';
import { answerWithFallback } from '../render-fallback.js';
import { abort, bare500, canRespond } from '../respond.js';
import { splitTarget } from '../router.js';
import {
  type ErrorInfo,
  failure,
  isRepresentationHeader,
  renderContext,
  reportError,
  type Settings,
} from '../settings.js';
import { frameworkError } from './errors.js';
import { pinnedFormat } from './format.js';

// How errata/koa answers with an error: through Koa's own response (status, headers, a string
// body), so Koa writes it, middleware before errata's sees `ctx.status`, and HEAD loses the body
// as on any Koa response. Only a response that already started is cut instead.

/**
 * Per request (its node request), the errors already handed to onError, so Koa's `error` event
 * does not report them twice; an error constant thrown by many requests is reported for each.
 */
const reported = new WeakMap<object, WeakSet<object>>();

function reportedIn(req: object | undefined): WeakSet<object> | undefined {
  if (req === undefined) return undefined;
  let errors = reported.get(req);
  if (errors === undefined) {
    errors = new WeakSet();
    reported.set(req, errors);
  }
  return errors;
}

/**
 * Report through onError, once per error object and request (values that are not objects, or
 * without a request, every time).
 * @example reportOnce(settings, error, info, ctx.req);
 */
export function reportOnce(
  settings: Settings,
  error: unknown,
  info: ErrorInfo,
  req: object | undefined,
): void {
  if (typeof error === 'object' && error !== null) {
    const errors = reportedIn(req);
    if (errors?.has(error)) return;
    errors?.add(error);
  }
  reportError(settings.onError, error, info);
}

/**
 * Report a failure Koa met after errata's middleware returned (a stream body that broke, Koa's
 * `error` event) by the rule of every adapter: clients that hung up and client errors (4xx) are
 * not reported; anything else is, once per request.
 * @example reportLate(settings, error, infoOf(ctx, requestId), ctx.req);
 */
export function reportLate(
  settings: Settings,
  error: unknown,
  info: ErrorInfo,
  req: object | undefined,
): void {
  if (wasReported(error, req)) return;
  failure(error, { ...settings, onError: (e) => reportOnce(settings, e, info, req) }, info);
}

/**
 * Whether onError already heard of an error for this request (from the middleware or a failed
 * stream).
 * @example if (!wasReported(error, ctx.req)) failure(error, settings, info);
 */
export function wasReported(error: unknown, req: object | undefined): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    req !== undefined &&
    reported.get(req)?.has(error) === true
  );
}

/**
 * The path of the request as received (problem's `instance`).
 * @example pathOf(ctx) // '/v1/things/1'
 */
export function pathOf(ctx: ParameterizedContext): string | undefined {
  return splitTarget(ctx.originalUrl ?? ctx.req.url)?.path;
}

/**
 * What `onError` learns about a request.
 * @example infoOf(ctx, 'req_1') // { requestId: 'req_1', method: 'GET', url: '/v1/things?x=1' }
 */
export function infoOf(
  ctx: Pick<ParameterizedContext, 'req' | 'method' | 'originalUrl'>,
  requestId: string,
): ErrorInfo {
  return { requestId, method: ctx.method, url: ctx.originalUrl ?? ctx.req.url ?? '/' };
}

/**
 * Set every header or none: a TypeError (CR/LF in a value) puts back those already set as they
 * were (a `Vary` the app set stays).
 */
function setAll(res: ServerResponse, headers: Readonly<Record<string, string>>): void {
  const names = Object.keys(headers);
  const before: ReturnType<ServerResponse['getHeader']>[] = [];
  let i = 0;
  try {
    for (; i < names.length; i++) {
      const name = names[i] as string;
      before.push(res.getHeader(name));
      res.setHeader(name, headers[name] as string);
    }
  } catch (error) {
    for (let j = 0; j < i; j++) {
      const previous = before[j];
      if (previous === undefined) res.removeHeader(names[j] as string);
      else res.setHeader(names[j] as string, previous);
    }
    throw error;
  }
}

/** Hand a rendered error to Koa: status first (explicit), then headers, then the body. */
function put(ctx: ParameterizedContext, rendered: RenderedError, ids: Record<string, string>) {
  // A `Vary` set before (`ctx.vary('Origin')` by CORS middleware) stays, merged.
  setAll(ctx.res, withVary(rendered.headers, ctx.res.getHeader('vary')));
  setAll(ctx.res, ids);
  ctx.status = rendered.status;
  // A string body keeps the Content-Type just set; Koa sets Content-Length.
  ctx.body = rendered.body;
  // A handler that took the response over (`ctx.respond = false`) and failed before writing
  // still gets its answer.
  ctx.respond = true;
}

/**
 * Answer a request with an ApiError in its negotiated format (a route's pin, else the app's, or
 * problem on `Accept`), dropping the headers that describe a success body. Never throws: a
 * rendering failure (invalid headers on the error) answers a plain internal_error.
 * @example renderOnContext(settings, ctx, catalog.roleError('not_found'), infoOf(ctx, id));
 */
export function renderOnContext(
  settings: Settings,
  ctx: ParameterizedContext,
  apiError: ApiError,
  info: ErrorInfo,
): void {
  const res = ctx.res;
  const header = settings.requestId.header;
  for (const name of res.getHeaderNames()) {
    if (isRepresentationHeader(name, header)) res.removeHeader(name);
  }
  const format = negotiateFormat({
    route: pinnedFormat(ctx),
    app: settings.format,
    accept: settings.negotiate ? ctx.req.headers.accept : undefined,
  });
  const language = nodeRequestLanguage(ctx.req, ctx, ctx.request);
  const context = renderContext(settings, format, info.requestId, pathOf(ctx), language);
  // The id goes on every error, even when a handler removed it from the response.
  const ids: Record<string, string> = { [header]: info.requestId };
  if (header !== 'x-request-id') ids['x-request-id'] = info.requestId;
  lingerOnClose(ctx.req);
  answerWithFallback(
    settings,
    info,
    apiError,
    context,
    (rendered) => put(ctx, rendered, ids),
    () => {
      bare500(res);
      ctx.respond = false;
    },
  );
}

/** A mapping that throws (a hostile thrown value whose getters throw) maps to nothing. */
function safely<T>(map: () => T | undefined): T | undefined {
  try {
    return map();
  } catch {
    return undefined;
  }
}

/**
 * Answer a thrown value: the ApiError a client may see (reporting to onError what the owner
 * must see), or, when the response already started, a report and a cut connection.
 * @example catch (error) { answerFailure(settings, ctx, error, requestId); }
 */
export function answerFailure(
  settings: Settings,
  ctx: ParameterizedContext,
  error: unknown,
  requestId: string,
): void {
  const info = infoOf(ctx, requestId);
  if (!canRespond(ctx.res)) {
    // Nothing can be answered inside a started response: the client must see it break.
    reportOnce(settings, error, info, ctx.req);
    abort(ctx.res);
    ctx.respond = false;
    return;
  }
  const mapped = isApiError(error)
    ? undefined
    : safely(() => frameworkError(error, settings.catalog));
  let apiError: ApiError;
  if (mapped === undefined) {
    if (!isApiError(error) || error.status >= 500) markReported(error, ctx.req);
    apiError = failure(error, settings, info);
  } else {
    if (mapped.status >= 500) reportOnce(settings, error, info, ctx.req);
    apiError = mapped;
  }
  renderOnContext(settings, ctx, apiError, info);
}

/** `failure` reports on its own: remember the error so Koa's `error` event skips it. */
function markReported(error: unknown, req: object): void {
  if (typeof error === 'object' && error !== null) reportedIn(req)?.add(error);
}
