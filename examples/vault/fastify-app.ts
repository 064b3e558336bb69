import Fastify, {
  type FastifyInstance,
  type FastifyPluginCallback,
  type FastifyReply,
  type FastifyServerOptions,
  type onRequestHookHandler,
  type preParsingHookHandler,
} from 'fastify';
import { z } from 'zod';
import { idempotencyFastify } from '../../src/idempotency/fastify.js';
import { rateLimitFastify } from '../../src/rate-limit/fastify.js';
import {
  clientErrorHandler,
  errataFastify,
  errataFrameworkErrors,
  errataGenReqId,
  isJsonContentType,
  type StandardSchemaProvider,
} from '../../src/server/fastify/index.js';
import { PINNED_FORMAT, type VaultAppOptions } from './app.js';
import { vaultCatalog } from './catalog.js';
import { vaultIdempotency } from './idempotency.js';
import {
  API_KEY_HEADER,
  CRASH_MESSAGE,
  listQuerySchema,
  putSecretSchema,
  type VaultReply,
  VaultService,
  vaultRateLimiting,
} from './service.js';
import { appendVersionSchema, VersionLog } from './versions.js';

/** Options of the Fastify vault: the shared ones, plus Fastify's logger. */
export type VaultFastifyOptions = VaultAppOptions & {
  /**
   * Fastify's `logger` option: `false`, `true`, pino options, or a pino instance
   * (`loggerInstance`). Every log line of a request carries `reqId`, equal to the response's
   * `X-Request-ID` (the app passes `genReqId: errataGenReqId()`).
   * @default { level: 'silent' }
   * @example logger: pino({ level: 'info' })
   */
  logger?: FastifyServerOptions['logger'] | FastifyServerOptions['loggerInstance'] | undefined;
};

function send(reply: FastifyReply, result: VaultReply): FastifyReply {
  return reply
    .code(result.status)
    .headers(result.headers)
    .send(result.body ?? null);
}

/** Params of the secret routes (always a string: the schema types `request.params`). */
const secretParams = z.object({ name: z.string() });

/**
 * `/v1/secrets/` (trailing slash) is no secret route in the other vaults, but find-my-way lets
 * `:name` match an empty segment: decline it, so it answers 404 like any unknown path.
 */
const emptyNameIsNotFound: onRequestHookHandler = (request, reply, done) => {
  if ((request.params as { name?: string }).name === '') {
    reply.callNotFound();
    return;
  }
  done();
};

/**
 * Before the body is read: a bad name (or maintenance) is reported before a bad body, and a body
 * that is not JSON is refused (415) without being read at all.
 */
function checkBeforeBody(vault: VaultService): preParsingHookHandler {
  return (request, _reply, payload, done) => {
    try {
      vault.checkName((request.params as { name: string }).name);
      if (!isJsonContentType(request.headers['content-type'])) {
        throw vaultCatalog.roleError('unsupported_media_type', {
          message:
            request.headers['content-type'] === undefined
              ? 'The request has no Content-Type; send the body as application/json.'
              : 'The request body must be sent as application/json (UTF-8).',
        });
      }
    } catch (error) {
      done(error as Error);
      return;
    }
    done(null, payload);
  };
}

/**
 * `GET /v1/secrets`, `GET|PUT|DELETE /v1/secrets/:name` and `GET|POST /v1/secrets/:name/versions`,
 * with Zod schemas in the route.
 */
function secretRoutes(vault: VaultService, log: VersionLog): FastifyPluginCallback {
  return (instance, _options, done) => {
    const app = instance.withTypeProvider<StandardSchemaProvider>();

    app.get('/v1/secrets', { schema: { querystring: listQuerySchema } }, (request, reply) =>
      send(reply, vault.list(request.query)),
    );
    app.get(
      '/v1/secrets/:name',
      { schema: { params: secretParams }, onRequest: emptyNameIsNotFound },
      (request, reply) => send(reply, vault.read(request.params.name)),
    );
    app.put(
      '/v1/secrets/:name',
      {
        schema: { params: secretParams, body: putSecretSchema },
        onRequest: emptyNameIsNotFound,
        preParsing: checkBeforeBody(vault),
      },
      (request, reply) =>
        send(reply, vault.write(request.params.name, request.body, request.headers['if-match'])),
    );
    app.delete(
      '/v1/secrets/:name',
      { schema: { params: secretParams }, onRequest: emptyNameIsNotFound },
      (request, reply) =>
        send(reply, vault.remove(request.params.name, request.headers['if-match'])),
    );
    app.get('/v1/secrets/:name/versions', { schema: { params: secretParams } }, (request, reply) =>
      send(reply, log.list(request.params.name)),
    );
    app.post(
      '/v1/secrets/:name/versions',
      {
        schema: { params: secretParams, body: appendVersionSchema },
        preParsing: checkBeforeBody(vault),
      },
      (request, reply) => send(reply, log.append(request.params.name, request.body)),
    );
    done();
  };
}

