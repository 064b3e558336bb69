import { z } from 'zod';
import { type Context, type ErrataApp, errata } from '../../../src/server/node/index.js';
import type { ErrorInfo } from '../../../src/server/settings.js';
import { accessGuard, TEST_TOKENS } from '../shared/auth.js';
import type { SeedRateLimit } from '../shared/env.js';
import { seedRateLimit } from '../shared/rate-limit.js';
import { catalog, SECRET_PATH } from './catalog.js';

/** 401 without a token or with an unknown one, 403 when a read-only token writes. */
const authorize = accessGuard(TEST_TOKENS, {
  missing: () => catalog.error('authentication_required'),
  invalid: () => catalog.error('token_invalid'),
  forbidden: () =>
    catalog.error('insufficient_scope', undefined, {
      message: 'This token may only read secrets.',
    }),
});

/** Body of `PUT /v1/secrets/*path`. */
export const putSecretSchema = z.object({
  value: z.string({
    error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string'),
  }),
});

/**
 * The limit when none is given: generous, but there, because the API promises
 * `X-RateLimit-Limit/Remaining/Reset` on every response.
 */
export const DEFAULT_RATE_LIMIT: Readonly<SeedRateLimit> = { limit: 1000, windowSeconds: 60 };

/** Options of the seed 001 app. */
export type SecretsAppOptions = {
  /**
   * Requests allowed per client IP and window (`RATE_LIMIT`); every response carries the limit's headers.
   * @default DEFAULT_RATE_LIMIT (1000 per 60 seconds)
   * @example { limit: 100, windowSeconds: 60 }
   */
  rateLimit?: SeedRateLimit | undefined;
  /** Clock in ms since the epoch (secret timestamps and the limiter). @default Date.now */
  now?: (() => number) | undefined;
  /** Hears server failures. @default errata's console logger */
  onError?: ((error: unknown, info: ErrorInfo) => void) | undefined;
  /** Secrets present at start, by path. @default none */
  secrets?: Readonly<Record<string, string>> | undefined;
};

type Stored = { value: string; version: number; updatedAt: string };

/** A request to `/v1/secrets/*path`. */
type SecretContext = Context<{ path: string }>;

/**
 * Seed 001 as an errata/node app: `GET /v1/secrets/*path` and `PUT /v1/secrets/*path`
 * (`{"value": string}`), bearer tokens, errors in the `{ error: { … } }` envelope.
 * @example
 * const app = createApp({ rateLimit: { limit: 100, windowSeconds: 60 } });
 * app.attach(http.createServer(app.handler)).listen(3000);
 */
export function createApp(options: SecretsAppOptions = {}): ErrataApp {
  const now = options.now ?? Date.now;
  const secrets = new Map<string, Stored>();
  for (const [path, value] of Object.entries(options.secrets ?? {})) {
    secrets.set(path, { value, version: 1, updatedAt: new Date(now()).toISOString() });
  }

  const app = errata({
    catalog,
    // The API promises exactly one shape: `Accept: application/problem+json` still gets the envelope.
    negotiate: false,
    onError: options.onError,
    // Every request counts against its client IP, unknown routes too.
    rateLimit: seedRateLimit(options.rateLimit ?? DEFAULT_RATE_LIMIT, {
      catalog,
      headers: 'legacy',
      now,
    }),
  });

  const read = (ctx: SecretContext) => {
    authorize(ctx.req, 'read');
    const path = secretPath(ctx.params.path);
    const secret = secrets.get(path);
    if (secret === undefined) throw catalog.error('secret_not_found', { path });
    return {
      body: { path, value: secret.value, version: secret.version, updated_at: secret.updatedAt },
    };
  };
  const write = async (ctx: SecretContext) => {
    authorize(ctx.req, 'write');
    const path = secretPath(ctx.params.path);
    const body = await ctx.json();
    // A body that is not even an object is a malformed request; a wrong field is a 422.
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw catalog.error('invalid_request', undefined, {
        message: 'The request body must be a JSON object.',
      });
    }
    const { value } = await ctx.validate(putSecretSchema, body);
    const before = secrets.get(path);
    const stored = {
      value,
      version: (before?.version ?? 0) + 1,
      updatedAt: new Date(now()).toISOString(),
    };
    secrets.set(path, stored);
    return {
      status: before === undefined ? 201 : 200,
      body: { path, version: stored.version, updated_at: stored.updatedAt },
    };
  };

  // Any depth reaches the handlers; SECRET_PATH, not the router, bounds it (deeper is invalid_path).
  app.route('/v1/secrets/*path', { GET: read, PUT: write });
  return app;
}

/** The `*path` param (segments decoded, joined by '/'), checked against SECRET_PATH. */
function secretPath(path: string): string {
  if (!SECRET_PATH.test(path)) {
    throw catalog.error('invalid_path', { path: path.slice(0, 200) });
  }
  return path;
}
