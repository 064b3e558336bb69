import { Readable } from 'node:stream';
import Router from '@koa/router';
import Koa, { type ParameterizedContext } from 'koa';
import { idempotencyKoa } from '../../src/idempotency/koa.js';
import { rateLimitKoa } from '../../src/rate-limit/koa.js';
import { errataKoa } from '../../src/server/koa/index.js';

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

export type { VaultAppOptions } from './service.js';

/** Send a VaultService reply the Koa way: status, headers, then the JSON body (if any). */
function reply(ctx: ParameterizedContext, { status, body, headers }: VaultReply): void {
  ctx.status = status;
  ctx.set(headers);
  if (body !== undefined) ctx.body = body;
}

/** A request header as one string (Koa's `ctx.get` gives '' for a missing one). */
function header(ctx: ParameterizedContext, name: string): string | undefined {
  const value = ctx.req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The vault API as a Koa 3 app with @koa/router, with the behaviour of `createVaultApp`
 * (errata/node): `GET /healthz`, `GET /v1/secrets`, `GET|PUT|DELETE /v1/secrets/:name`,
 * `GET|POST /v1/secrets/:name/versions`, and debug routes that fail on purpose.
 * @example attachServer(http.createServer(createVaultKoaApp({ format: 'problem' }).callback())).listen(3000);
 */
export function createVaultKoaApp(options: VaultAppOptions = {}): Koa {
  const vault = new VaultService({ now: options.now, maintenance: options.maintenance });
  const log = new VersionLog(vault, options.now);
  const errata = errataKoa({
    catalog: vaultCatalog,
    format: options.format ?? 'envelope',
    onError: options.onError,
    bodyLimit: 64 * 1024,
  });

  // Routing as errata/node does it: case-sensitive, `/a/` is not `/a`.
  const router = new Router({ sensitive: true, strict: true });

  router.get('/healthz', (ctx) => reply(ctx, vault.health()));

  // A repeated query parameter keeps its last value, as in the other vaults.
  const listQuery = errata.validate({ query: listQuerySchema }, { repeated: 'last' });
  router.get('/v1/secrets', listQuery, (ctx) => {
    reply(ctx, vault.list(listQuery.valid(ctx).query));
  });

  const putBody = errata.validate({ body: putSecretSchema });
  router.get('/v1/secrets/:name', (ctx) => reply(ctx, vault.read(ctx.params.name ?? '')));
  router.put(
    '/v1/secrets/:name',
    // A bad name is reported before a bad body.
    async (ctx, next) => {
      vault.checkName(ctx.params.name ?? '');
      await next();
    },
    errata.json(),
    putBody,
    (ctx) => {
      const name = ctx.params.name ?? '';
      reply(ctx, vault.write(name, putBody.valid(ctx).body, header(ctx, 'if-match')));
    },
  );
  router.delete('/v1/secrets/:name', (ctx) =>
    reply(ctx, vault.remove(ctx.params.name ?? '', header(ctx, 'if-match'))),
  );

  const versionBody = errata.validate({ body: appendVersionSchema });
  router.get('/v1/secrets/:name/versions', (ctx) => reply(ctx, log.list(ctx.params.name ?? '')));
  router.post(
    '/v1/secrets/:name/versions',
    async (ctx, next) => {
      vault.checkName(ctx.params.name ?? '');
      await next();
    },
    errata.json(),
    versionBody,
    (ctx) => reply(ctx, log.append(ctx.params.name ?? '', versionBody.valid(ctx).body)),
  );

  // Routes that fail on purpose, to show (and test) what clients see when things go wrong.
  router.get('/v1/debug/crash', () => vault.crash());
  router.get('/v1/debug/crash-hostile', () => vault.crashHostile());
  router.get('/v1/debug/crash-async', async () => {
    await new Promise((resolve) => setImmediate(resolve));
    throw new Error(CRASH_MESSAGE);
  });
  router.get('/v1/debug/stream-crash', (ctx) => {
    // Koa sends the head and 'partial ' before the stream fails: the error can only cut the
    // connection (errata reports it), never reach the body.
    ctx.type = 'text/plain';
    ctx.body = Readable.from(
      (async function* crashing() {
        yield 'partial ';
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error(CRASH_MESSAGE);
      })(),
    );
  });
  router.get('/v1/debug/pinned', errata.format(PINNED_FORMAT), (ctx) =>
    reply(ctx, vault.read('pinned')),
  );
  router.get('/v1/debug/headers-then-fail', (ctx) =>
    vault.headersThenFail((name, value) => ctx.set(name, value)),
  );
  router.get('/v1/debug/status-error/:kind', (ctx) => vault.statusError(ctx.params.kind ?? ''));

  const app = new Koa();
  app.use(errata.middleware);
  // Every request counts, per known X-API-Key (else per client IP), and every address has a
  // ceiling whatever keys it sends; headers on every response.
  const limits = vaultRateLimiting(options);
  if (limits !== undefined) {
    app.use(
      rateLimitKoa(limits.limiter, {
        by: (ctx) => limits.identity(ctx.req.headers[API_KEY_HEADER]),
        ipCeiling: limits.ipCeiling,
      }),
    );
  }
  // After the limits, before the routes: a replay is not a second write.
  const idempotent = vaultIdempotency(options.idempotency);
  if (idempotent !== undefined) app.use(idempotencyKoa({ ...idempotent, bodyLimit: 64 * 1024 }));

  app.use(errata.routes(router));
  app.use(errata.notFound);
  // A stream that fails after Koa started sending it reaches onError, not Koa's console print.
  app.on('error', errata.appError);
  return app;
}
