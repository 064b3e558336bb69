import { attachSettings } from '../attach.js';
import { generateRequestId } from '../request-id.js';
import { type ErrataOptions, settingsOf } from '../settings.js';
import { formatMiddleware } from './format.js';
import { jsonMiddleware } from './json.js';
import { errataMiddleware } from './middleware.js';
import type { ErrataKoa } from './options.js';
import { assignOnServer, knownRequestId, requestIdOf } from './request-id.js';
import { infoOf, reportLate } from './respond.js';
import { notFoundMiddleware, routesMiddleware } from './routing.js';
import { validateMiddleware } from './validate.js';

/**
 * errata's middleware for Koa 3. Options are checked now (a bad format, body limit or
 * request-id option throws a TypeError at start-up).
 * @example
 * const errata = errataKoa({ catalog, format: 'envelope', onError: (err, info) => log.error({ err, ...info }) });
 */
export function errataKoa(options: ErrataOptions = {}): ErrataKoa {
  const settings = settingsOf(options);
  const { catalog } = settings;
  return {
    middleware: errataMiddleware(settings),
    appError: function errataAppError(error, ctx) {
      // Koa always passes the context; an app emitting `error` itself may not.
      const requestId = knownRequestId(ctx?.req) ?? generateRequestId();
      const info = ctx === undefined ? { requestId, method: '', url: '' } : infoOf(ctx, requestId);
      reportLate(settings, error, info, ctx?.req);
    },
    requestIdOf: (ctx) => requestIdOf(settings, ctx),
    json: (jsonOptions = {}) => jsonMiddleware(jsonOptions, settings.bodyLimit, catalog),
    validate: (schemas, validateOptions) => validateMiddleware(schemas, catalog, validateOptions),
    format: formatMiddleware,
    routes: (router) => routesMiddleware(router, catalog),
    notFound: notFoundMiddleware(catalog),
    attach(server) {
      attachSettings(server, settings, (req, res) => assignOnServer(settings, req, res));
      return server;
    },
  };
}
