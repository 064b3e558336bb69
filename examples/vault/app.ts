import { idempotency } from '../../src/idempotency/node.js';
import { rateLimit } from '../../src/rate-limit/node.js';
import { type ErrataApp, errata } from '../../src/server/node/index.js';
import { vaultCatalog } from './catalog.js';
import { vaultIdempotency } from './idempotency.js';
import {
  API_KEY_HEADER,
  CRASH_MESSAGE,
  listQuerySchema,
  PINNED_FORMAT,
  putSecretSchema,
  type VaultAppOptions,
  VaultService,
  vaultRateLimiting,
} from './service.js';
import { appendVersionSchema, VersionLog } from './versions.js';

export {
  NAME_PATTERN,
  PINNED_FORMAT,
  putSecretSchema,
  type VaultAppOptions,
} from './service.js';

/**
 * The vault API as an errata/node app: `GET /healthz`, `GET /v1/secrets`,
 * `GET|PUT|DELETE /v1/secrets/:name`, `GET|POST /v1/secrets/:name/versions`, and debug routes
 * that fail on purpose.
 * @example
 * const app = createVaultApp({ format: 'problem' });
 * app.attach(http.createServer(app.handler)).listen(3000);
 */
export function createVaultApp(options: VaultAppOptions = {}): ErrataApp {
  const vault = new VaultService({ now: options.now, maintenance: options.maintenance });
  const log = new VersionLog(vault, options.now);
  const limits = vaultRateLimiting(options);
  const idempotent = vaultIdempotency(options.idempotency);
  const app = errata({
    catalog: vaultCatalog,
    format: options.format ?? 'envelope',
    onError: options.onError,
    // Every request counts, per known X-API-Key (else per client IP), and every address has a
    // ceiling whatever keys it sends; headers on every response.
    rateLimit:
      limits &&
      rateLimit(limits.limiter, {
        by: (req) => limits.identity(req.headers[API_KEY_HEADER]),
        ipCeiling: limits.ipCeiling,
      }),
    // After the limits, before the handlers: a replay is not a second write.
    idempotency: idempotent && idempotency(idempotent),
  });

  app.route('/healthz', { GET: () => vault.health() });
  app.route('/v1/secrets', {
    GET: async (ctx) =>
      vault.list(await ctx.validate(listQuerySchema, Object.fromEntries(ctx.query))),
  });
  app.route('/v1/secrets/:name', {
    GET: (ctx) => vault.read(ctx.params.name),
    async PUT(ctx) {
      vault.checkName(ctx.params.name); // a bad name is reported before a bad body
      return vault.write(
        ctx.params.name,
        await ctx.json(putSecretSchema),
        ctx.req.headers['if-match'],
      );
    },
    DELETE: (ctx) => vault.remove(ctx.params.name, ctx.req.headers['if-match']),
  });
  app.route('/v1/secrets/:name/versions', {
    GET: (ctx) => log.list(ctx.params.name),
    async POST(ctx) {
      vault.checkName(ctx.params.name);
      return log.append(ctx.params.name, await ctx.json(appendVersionSchema));
    },
  });

  // Routes that fail on purpose, to show (and test) what clients see when things go wrong.
  app.route('/v1/debug/crash', { GET: () => vault.crash() });
  app.route('/v1/debug/crash-hostile', { GET: () => vault.crashHostile() });
  app.route('/v1/debug/crash-async', {
    async GET() {
      await new Promise((resolve) => setImmediate(resolve));
      throw new Error(CRASH_MESSAGE);
    },
  });
  app.route('/v1/debug/stream-crash', {
    GET(ctx) {
      // The response has started: the error can only cut the connection, never reach the body.
      ctx.res.writeHead(200, { 'content-type': 'text/plain' });
      ctx.res.write('partial ');
      throw new Error(CRASH_MESSAGE);
    },
  });
  app.route('/v1/debug/pinned', { GET: () => vault.read('pinned') }, { format: PINNED_FORMAT });
  app.route('/v1/debug/headers-then-fail', {
    GET: (ctx) => vault.headersThenFail((name, value) => ctx.res.setHeader(name, value)),
  });
  app.route('/v1/debug/status-error/:kind', { GET: (ctx) => vault.statusError(ctx.params.kind) });

  return app;
}
