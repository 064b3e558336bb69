import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { Catch } from '@nestjs/common';
import { type ApiError, isApiError } from '../../api-error.js';
import { negotiateFormat } from '../../formats/index.js';
import type { Format } from '../../formats/types.js';
import { nodeRequestLanguage } from '../preferred-locale.js';
import { answerWithFallback } from '../render-fallback.js';
import { abort, bare500, canRespond } from '../respond.js';
import {
  allowList,
  BAD_ENCODING_MESSAGE,
  escapeBadEncoding,
  hasBadEncoding,
  splitTarget,
} from '../router.js';
import { type ErrorInfo, failure, renderContext, reportError, type Settings } from '../settings.js';
import { dropRepresentationHeaders, write } from './answer.js';
import { isHttpException, nestApiError } from './errors.js';
import type { ErrataPlatform } from './platform.js';
import {
  assignRequestId,
  pinnedFormat,
  rawRequestOf,
  rawResponseOf,
  replyOf,
  targetOf,
} from './request.js';

/** A mapping that throws (a hostile thrown value whose getters throw) maps to nothing. */
function safely<T>(map: () => T | undefined): T | undefined {
  try {
    return map();
  } catch {
    return undefined;
  }
}

/**
 * Whether an exception is the 404 of Nest's not-found handler (no route matched at all), not a
 * NotFoundException a handler threw: its message is `Cannot <METHOD> <url>`, and the platform
 * matched no route (Express sets `req.route` only inside a route, Fastify flags `is404`).
 */
function isRouteMiss(exception: unknown, request: unknown, method: string): boolean {
  if (!isHttpException(exception) || exception.getStatus() !== 404) return false;
  if (!exception.message.startsWith(`Cannot ${method} `)) return false;
  const platform = request as { route?: { path?: unknown }; is404?: unknown; raw?: unknown };
  if (platform.raw !== undefined) return platform.is404 === true;
  // Under a global prefix, Nest's Express not-found handler is a `*path` route of its own.
  return platform.route === undefined || platform.route?.path === '*path';
}

/**
 * errata's global exception filter for Nest (registered by `ErrataModule.forRoot()`): every
 * error of an HTTP request, from guards, pipes, interceptors, handlers, Nest middleware and the
 * platform, answered in the negotiated wire format with the request id; Nest's "no route" 404
 * becomes errata's 404, or 405 with `Allow` (204 for OPTIONS) on a path other methods answer.
 * Anything that is not an HTTP error becomes the generic 500, reported to `onError`.
 * @example app.useGlobalFilters(new ErrataExceptionFilter(settings, platform)); // ErrataModule does this
 */
export class ErrataExceptionFilter implements ExceptionFilter {
  readonly #settings: Settings;
  readonly #platform: ErrataPlatform;

