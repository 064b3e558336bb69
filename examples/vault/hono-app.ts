import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { idempotencyHono } from '../../src/idempotency/hono.js';
import { rateLimitHono } from '../../src/rate-limit/hono.js';
import { type ErrataEnv, errataHono, type FetchHandler } from '../../src/server/hono/index.js';

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

export type { VaultAppOptions } from './app.js';

/** A VaultService answer as a Hono response: JSON when there is a body, else none. */
function reply(c: Context, { status, body, headers }: VaultReply): Response {
  if (body === undefined) return c.body(null, status as 204, headers);
  return c.json(body, status as ContentfulStatusCode, headers);
}

/**
 * How errata joins the vault's Hono app: around its `fetch` (`errata.fetch(app)`, the
 * recommended and faster way) or as its first middleware (`app.use(errata.middleware)`).
 */
export type VaultHonoSetup = 'fetch' | 'middleware';

/**
 * The vault API as a Hono app, behaving exactly like the errata/node one (`createVaultApp`):
 * `GET /healthz`, `GET /v1/secrets`, `GET|PUT|DELETE /v1/secrets/:name`,
 * `GET|POST /v1/secrets/:name/versions`, and debug routes that fail on purpose. Serve `fetch` on any runtime (`app.request()` skips what `fetch` adds
 * under the `'fetch'` setup).
 * @example
 * import { serve } from '@hono/node-server';
 * serve({ fetch: createVaultHono({ format: 'problem' }).fetch, port: 3000 });
 */
export function createVaultHono(
  options: VaultAppOptions = {},
  setup: VaultHonoSetup = 'fetch',
): { app: Hono<ErrataEnv>; fetch: FetchHandler } {
  const vault = new VaultService({ now: options.now, maintenance: options.maintenance });
  const log = new VersionLog(vault, options.now);
  const errata = errataHono({
    catalog: vaultCatalog,
    format: options.format ?? 'envelope',
    onError: options.onError,
  });
  const app = new Hono<ErrataEnv>();
  if (setup === 'middleware') app.use(errata.middleware);
  app.onError(errata.onError);
  app.notFound(errata.notFound(app));
  // Every request counts, per known X-API-Key (else per client IP), and every address has a
  // ceiling whatever keys it sends; headers on every response.
  const limits = vaultRateLimiting(options);
  if (limits !== undefined) {
    app.use(
      rateLimitHono(limits.limiter, {
        by: (c) => limits.identity(c.req.header(API_KEY_HEADER)),
        ipCeiling: limits.ipCeiling,
      }),
    );
  }

  // After the limits, before the routes: a replay is not a second write.
  const idempotent = vaultIdempotency(options.idempotency);
  if (idempotent !== undefined) app.use(idempotencyHono({ ...idempotent, bodyLimit: 64 * 1024 }));

  app.get('/healthz', (c) => reply(c, vault.health()));
  // A repeated query parameter keeps its last value, as in the other vaults.
  app.get('/v1/secrets', errata.validator('query', listQuerySchema, { repeated: 'last' }), (c) =>
    reply(c, vault.list(c.req.valid('query'))),
  );
  app.get('/v1/secrets/:name', (c) => reply(c, vault.read(c.req.param('name'))));
  app.put(
    '/v1/secrets/:name',
    async (c, next) => {
      vault.checkName(c.req.param('name')); // a bad name is reported before a bad body
      await next();
    },
    errata.validator('json', putSecretSchema),
    (c) =>
      reply(c, vault.write(c.req.param('name'), c.req.valid('json'), c.req.header('if-match'))),
  );
  app.delete('/v1/secrets/:name', (c) =>
    reply(c, vault.remove(c.req.param('name'), c.req.header('if-match'))),
  );
  app.get('/v1/secrets/:name/versions', (c) => reply(c, log.list(c.req.param('name'))));
  app.post(
    '/v1/secrets/:name/versions',
    async (c, next) => {
      vault.checkName(c.req.param('name'));
      await next();
    },
    errata.validator('json', appendVersionSchema),
    (c) => reply(c, log.append(c.req.param('name'), c.req.valid('json'))),
  );

  // Routes that fail on purpose, to show (and test) what clients see when things go wrong.
  app.get('/v1/debug/crash', () => vault.crash());
  app.get('/v1/debug/crash-hostile', () => vault.crashHostile());
  app.get('/v1/debug/crash-async', async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    throw new Error(CRASH_MESSAGE);
  });
  app.get('/v1/debug/stream-crash', (c) => {
    // The response has started: the error can only cut the connection, never reach the body.
    c.header('content-type', 'text/plain');
    c.header('transfer-encoding', 'chunked');
    return errata.stream(c, async (stream) => {
      await stream.write('partial ');
      throw new Error(CRASH_MESSAGE);
    });
  });
  app.get('/v1/debug/pinned', errata.format(PINNED_FORMAT), (c) => reply(c, vault.read('pinned')));
  app.get('/v1/debug/headers-then-fail', (c) =>
    vault.headersThenFail((name, value) => c.header(name, value)),
  );
  app.get('/v1/debug/status-error/:kind', (c) => vault.statusError(c.req.param('kind')));

  return { app, fetch: setup === 'fetch' ? errata.fetch(app) : app.fetch };
}

/**
 * The vault as a Hono app with errata as its first middleware: `app.request()` (tests, fetch
 * runtimes) then sees everything errata does.
 * @example serve({ fetch: createVaultHonoApp().fetch, port: 3000 });
 */
export function createVaultHonoApp(options: VaultAppOptions = {}): Hono<ErrataEnv> {
  return createVaultHono(options, 'middleware').app;
}
