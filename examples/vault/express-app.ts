import express, { type Express, type Response } from 'express';
import { idempotencyExpress } from '../../src/idempotency/express.js';
import { rateLimitExpress } from '../../src/rate-limit/express.js';
import { errataExpress } from '../../src/server/express/index.js';

import { vaultCatalog } from './catalog.js';
import { vaultIdempotency } from './idempotency.js';
import {
  API_KEY_HEADER,
  CRASH_MESSAGE,
  listQuerySchema,
  PINNED_FORMAT,
  putSecretSchema,
  type VaultAppOptions,
  type VaultReply,
  VaultService,
  vaultRateLimiting,
} from './service.js';
import { appendVersionSchema, VersionLog } from './versions.js';

/** Send a VaultService reply the Express way. */
function reply(res: Response, { status, body, headers }: VaultReply): void {
  res.status(status).set(headers);
  if (body === undefined) res.end();
  else res.json(body);
}

/**
 * The vault API as an Express 5 app, with the behaviour of `createVaultApp` (errata/node):
 * `GET /healthz`, `GET /v1/secrets`, `GET|PUT|DELETE /v1/secrets/:name`,
 * `GET|POST /v1/secrets/:name/versions`, and debug routes that fail on purpose.
 * @example createVaultExpressApp({ format: 'problem' }).listen(3000);
 */
export function createVaultExpressApp(options: VaultAppOptions = {}): Express {
  const vault = new VaultService({ now: options.now, maintenance: options.maintenance });
  const log = new VersionLog(vault, options.now);
  const errata = errataExpress({
    catalog: vaultCatalog,
    format: options.format ?? 'envelope',
    onError: options.onError,
    bodyLimit: 64 * 1024,
  });

  const app = express();
  // Routing as errata/node does it: case-sensitive, `/a/` is not `/a`, no automatic ETags (the
  // vault sends its own), no X-Powered-By, and the query as flat strings (the last value of a
  // repeated parameter wins). Set before the first route: Express builds its router then.
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  app.set('etag', false);
  app.disable('x-powered-by');
  app.set('query parser', (text: string) => Object.fromEntries(new URLSearchParams(text)));

  app.use(errata.requestId);
  // Every request counts, per known X-API-Key (else per client IP), and every address has a
  // ceiling whatever keys it sends; headers on every response.
  const limits = vaultRateLimiting(options);
  if (limits !== undefined) {
    app.use(
      rateLimitExpress(limits.limiter, {
        by: (req) => limits.identity(req.get(API_KEY_HEADER)),
        ipCeiling: limits.ipCeiling,
      }),
    );
  }

  // After the limits, before the routes: a replay is not a second write.
  const idempotent = vaultIdempotency(options.idempotency);
  if (idempotent !== undefined)
    app.use(idempotencyExpress({ ...idempotent, bodyLimit: 64 * 1024 }));

  app.get('/healthz', (_req, res) => reply(res, vault.health()));

  const listQuery = errata.validate({ query: listQuerySchema });
  app.get('/v1/secrets', listQuery, (req, res) => {
    reply(res, vault.list(listQuery.valid(req).query));
  });

  const putBody = errata.validate({ body: putSecretSchema });
  app
    .route('/v1/secrets/:name')
    .get((req, res) => reply(res, vault.read(req.params.name)))
    .put(
      // A bad name is reported before a bad body.
      (req, _res, next) => {
        vault.checkName(req.params.name);
        next();
      },
      errata.json(),
      putBody,
      (req, res) => {
        reply(res, vault.write(req.params.name, putBody.valid(req).body, req.get('if-match')));
      },
    )
    .delete((req, res) => reply(res, vault.remove(req.params.name, req.get('if-match'))));

  const versionBody = errata.validate({ body: appendVersionSchema });
  app
    .route('/v1/secrets/:name/versions')
    .get((req, res) => reply(res, log.list(req.params.name)))
    .post(
      (req, _res, next) => {
        vault.checkName(req.params.name);
        next();
      },
      errata.json(),
      versionBody,
      (req, res) => reply(res, log.append(req.params.name, versionBody.valid(req).body)),
    );

  // Routes that fail on purpose, to show (and test) what clients see when things go wrong.
  app.get('/v1/debug/crash', () => vault.crash());
  app.get('/v1/debug/crash-hostile', () => vault.crashHostile());
  app.get('/v1/debug/crash-async', async () => {
    await new Promise((resolve) => setImmediate(resolve));
    throw new Error(CRASH_MESSAGE);
  });
  app.get('/v1/debug/stream-crash', (_req, res) => {
    // The response has started: the error can only cut the connection, never reach the body.
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('partial ');
    throw new Error(CRASH_MESSAGE);
  });
  app.get('/v1/debug/pinned', errata.format(PINNED_FORMAT), (_req, res) =>
    reply(res, vault.read('pinned')),
  );
  app.get('/v1/debug/headers-then-fail', (_req, res) =>
    vault.headersThenFail((name, value) => res.set(name, value)),
  );
  app.get('/v1/debug/status-error/:kind', (req) => vault.statusError(req.params.kind));

  app.use(errata.methodNotAllowed(app));
  app.use(errata.notFound);
  app.use(errata.errorHandler);
  return app;
}
