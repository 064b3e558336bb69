import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { type ApiError, isApiError } from '../../api-error.js';
import { negotiateFormat } from '../../formats/index.js';
import type { Format, FormatName } from '../../formats/types.js';
import { mergeVary } from '../../vary.js';
import { preferredLocaleOf, webRequestLanguage } from '../preferred-locale.js';
import { answerWithFallback } from '../render-fallback.js';
import { resolveRequestId } from '../request-id.js';
import {
  type ErrorInfo,
  failure,
  isRepresentationHeader,
  type RequestLanguage,
  renderContext,
  reportError,
  type Settings,
} from '../settings.js';
import { idHeaderNames, pathOf, targetOf } from '../web-target.js';
import { httpExceptionError } from './errors.js';

/** How one `errataHono()` identifies requests and answers them with errors. */
export type Responder = {
  /**
   * The request's id: the middleware's, `errata.fetch`'s, or resolved now (and kept in the
   * context) when neither ran.
   */
  requestIdOf(c: Context): string;
  infoOf(c: Context, requestId: string): ErrorInfo;
  /** The response for a thrown value or an ApiError errata raises; never throws. */
  errorResponse(c: Context, error: unknown): Response;
  /**
   * The same for a request no Hono context is left for (`errata.fetch` catching what the app
   * threw past Hono, which hands only `Error`s to `onError`): no route pin, no kept headers.
   */
  requestErrorResponse(request: Request, requestId: string, error: unknown): Response;
};

/** What an error response depends on, read from a context or from a bare request. */
type Answering = {
  readonly requestId: string;
  readonly info: ErrorInfo;
  readonly pinned: FormatName | Format | undefined;
  readonly accept: string | undefined;
  readonly language: RequestLanguage;
  readonly kept?: Headers | undefined;
};

// The id `errata.fetch` resolved, on its request (Hono's context is created inside
// `app.fetch`). A symbol-keyed property rather than a WeakMap: a WeakMap entry per request cost
// the GC's ephemeron pass more than the property costs.
const FETCH_ID = Symbol('errata.requestId');

type Marked = Request & { [FETCH_ID]?: string };

/**
 * Keep the id `errata.fetch` resolved for a request, for `requestIdOf` of its context.
 * @example rememberRequestId(request, requestId);
 */
export function rememberRequestId(request: Request, requestId: string): void {
  (request as Marked)[FETCH_ID] = requestId;
}

/**
 * The headers a handler (or middleware) set on the response before it failed, minus those
 * describing the success body: CORS, cookies and security headers stay on the error. Clears
 * `c.res`, so Hono does not merge the dropped ones back into the error response.
 */
function keptHeaders(c: Context, header: string): Headers | undefined {
  let kept: Headers | undefined;
  try {
    const prepared = c.res.headers;
    prepared.forEach((value, name) => {
      if (name === 'set-cookie' || isRepresentationHeader(name, header)) return;
      kept ??= new Headers();
      kept.set(name, value);
    });
    for (const cookie of prepared.getSetCookie()) {
      kept ??= new Headers();
      kept.append('set-cookie', cookie);
    }
    c.res = undefined;
    // Hono's `res` setter marks the context finalized; behind two or more middlewares its
    // compose() would then drop the notFound answer (an empty 200). Nothing is final yet.
    c.finalized = false;
  } catch {
    // No readable response (a context without one): nothing to keep.
  }
  return kept;
}

function withId(
  rendered: { headers: Readonly<Record<string, string>> },
  names: readonly string[],
  requestId: string,
  kept?: Headers,
): Headers {
  // `new Headers` validates names and values (no CR/LF) before anything is sent.
  const headers = new Headers(kept);
  for (const [name, value] of Object.entries(rendered.headers)) {
    // A `Vary` the app set (CORS's `Origin`) stays, merged with the error's.
    const merged =
      name.toLowerCase() === 'vary' ? mergeVary(headers.get('vary'), value) : undefined;
    headers.set(name, merged ?? value);
  }
  for (const name of names) headers.set(name, requestId);
  return headers;
}

/** The error responder of errata/hono: negotiates the format and renders any thrown value. */
export function createResponder(settings: Settings): Responder {
  const { catalog } = settings;
  const header = settings.requestId.header;
  const names = idHeaderNames(header);

  const requestIdOf = (c: Context): string => {
    const known = c.get('requestId') as string | undefined;
    if (typeof known === 'string') return known;
    const requestId =
      (c.req.raw as Marked)[FETCH_ID] ?? resolveRequestId(c.req.header(header), settings.requestId);
    c.set('requestId', requestId);
    return requestId;
  };

  const infoOf = (c: Context, requestId: string): ErrorInfo => ({
    requestId,
    method: c.req.method,
    url: targetOf(c.req.url),
  });

  /** The ApiError a client sees for a thrown value (reporting what the owner must see). */
  const clientError = (error: unknown, info: ErrorInfo): ApiError => {
    if (!(error instanceof HTTPException) || isApiError(error)) {
      return failure(error, settings, info);
    }
    if (error.status >= 500) reportError(settings.onError, error, info);
    return httpExceptionError(error, catalog, header);
  };

  const answer = (
    error: unknown,
    { requestId, info, pinned, accept, language, kept }: Answering,
  ) => {
    const apiError = clientError(error, info);
    const format = negotiateFormat({
      route: pinned,
      app: settings.format,
      accept: settings.negotiate ? accept : undefined,
    });
    const context = renderContext(settings, format, requestId, pathOf(info.url), language);
    // `new Response` validates names and values (no CR/LF): an invalid one throws here.
    return answerWithFallback(
      settings,
      info,
      apiError,
      context,
      (rendered, fallback) =>
        new Response(rendered.body, {
          status: rendered.status,
          headers: withId(rendered, names, requestId, fallback ? undefined : kept),
        }),
      () => new Response(null, { status: 500, headers: { [header]: requestId } }),
    );
  };

  const errorResponse = (c: Context, error: unknown): Response => {
    const requestId = requestIdOf(c);
    return answer(error, {
      requestId,
      info: infoOf(c, requestId),
      pinned: c.get('errataFormat') as FormatName | Format | undefined,
      accept: c.req.header('accept'),
      language: {
        acceptLanguage: c.req.header('accept-language'),
        preferredLocale: preferredLocaleOf(c.req.raw, c, c.req),
      },
      kept: keptHeaders(c, header),
    });
  };

  const requestErrorResponse = (request: Request, requestId: string, error: unknown) =>
    answer(error, {
      requestId,
      info: { requestId, method: request.method, url: targetOf(request.url) },
      pinned: undefined,
      accept: request.headers.get('accept') ?? undefined,
      language: webRequestLanguage(request),
    });

  return { requestIdOf, infoOf, errorResponse, requestErrorResponse };
}
