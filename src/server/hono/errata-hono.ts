import type { Context, ErrorHandler } from 'hono';
import type { StreamingApi } from 'hono/utils/stream';
import { reportError, settingsOf } from '../settings.js';
import { fetchHandler } from './fetch.js';
import { formatMiddleware } from './format.js';
import { errataMiddleware } from './middleware.js';
import { notFoundHandler } from './not-found.js';
import type { HonoErrata, HonoErrataOptions } from './options.js';
import { createResponder } from './responder.js';
import { reportingStream } from './stream.js';
import { validatorOf } from './validator.js';

/**
 * Create errata's Hono middleware, error and not-found handlers, validator and format pin.
 * Throws a TypeError at start-up for a bad option.
 * @example const errata = errataHono({ catalog, format: 'envelope', onError: (e, { requestId }) => log.error({ err: e, requestId }) });
 */
export function errataHono(options: HonoErrataOptions = {}): HonoErrata {
  const settings = settingsOf(options);
  const responder = createResponder(settings);

  const onError: ErrorHandler = (error, c) => responder.errorResponse(c, error);

  const stream = (c: Context, write: (stream: StreamingApi) => Promise<void>): Response => {
    const info = responder.infoOf(c, responder.requestIdOf(c));
    return reportingStream(c, write, (error) => reportError(settings.onError, error, info));
  };

  return {
    middleware: errataMiddleware(settings, responder),
    onError,
    notFound: (app) => notFoundHandler(settings, responder, app),
    format: (pinned) => formatMiddleware(pinned, responder),
    fetch: (app) => fetchHandler(settings, responder, app),
    requestIdOf: responder.requestIdOf,
    validator: validatorOf(settings),
    stream,
  };
}
