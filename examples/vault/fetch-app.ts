import { idempotencyFetch } from '../../src/idempotency/fetch.js';
import { rateLimitFetch } from '../../src/rate-limit/fetch.js';
import { errata, type FetchErrata } from '../../src/server/fetch/index.js';
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

/** A header of the request, as the service reads them (absent: undefined). */
const header = (request: Request, name: string) => request.headers.get(name) ?? undefined;

/**
 * The vault API as an errata/fetch app, behaving exactly like the errata/node one
 * (`createVaultApp`): `GET /healthz`, `GET /v1/secrets`, `GET|PUT|DELETE /v1/secrets/:name`,
 * `GET|POST /v1/secrets/:name/versions`, and debug routes that fail on purpose. Serve its
 * `fetch` on any runtime: Bun.serve, Deno.serve, Workers, srvx on Node.
 * @example Deno.serve(createVaultFetchApp({ format: 'problem' }).fetch);
 */
export function createVaultFetchApp(options: VaultAppOptions = {}): FetchErrata {
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
      rateLimitFetch(limits.limiter, {
        by: (request) => limits.identity(header(request, API_KEY_HEADER)),
        ipCeiling: limits.ipCeiling,
      }),
    // After the limits, before the handlers: a replay is not a second write.
    idempotency: idempotent && idempotencyFetch(idempotent),
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
      const input = await ctx.json(putSecretSchema);
      return vault.write(ctx.params.name, input, header(ctx.request, 'if-match'));
    },
    DELETE: (ctx) => vault.remove(ctx.params.name, header(ctx.request, 'if-match')),
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
      await new Promise((resolve) => setTimeout(resolve, 0));
      throw new Error(CRASH_MESSAGE);
    },
  });
  app.route('/v1/debug/stream-crash', {
    GET() {
      // The response has started: the error can only cut the connection, never reach the body.
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('partial '));
        },
        pull(controller) {
          controller.error(new Error(CRASH_MESSAGE));
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/plain' } });
    },
  });
  app.route('/v1/debug/pinned', { GET: () => vault.read('pinned') }, { format: PINNED_FORMAT });
  app.route('/v1/debug/headers-then-fail', {
    GET: (ctx) => vault.headersThenFail((name, value) => ctx.headers.set(name, value)),
  });
  app.route('/v1/debug/status-error/:kind', { GET: (ctx) => vault.statusError(ctx.params.kind) });

  return app;
}

/** A VaultService answer is already a Reply (`{ status, body, headers }`). */
export type { VaultReply };
