import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { type ApiError, isApiError } from '../../api-error.js';
import { negotiateFormat } from '../../formats/index.js';
import type { Format, FormatName } from '../../formats/types.js';
import { renderError } from '../../render.js';
import { resolveRequestId } from '../request-id.js';
import {
  type ErrorInfo,
  failure,
  isRepresentationHeader,
  renderContext,
  reportError,
  type Settings,
} from '../settings.js';
import { httpExceptionError, pathOf, targetOf } from './errors.js';

/** How one `errataHono()` identifies requests and answers them with errors. */
export type Responder = {
  /** The request's id, resolved now (and kept in the context) when the middleware did not run. */
  requestIdOf(c: Context): string;
  infoOf(c: Context, requestId: string): ErrorInfo;
  /** The response for a thrown value or an ApiError errata raises; never throws. */
  errorResponse(c: Context, error: unknown): Response;
};

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
  header: string,
  requestId: string,
  kept?: Headers,
): Headers {
  // `new Headers` validates names and values (no CR/LF) before anything is sent.
  const headers = new Headers(kept);
  for (const [name, value] of Object.entries(rendered.headers)) headers.set(name, value);
  headers.set(header, requestId);
  if (header !== 'x-request-id') headers.set('x-request-id', requestId);
  return headers;
}

/** The error responder of errata/hono: negotiates the format and renders any thrown value. */
export function createResponder(settings: Settings): Responder {
  const { catalog } = settings;
  const header = settings.requestId.header;

  const requestIdOf = (c: Context): string => {
    const known = c.get('requestId') as string | undefined;
    if (typeof known === 'string') return known;
    const requestId = resolveRequestId(c.req.header(header), settings.requestId);
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

  const errorResponse = (c: Context, error: unknown): Response => {
    const requestId = requestIdOf(c);
    const info = infoOf(c, requestId);
    const apiError = clientError(error, info);
    const format = negotiateFormat({
      route: c.get('errataFormat') as FormatName | Format | undefined,
      app: settings.format,
      accept: settings.negotiate ? c.req.header('accept') : undefined,
    });
    const context = renderContext(settings, format, requestId, pathOf(info.url));
    const kept = keptHeaders(c, header);
    try {
      const rendered = renderError(apiError, context);
      return new Response(rendered.body, {
        status: rendered.status,
        headers: withId(rendered, header, requestId, kept),
      });
    } catch (renderFailure) {
      // Only invalid headers on the error itself get here: answer a plain internal_error.
      reportError(settings.onError, renderFailure, info);
      try {
        const rendered = renderError(catalog.roleError('internal_error'), context);
        return new Response(rendered.body, {
          status: rendered.status,
          headers: withId(rendered, header, requestId),
        });
      } catch {
        return new Response(null, { status: 500, headers: { [header]: requestId } });
      }
    }
  };

  return { requestIdOf, infoOf, errorResponse };
}