/** Routes that fail on purpose, to show (and test) what clients see when things go wrong. */
function debugRoutes(vault: VaultService): FastifyPluginCallback {
  return (app, _options, done) => {
    app.get('/v1/debug/crash', () => vault.crash());
    app.get('/v1/debug/crash-hostile', () => vault.crashHostile());
    app.get('/v1/debug/crash-async', async () => {
      await new Promise((resolve) => setImmediate(resolve));
      throw new Error(CRASH_MESSAGE);
    });
    app.get('/v1/debug/stream-crash', (_request, reply) => {
      // The response has started: the error can only cut the connection, never reach the body.
      reply.raw.writeHead(200, { 'content-type': 'text/plain' });
      reply.raw.write('partial ');
      throw new Error(CRASH_MESSAGE);
    });
    app.get('/v1/debug/pinned', { config: { errata: { format: PINNED_FORMAT } } }, (_r, reply) =>
      send(reply, vault.read('pinned')),
    );
    app.get('/v1/debug/headers-then-fail', (_request, reply) =>
      vault.headersThenFail((name, value) => reply.header(name, value)),
    );
    app.get<{ Params: { kind: string } }>('/v1/debug/status-error/:kind', (request) =>
      vault.statusError(request.params.kind),
    );
    done();
  };
}

/**
 * The vault API as a Fastify app (not yet listening), behaving exactly like the node:http one:
 * `GET /healthz`, `GET /v1/secrets`, `GET|PUT|DELETE /v1/secrets/:name`,
 * `GET|POST /v1/secrets/:name/versions`, and debug routes that fail on purpose.
 *
 * Request ids in logs: `genReqId: errataGenReqId()` makes Fastify's `request.id` (pino's `reqId`
 * on every line of a request) the id errata sends in `X-Request-ID`. Pass
 * `logger: { level: 'info' }` (or a pino instance) to see it.
 * @example
 * const app = createVaultFastifyApp({ format: 'problem', logger: { level: 'info' } });
 * await app.listen({ port: 3000 });
 */
export function createVaultFastifyApp(options: VaultFastifyOptions = {}): FastifyInstance {
  const vault = new VaultService({ now: options.now, maintenance: options.maintenance });
  const format = options.format ?? 'envelope';
  const logger = options.logger ?? { level: 'silent' };
  const serverOptions: FastifyServerOptions = {
    genReqId: errataGenReqId(),
    // The refused name of a long path is part of the error (invalid_path), not a 404.
    // Query parameters as node:http's vault reads them: a repeated one keeps its last value.
    routerOptions: {
      maxParamLength: 16_384,
      querystringParser: (query) => Object.fromEntries(new URLSearchParams(query)),
    },
    // Malformed URLs and unparseable HTTP answer in the app's format with an X-Request-ID too.
    frameworkErrors: errataFrameworkErrors,
    clientErrorHandler: clientErrorHandler({ catalog: vaultCatalog, format }),
  };
  // A pino instance goes in `loggerInstance`, options (or a boolean) in `logger`.
  if (typeof logger === 'object' && logger !== null && 'child' in logger) {
    serverOptions.loggerInstance = logger as NonNullable<FastifyServerOptions['loggerInstance']>;
  } else {
    serverOptions.logger = logger as NonNullable<FastifyServerOptions['logger']>;
  }
  const app = Fastify(serverOptions) as unknown as FastifyInstance;

  app.register(errataFastify, {
    catalog: vaultCatalog,
    format,
    onError:
      options.onError ??
      ((error, info) => app.log.error({ err: error, reqId: info.requestId }, 'request failed')),
  });
  // Every request counts, per known X-API-Key (else per client IP), and every address has a
  // ceiling whatever keys it sends; headers on every response. Added after errata (hooks run in
  // registration order), so the request id is resolved first.
  const limits = vaultRateLimiting(options);
  if (limits !== undefined) {
    app.addHook(
      'onRequest',
      rateLimitFastify(limits.limiter, {
        by: (request) => limits.identity(request.headers[API_KEY_HEADER]),
        ipCeiling: limits.ipCeiling,
      }),
    );
  }
  // After the limits and the body's validation, before the handlers: a replay is no second write.
  const idempotent = vaultIdempotency(options.idempotency);
  if (idempotent !== undefined) app.addHook('preHandler', idempotencyFastify(idempotent));
  // Registered after errata, so its onRoute hook prepares these routes (Zod schemas, guards).
  app.register((instance, _options, done) => {
    instance.get('/healthz', (_request, reply) => send(reply, vault.health()));
    done();
  });
  app.register(secretRoutes(vault, new VersionLog(vault, options.now)));
  app.register(debugRoutes(vault));
  return app;
}