  constructor(settings: Settings, platform: ErrataPlatform) {
    this.#settings = settings;
    this.#platform = platform;
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    // Another transport (RPC, websockets) of a hybrid app has its own way to answer.
    if (host.getType() !== 'http') throw exception;
    const settings = this.#settings;
    const request = host.getArgByIndex(0) as unknown;
    const response = host.getArgByIndex(1) as unknown;
    const req = rawRequestOf(request);
    const res = rawResponseOf(response);
    const reply = replyOf(response);
    const requestId = assignRequestId(settings, req, res);
    const method = req.method ?? 'GET';
    const target = targetOf(request);
    const info: ErrorInfo = { requestId, method, url: target };
    if (!canRespond(res) || reply?.sent === true) {
      // Too late for an answer: report and cut the response so it cannot pass for complete.
      reportError(settings.onError, exception, info);
      abort(res);
      return;
    }
    const path = splitTarget(target)?.path ?? '/';
    let format: Format | undefined = pinnedFormat(req);
    let apiError: ApiError;
    if (safely(() => isRouteMiss(exception, request, method)) === true) {
      const allow = this.#routeMiss(request, target, path, method);
      if (allow !== undefined && method === 'OPTIONS') {
        if (!write(req, res, reply, { status: 204, headers: { allow: allow.join(', ') } })) {
          abort(res);
        }
        return;
      }
      apiError = this.#missError(method, path, allow);
      if (allow !== undefined) format ??= this.#platform.pinOf(path, allow);
    } else {
      const mapped = isApiError(exception)
        ? undefined
        : (safely(() => this.#badUrl(exception, method, path)) ??
          safely(() => nestApiError(exception, settings.catalog)));
      if (mapped === undefined) apiError = failure(exception, settings, info);
      else {
        if (mapped.status >= 500) reportError(settings.onError, exception, info);
        apiError = mapped;
      }
      format ??= this.#platform.pinOf(path, [method]);
    }
    this.#render(apiError, format, request, response, info, path);
  }

  /**
   * Fastify refuses a target with a bad percent-encoding before routing (`FST_ERR_BAD_URL`):
   * 400 with the message every adapter uses when a route's param holds it, else 404.
   */
  #badUrl(exception: unknown, method: string, path: string): ApiError | undefined {
    const cause = isHttpException(exception) ? exception.cause : exception;
    if ((cause as { code?: unknown } | null)?.code !== 'FST_ERR_BAD_URL') return undefined;
    if (!hasBadEncoding(path)) return undefined;
    const { catalog } = this.#settings;
    const escaped = escapeBadEncoding(path);
    if (this.#platform.methodsOf(escaped, escaped).size > 0) {
      return catalog.roleError('invalid_request', { message: BAD_ENCODING_MESSAGE });
    }
    return catalog.roleError('not_found', {
      message: `No route matches ${method} ${path.slice(0, 200)}.`,
    });
  }

  /** The Allow list of a path no route of the method matched; undefined for a 404. */
  #routeMiss(request: unknown, target: string, path: string, method: string) {
    const { catalog } = this.#settings;
    // With 405 switched off, a known path's other methods answer like an unknown path.
    if (catalog.roles.method_not_allowed === undefined && method !== 'OPTIONS') return undefined;
    const url = (request as { url?: unknown }).url;
    return allowList(
      this.#platform.methodsOf(typeof url === 'string' ? url : target, path),
      method,
    );
  }

  #missError(method: string, path: string, allow: string[] | undefined): ApiError {
    const { catalog } = this.#settings;
    if (allow === undefined) {
      return catalog.roleError('not_found', {
        message: `No route matches ${method} ${path.slice(0, 200)}.`,
      });
    }
    const list = allow.join(', ');
    return catalog.roleError('method_not_allowed', {
      message: `${method} is not allowed here; use ${list}.`,
      headers: { allow: list },
    });
  }

  /** Send an ApiError in the request's format; never throws. */
  #render(
    apiError: ApiError,
    pinned: Format | undefined,
    request: unknown,
    response: unknown,
    info: ErrorInfo,
    path: string,
  ): void {
    const settings = this.#settings;
    const req = rawRequestOf(request);
    const res = rawResponseOf(response);
    const reply = replyOf(response);
    try {
      dropRepresentationHeaders(res, reply, settings.requestId.header);
      const format = negotiateFormat({
        route: pinned,
        app: settings.format,
        accept: settings.negotiate ? req.headers.accept : undefined,
      });
      const language = nodeRequestLanguage(req, request);
      const context = renderContext(settings, format, info.requestId, path, language);
      answerWithFallback(
        settings,
        info,
        apiError,
        context,
        (rendered) => {
          if (!write(req, res, reply, rendered)) {
            throw new TypeError('errata: invalid header on an error');
          }
        },
        () => bare500(res),
      );
    } catch (renderFailure) {
      reportError(settings.onError, renderFailure, info);
      bare500(res);
    }
  }
}

// Applied as a call, not `@Catch()`: errata's sources need no decorator compiler option.
Catch()(ErrataExceptionFilter);
