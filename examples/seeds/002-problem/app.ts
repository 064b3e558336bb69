import { z } from 'zod';
import { type Context, type ErrataApp, errata } from '../../../src/server/node/index.js';
import type { ErrorInfo } from '../../../src/server/settings.js';
import { accessGuard, TEST_TOKENS } from '../shared/auth.js';
import type { SeedRateLimit } from '../shared/env.js';
import { seedRateLimit } from '../shared/rate-limit.js';
import { catalog } from './catalog.js';

/** One vault. */
export type Vault = { id: string; name: string };

/** One secret; `expiresAt` in epoch ms, absent when it never expires. */
export type Secret = { id: string; value: string; expiresAt?: number };

/** Where vaults live: a Map or anything with its methods (tests pass a failing one). */
export type VaultStore = Pick<Map<string, Vault>, 'get' | 'set' | 'values' | 'size'>;

/** Options of the seed 002 app. */
export type VaultsAppOptions = {
  /** Limit every request to `limit` per `windowSeconds` per client IP (`RATE_LIMIT`). @default no limit */
  rateLimit?: SeedRateLimit | undefined;
  /** Vaults an account may have on the free tier. @default 3 */
  vaultLimit?: number | undefined;
  /** Where vaults are kept. @default a new, empty Map */
  vaults?: VaultStore | undefined;
  /** Clock in epoch ms (secrets expire by it). @default Date.now */
  now?: (() => number) | undefined;
  /** Where unexpected errors go. @default console.error with the request id */
  onError?: ((error: unknown, info: ErrorInfo) => void) | undefined;
};

/** The secrets the app ships with: `expired` is past its expiry, so reading it answers 410. */
export const SHIPPED_SECRETS: readonly Secret[] = [
  { id: 'expired', value: 'old-value', expiresAt: Date.UTC(2025, 0, 1) },
  { id: 'active', value: 'current-value' },
];

/** 401 without a known bearer token, 403 when a read-only token writes. */
const authorize = accessGuard(TEST_TOKENS, {
  invalid: () => catalog.error('unauthorized'),
  forbidden: () => catalog.error('forbidden'),
});

/** Body of `POST /v1/vaults`. */
export const createVaultSchema = z.object({
  name: z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
});

/** 401 without a known token, 403 when a read-only token tries to write. */

/**
 * The body, validated. Bodies here have no `errors` member, so a schema failure is told in
 * `detail` (`name: must not be empty`) rather than in a list clients never see.
 */
async function validBody<T>(ctx: Context, schema: z.ZodType<T>): Promise<T> {
  const result = schema.safeParse(await ctx.json());
  if (result.success) return result.data;
  const message = result.error.issues
    .map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`)
    .join('; ');
  throw catalog.error('invalid_request', undefined, { message });
}

/**
 * Seed 002 as an errata/node app: `POST /v1/vaults`, `GET /v1/vaults/:id` and
 * `GET /v1/secrets/:id`, every error a four-member problem body (the catalog's format).
 * @example
 * const app = createApp();
 * app.attach(http.createServer(app.handler)).listen(3000);
 */
export function createApp(options: VaultsAppOptions = {}): ErrataApp {
  const vaults: VaultStore = options.vaults ?? new Map<string, Vault>();
  const secrets = new Map(SHIPPED_SECRETS.map((s) => [s.id, s]));
  const vaultLimit = options.vaultLimit ?? 3;
  const now = options.now ?? Date.now;
  let nextId = 1;
  const app = errata({
    catalog,
    // The API promises one shape: `Accept: application/problem+json` still gets its four-member problem body (not errata's full one).
    negotiate: false,
    onError: options.onError,
    // Per client IP; this API documents no rate-limit headers, only `Retry-After` on a 429.
    rateLimit: seedRateLimit(options.rateLimit, { catalog, headers: 'none' }),
  });

  app.route('/v1/vaults', {
    async POST(ctx) {
      authorize(ctx.req, 'write');
      const { name } = await validBody(ctx, createVaultSchema);
      for (const vault of vaults.values()) {
        if (vault.name === name) {
          throw catalog.error('conflict', undefined, {
            message: 'A vault with this name already exists.',
          });
        }
      }
      if (vaults.size >= vaultLimit) {
        throw catalog.error('resource_limit_exceeded', {
          resource: 'Vault',
          count: vaults.size,
          limit: vaultLimit,
          tier: 'free',
        });
      }
      const vault = { id: `vlt_${nextId++}`, name };
      vaults.set(vault.id, vault);
      return { status: 201, body: vault };
    },
  });
  app.route('/v1/vaults/:id', {
    GET(ctx) {
      authorize(ctx.req, 'read');
      const vault = vaults.get(ctx.params.id);
      if (vault === undefined) {
        throw catalog.error('not_found', undefined, { message: 'Vault not found.' });
      }
      return { body: vault };
    },
  });
  app.route('/v1/secrets/:id', {
    GET(ctx) {
      authorize(ctx.req, 'read');
      const secret = secrets.get(ctx.params.id);
      if (secret === undefined) {
        throw catalog.error('not_found', undefined, { message: 'Secret not found.' });
      }
      if (secret.expiresAt !== undefined && now() >= secret.expiresAt) {
        throw catalog.error('gone', undefined, { message: 'The secret has expired.' });
      }
      return { body: { id: secret.id, value: secret.value } };
    },
  });
  return app;
}
