import type { ApiError } from '../api-error.js';
import type { RenderedError } from '../formats/types.js';
import { type RenderOptions, renderError } from '../render.js';
import { type ErrorInfo, reportError, type Settings } from './settings.js';

/**
 * Answer with an error through `write`, and when that fails (only invalid headers on the error
 * itself can make it: `write` throws them) report the failure and answer the catalog's plain
 * `internal_error` instead; when even that fails, `bare()` (a body-less 500, or a cut). One
 * ladder for every adapter, whatever writes its responses.
 * @example return answerWithFallback(settings, info, apiError, context, (r) => send(res, r), () => bare500(res));
 */
export function answerWithFallback<T>(
  settings: Settings,
  info: ErrorInfo,
  apiError: ApiError,
  context: RenderOptions,
  write: (rendered: RenderedError, fallback: boolean) => T,
  bare: () => T,
): T {
  try {
    return write(renderError(apiError, context), false);
  } catch (renderFailure) {
    reportError(settings.onError, renderFailure, info);
    try {
      return write(renderError(settings.catalog.roleError('internal_error'), context), true);
    } catch {
      return bare();
    }
  }
}
