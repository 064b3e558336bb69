import { z } from 'zod';
import type { FormatName } from '../../src/index.js';
import { type Context, type ErrataApp, type ErrataOptions, errata } from '../../src/server/node.js';
import { vaultCatalog } from './catalog.js';
import { type Secret, SecretStore } from './store.js';

/** Secret names: what `invalid_path` enforces. */
export const NAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,127}$/;

/** Longest part of a refused name echoed back in `invalid_path` (details and message). */
const MAX_ECHOED_NAME = 200;

/** Body of `PUT /v1/secrets/:name`. Unknown members are refused so typos do not pass silently. */
export const putSecretSchema = z.strictObject({
  value: z.string().min(1).max(4096),
  ttl_seconds: z.number().int().min(1).max(31_536_000).optional(),
});

/** Options of `createVaultApp`. */
export type VaultAppOptions = {
  /** Wire format of error bodies. @default 'envelope' */
  format?: FormatName;
  /** Clock in epoch milliseconds (tests inject one to expire secrets). @default Date.now */
  now?: () => number;
  /** Refuse every secret operation with 503 `maintenance_mode`. @default false */
  maintenance?: boolean;
  /** Where unexpected errors go. @default console.error with the request id */
  onError?: ErrataOptions['onError'] | undefined;
};

const etag = (secret: Secret) => `"${secret.version}"`;

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/** The JSON view of a secret (built without object spreads: this runs on every request). */
function view(secret: Secret, withValue: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { name: secret.name };
  if (withValue) out.value = secret.value;
  out.version = secret.version;
  out.created_at = iso(secret.createdAt);
  out.updated_at = iso(secret.updatedAt);
  out.expires_at = iso(secret.expiresAt);
  return out;
}

/** True when `If-Match` (RFC 9110 strong comparison) admits the current version. */
function ifMatchAdmits(header: string, secret: Secret): boolean {
  const current = etag(secret);
  return header
    .split(',')
    .map((tag) => tag.trim())
    .some((tag) => tag === '*' || tag === current);
}

/**
 * The vault API as an errata/node app: `GET /healthz` and `GET|PUT|DELETE /v1/secrets/:name`
 * (plus `GET /v1/debug/crash`, which throws an unexpected error on purpose).
 * @example
 * const app = createVaultApp({ format: 'problem' });
 * app.attach(http.createServer(app.handler)).listen(3000);
 */
export function createVaultApp(options: VaultAppOptions = {}): ErrataApp {
  const { format = 'envelope', now = Date.now, maintenance = false } = options;
  const store = new SecretStore(now);
  const app = errata({ catalog: vaultCatalog, format, onError: options.onError });

  /** The checks every secret operation starts with: availability, then the name. */
  const secretName = (ctx: Context<{ name: string }>): string => {
    if (maintenance) throw vaultCatalog.error('maintenance_mode');
    const { name } = ctx.params;
    if (!NAME_PATTERN.test(name)) {
      // The name is the caller's and unbounded (up to the URL size): echo only its start.
      throw vaultCatalog.error('invalid_path', {
        name: name.slice(0, MAX_ECHOED_NAME),
        pattern: NAME_PATTERN.source,
      });
    }
    return name;
  };

  /** Apply `If-Match`: a precondition on a secret that does not exist, or a stale version, fails. */
  const checkIfMatch = (ctx: Context<{ name: string }>, name: string, secret?: Secret) => {
    const header = ctx.req.headers['if-match'];
    if (header === undefined) return;
    if (secret === undefined) throw vaultCatalog.error('secret_not_found', { name });
    if (!ifMatchAdmits(header, secret)) {
      throw vaultCatalog.error('version_conflict', {
        name,
        expected: header.slice(0, 200),
        current_version: secret.version,
      });
    }
  };

  app.route('/healthz', {
    GET: () => ({ body: { status: 'ok' }, headers: { 'cache-control': 'no-store' } }),
  });

  app.route('/v1/secrets/:name', {
    GET(ctx) {
      const name = secretName(ctx);
      const found = store.get(name);
      if (found.state === 'missing') throw vaultCatalog.error('secret_not_found', { name });
      if (found.state === 'expired') {
        throw vaultCatalog.error('secret_expired', {
          name,
          expired_at: new Date(found.secret.expiresAt ?? 0).toISOString(),
        });
      }
      return {
        body: view(found.secret, true),
        headers: { etag: etag(found.secret), 'cache-control': 'no-store' },
      };
    },
    async PUT(ctx) {
      const name = secretName(ctx);
      const input = await ctx.json(putSecretSchema);
      const found = store.get(name);
      checkIfMatch(ctx, name, found.state === 'missing' ? undefined : found.secret);
      const { secret, created } = store.put(name, input.value, input.ttl_seconds);
      const headers: Record<string, string> = { etag: etag(secret), 'cache-control': 'no-store' };
      if (created) headers.location = `/v1/secrets/${encodeURIComponent(name)}`;
      return { status: created ? 201 : 200, body: view(secret, false), headers };
    },
    DELETE(ctx) {
      const name = secretName(ctx);
      const found = store.get(name);
      if (found.state === 'missing') throw vaultCatalog.error('secret_not_found', { name });
      checkIfMatch(ctx, name, found.secret);
      store.delete(name);
      return { status: 204 };
    },
  });

  app.route('/v1/debug/crash', {
    GET() {
      // A bug that leaks internals in its message: the client must see none of it.
      throw new Error(
        'connect ECONNREFUSED: postgres://admin:hunter2@db.internal:5432/vault is unreachable',
      );
    },
  });

  return app;
}
