import type { Server } from 'node:http';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { attachSettings } from '../attach.js';
import { resolveRequestId } from '../request-id.js';
import { abort } from '../respond.js';
import { reportError, type Settings, settingsOf } from '../settings.js';
import { validate } from '../validate.js';
import { guard, JSON_SUFFIX, jsonParser } from './lifecycle.js';
import { notFoundHandler } from './not-found.js';
import type { ErrataFastify, ErrataFastifyOptions, ErrataRouteConfig } from './options.js';
import { createResponder } from './responder.js';
import { knownRoutes, noteRoute } from './routes.js';
import { takeStandardSchemas } from './schema.js';
import { genReqIdOf, rememberId } from './server-options.js';

const plugin: FastifyPluginCallback<ErrataFastifyOptions> = (fastify, options, done) => {
  let settings: Settings;
  try {
    settings = settingsOf(options);
  } catch (error) {
    done(error as Error);
    return;
  }
  if (fastify.hasRequestDecorator('requestId') || fastify.hasDecorator('errata')) {
    done(new Error('errata: the errata/fastify plugin is already registered on this instance.'));
    return;
  }
  const { catalog } = settings;
  const header = settings.requestId.header;
  const known = knownRoutes();
  const responder = createResponder(fastify, settings, known);
  const { sendError, setIdHeader } = responder;

  // A getter, not a field set by a hook: the id lives with the raw request (see rememberId).
  fastify.decorateRequest('requestId', {
    getter(this: FastifyRequest) {
      return responder.requestIdOf(this);
    },
    setter(this: FastifyRequest, id: string) {
      responder.setRequestId(this, id);
    },
  });
  fastify.decorate('errata', {
    catalog,
    validate: (schema, value) => validate(schema, value, catalog),
    sendError,
  } satisfies ErrataFastify);

  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const config = route.config as { errata?: ErrataRouteConfig } | undefined;
    noteRoute(known, methods, route.url, config?.errata?.format);
    const validation = takeStandardSchemas(route, catalog);
    if (validation !== undefined) {
      const given = route.preValidation;
      route.preValidation =
        given === undefined
          ? [validation]
          : [...(Array.isArray(given) ? given : [given]), validation];
    }
    route.handler = guard(route.handler, (error, request, reply) => {
      const requestId = responder.requestIdOf(request);
      reportError(settings.onError, error, responder.infoOf(request, requestId));
      abort(reply.raw);
    });
  });

  // errata's JSON parser: prototype-safe, UTF-8 only, 415 for other charsets, 400 when empty.
  if (fastify.hasContentTypeParser('application/json')) {
    fastify.removeContentTypeParser('application/json');
  }
  const parseJson = jsonParser(catalog);
  const parserOptions = { parseAs: 'buffer' as const, bodyLimit: settings.bodyLimit };
  fastify.addContentTypeParser('application/json', parserOptions, parseJson);
  fastify.addContentTypeParser(JSON_SUFFIX, parserOptions, parseJson);

  fastify.setErrorHandler((error, request, reply) => {
    sendError(error, request, reply);
  });

  fastify.setNotFoundHandler(notFoundHandler(fastify, catalog, known, responder));

  // What Fastify answers outside its lifecycle (its bare clientError 400/408, Node's 400/417),
  // and the timeouts it leaves off (a stalled body was held forever): errata's, in the app's
  // format, on the server itself. The request id is set there too, before Fastify sees the
  // request: an `onRequest` hook would cost every request Fastify's hook runner.
  const server = fastify.server as Server | undefined;
  let stepped = false;
  if (options.attach !== false && server !== undefined && typeof server.on === 'function') {
    server.removeAllListeners('clientError');
    stepped = attachSettings(server, settings, (req, res) => {
      const id = genReqIdOf(req) ?? resolveRequestId(req.headers[header], settings.requestId);
      rememberId(req, id);
      setIdHeader(res, id);
    });
  }
  if (!stepped) {
    fastify.addHook('onRequest', (request, reply, next) => {
      // On the raw response: also there when a handler writes to `reply.raw` itself.
      setIdHeader(reply.raw, responder.requestIdOf(request));
      next();
    });
  }

  done();
};

// What fastify-plugin would set: not encapsulated (hooks, handlers and decorations reach the
// parent), a display name, and the Fastify major it supports.
Object.assign(plugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'errata',
  [Symbol.for('plugin-meta')]: { name: 'errata', fastify: '5.x' },
});

/**
 * The errata/fastify plugin. Register it before the routes (await it, or declare routes in a
 * plugin registered after it): its `onRoute` hook prepares routes declared later.
 * @example
 * const app = Fastify({ genReqId: errataGenReqId() });
 * await app.register(errataFastify, { catalog, format: 'envelope' });
 * app.get('/v1/secrets/:name', { config: { errata: { format: 'problem' } } }, handler);
 */
export const errataFastify: FastifyPluginCallback<ErrataFastifyOptions> = plugin;
