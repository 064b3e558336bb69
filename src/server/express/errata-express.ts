import { attachSettings } from '../attach.js';
import type { ErrataOptions } from '../settings.js';
import { settingsOf } from '../settings.js';
import { errorHandler } from './error-handler.js';
import { formatMiddleware } from './format.js';
import { jsonMiddleware } from './json.js';
import type { ErrataExpress } from './options.js';
import { assignedOnServer, assignOnServer, assignRequestId, requestIdOf } from './request-id.js';
import { methodNotAllowed, notFound } from './routing.js';
import { validateMiddleware } from './validate.js';

/**
 * errata's middleware for Express 5. Options are checked now (a bad format, body limit or
 * request-id option throws a TypeError at start-up).
 * @example
 * const errata = errataExpress({ catalog, format: 'envelope', onError: (err, info) => log.error({ err, ...info }) });
 */
export function errataExpress(options: ErrataOptions = {}): ErrataExpress {
  const settings = settingsOf(options);
  const { catalog } = settings;
  return {
    requestId: function errataRequestId(req, res, next) {
      // On a server `attach` prepared, the id is there already: keep it (the header sent).
      if (!assignedOnServer(req)) assignRequestId(settings, req, res);
      next();
    },
    requestIdOf: (req) => requestIdOf(settings, req),
    json: (jsonOptions = {}) => jsonMiddleware(jsonOptions, settings.bodyLimit, catalog),
    validate: (schemas) => validateMiddleware(schemas, catalog),
    format: formatMiddleware,
    methodNotAllowed: (router) => methodNotAllowed(router, catalog),
    notFound: notFound(catalog),
    errorHandler: errorHandler(settings),
    attach(server) {
      attachSettings(server, settings, (req, res) => assignOnServer(settings, req, res));
      return server;
    },
  };
}
