import { z } from 'zod';
import { type ErrataApp, errata } from '../../../src/server/node/index.js';
import type { ErrorInfo } from '../../../src/server/settings.js';
import { accessGuard, TEST_TOKENS } from '../shared/auth.js';
import type { SeedRateLimit } from '../shared/env.js';
import { seedRateLimit } from '../shared/rate-limit.js';
import { catalog, NAME_TOO_SHORT } from './catalog.js';

/** One stored secret. */
export type Secret = { name: string; value: string };

/** Where secrets live: a Map, or anything with its `get`/`has`/`set` (tests pass a failing one). */
export type SecretStore = Pick<Map<string, Secret>, 'get' | 'has' | 'set'>;

/** Options of the seed 000 app. */
export type SecretsAppOptions = {
  /**
   * Limit every request to `limit` per `windowSeconds` per client IP (`RATE_LIMIT`).
   * @default no limit
   */
  rateLimit?: SeedRateLimit | undefined;
  /** Where secrets are kept. @default a new, empty Map */
  store?: SecretStore | undefined;
  /** Where unexpected errors go. @default console.error with the request id */
  onError?: ((error: unknown, info: ErrorInfo) => void) | undefined;
};

/** 401 without a known bearer token, 403 when a read-only token writes. */
const authorize = accessGuard(TEST_TOKENS, {
  invalid: () => catalog.error('unauthorized'),
  forbidden: () => catalog.error('forbidden'),
});

/** Body of `POST /v1/secrets`. */
export const createSecretSchema = z.object({
  name: z.string().min(1, NAME_TOO_SHORT),
  value: z.string(),
});

/** 401 without a known token, 403 when a read-only token tries to write. */

/**
 * Seed 000 as an errata/node app: `POST /v1/secrets` and `GET /v1/secrets/:name`, every error a
 * `{ "message": "…" }` body (the catalog's format).
 * @example
 * const app = createApp({ rateLimit: { limit: 100, windowSeconds: 60 } });
 * app.attach(http.createServer(app.handler)).listen(3000);
 */
export function createApp(options: SecretsAppOptions = {}): ErrataApp {
  const store: SecretStore = options.store ?? new Map<string, Secret>();
  const app = errata({
    catalog,
    // The API promises one shape: `Accept: application/problem+json` still gets `{ "message": "…" }`.
    negotiate: false,
    onError: options.onError,
    // Per client IP; this API documents no rate-limit headers, only `Retry-After` on a 429.
    rateLimit: seedRateLimit(options.rateLimit, { catalog, headers: 'none' }),
  });

  app.route('/v1/secrets', {
    async POST(ctx) {
      authorize(ctx.req, 'write');
      const input = await ctx.json(createSecretSchema);
      if (store.has(input.name)) throw catalog.error('secret_exists', { name: input.name });
      store.set(input.name, { name: input.name, value: input.value });
      return { status: 201, body: { name: input.name } };
    },
  });
  app.route('/v1/secrets/:name', {
    GET(ctx) {
      authorize(ctx.req, 'read');
      const secret = store.get(ctx.params.name);
      if (secret === undefined) throw catalog.error('secret_not_found');
      return { body: { name: secret.name, value: secret.value } };
    },
  });
  return app;
}
