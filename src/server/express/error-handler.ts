import type { ErrorRequestHandler, Request, Response } from 'express';
import { type ApiError, isApiError } from '../../api-error.js';
import { negotiateFormat } from '../../formats/index.js';
import { lingerOnClose } from '../linger.js';
import { nodeRequestLanguage } from '../preferred-locale.js';
import { abort, canRespond, sendError } from '../respond.js';
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
import { pathOf } from './request.js';
import { requestIdOf } from './request-id.js';

/** A mapping that throws (a hostile thrown value whose getters throw) maps to nothing. */
function safely<T>(map: () => T | undefined): T | undefined {
  try {
    return map();
  } catch {
    return undefined;
  }
}

/** Send an ApiError in the request's format; never throws. */
function render(
  settings: Settings,
  apiError: ApiError,
  req: Request,
  res: Response,
  info: ErrorInfo,
): void {
  for (const name of res.getHeaderNames()) {
    if (isRepresentationHeader(name, settings.requestId.header)) res.removeHeader(name);
  }
  const format = negotiateFormat({
    route: pinnedFormat(req),
    app: settings.format,
    accept: settings.negotiate ? req.headers.accept : undefined,
  });
  const language = nodeRequestLanguage(req);
  const context = renderContext(settings, format, info.requestId, pathOf(req), language);
  lingerOnClose(req);
  sendError(settings, info, apiError, context, res);
}

/** `errata.errorHandler`: every error in the catalog's format, or a cut response when too late. */
export function errorHandler(settings: Settings): ErrorRequestHandler {
  return function errataErrorHandler(error, req, res, _next) {
    const requestId = requestIdOf(settings, req);
    const info: ErrorInfo = { requestId, method: req.method, url: req.originalUrl ?? req.url };
    if (!canRespond(res)) {
      // Express's default handler would destroy the socket too, after logging the error to the
      // console a second time: report it once and cut the response here.
      reportError(settings.onError, error, info);
      abort(res);
      return;
    }
    let apiError: ApiError;
    const mapped = isApiError(error)
      ? undefined
      : safely(() => frameworkError(error, settings.catalog));
    if (mapped === undefined) apiError = failure(error, settings, info);
    else {
      if (mapped.status >= 500) reportError(settings.onError, error, info);
      apiError = mapped;
    }
    render(settings, apiError, req, res, info);
  };
}
