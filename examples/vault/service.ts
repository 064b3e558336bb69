import { z } from 'zod';
import type { FormatName } from '../../src/index.js';
import { createRateLimiter, type RateLimiter } from '../../src/rate-limit/limiter.js';
import { definePolicy } from '../../src/rate-limit/policy.js';
import { MemoryStore } from '../../src/rate-limit/stores/memory.js';
import type { Policy, RateLimitStore } from '../../src/rate-limit/types.js';
import type { ErrorInfo } from '../../src/server/settings.js';
import { vaultCatalog } from './catalog.js';
import type { VaultIdempotency } from './idempotency.js';
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

/** Query of `GET /v1/secrets`: query values arrive as text, so numbers are coerced. */
export const listQuerySchema = z.object({
  prefix: z.string().max(128).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export type PutSecret = z.infer<typeof putSecretSchema>;
export type ListQuery = z.infer<typeof listQuerySchema>;

/** Options of the vault example app, the same in every framework. */
export type VaultAppOptions = {
  /** Wire format of error bodies. @default 'envelope' */
  format?: FormatName | undefined;
  /** Clock in epoch milliseconds (tests inject one to expire secrets). @default Date.now */
  now?: (() => number) | undefined;
  /** Refuse every secret operation with 503 `maintenance_mode`. @default false */
  maintenance?: boolean | undefined;
  /** Where unexpected errors go. @default console.error with the request id */
  onError?: ((error: unknown, info: ErrorInfo) => void) | undefined;
  /**
   * Limit every request to `limit` per `windowSeconds` per client: its API key when the vault
   * knows it (`apiKeys`), else its IP (`RATE_LIMIT=<count>/<seconds>`). @default no limit, no headers
   */
  rateLimit?: VaultRateLimit | undefined;
  /**
   * The API keys the vault knows (`API_KEYS`): an `X-API-Key` among them is the client's
   * identity, with a budget of its own; any other value counts on the client's IP, as no key
   * does, so a client cannot dodge the limit by sending a new key per request.
   * @default none: every request is limited on its IP
   * @example apiKeys: ['k_live_alice', 'k_live_bob']
   */
  apiKeys?: readonly string[] | undefined;
  /**
   * The per-IP ceiling beside each key's budget (`RATE_LIMIT_IP=<count>/<seconds>`): the most
   * requests one address may send, whatever keys it uses.
   * @default ten times `rateLimit`, in the same window
   */
  rateLimitIp?: VaultRateLimit | undefined;
  /** Which rate-limit headers to send (`RATE_LIMIT_HEADERS`). @default 'legacy' */
  rateLimitHeaders?: VaultRateLimitHeaders | undefined;
  /** Where the counts live (a RedisStore for `REDIS_URL`). @default a MemoryStore on `now` */
  rateLimitStore?: RateLimitStore | undefined;
  /**
   * How long a check waits for the store before the limiter counts in memory
   * (`RATE_LIMIT_STORE_TIMEOUT_MS`, the limiter's `storeTimeoutMs`). @default 200
   */
  rateLimitStoreTimeoutMs?: number | undefined;
  /** Hears rate-limit store failures (the limiter's `reportStoreError`). @default console.warn */
  rateLimitReportStoreError?: ((error: unknown) => void) | undefined;
  /** Idempotency-Key on every write (`IDEMPOTENCY`). @default off */
  idempotency?: VaultIdempotency | undefined;
};

/** `RATE_LIMIT`: `limit` requests per `windowSeconds`. */
export type VaultRateLimit = { limit: number; windowSeconds: number };

/** `RATE_LIMIT_HEADERS`. */
export const RATE_LIMIT_HEADER_MODES = ['legacy', 'ietf', 'both'] as const;
export type VaultRateLimitHeaders = (typeof RATE_LIMIT_HEADER_MODES)[number];

/** The name of the vault's one rate policy, as in `RateLimit-Policy: "vault";q=…;w=…`. */
export const RATE_POLICY_NAME = 'vault';

/** The header that carries a client's API key. */
export const API_KEY_HEADER = 'x-api-key';

/** The name of the vault's per-IP ceiling, as in `RateLimit-Policy: …, "vault.ip";q=…;w=…`. */
export const IP_POLICY_NAME = 'vault.ip';

/** What a vault app hands its adapter's rate-limit middleware, the same in every framework. */
export type VaultRateLimiting = {
  limiter: RateLimiter;
  /**
   * The `by` of the middleware, over the `X-API-Key` header's value: the key when the vault
   * knows it, else undefined (the request is then limited on its IP). Never the header as sent:
   * a made-up key per request would be a new client each time.
   */
  identity: (apiKey: string | readonly string[] | undefined) => string | undefined;
  /** The middleware's `ipCeiling`: `rateLimitIp`, else the default (ten times the limit). */
  ipCeiling: Policy[] | undefined;
};

/**
 * The rate limiting of a vault app, the same in every framework; undefined when `rateLimit` is
 * not set. Each app hands `limiter`, `identity` (as `by`, over `X-API-Key`) and `ipCeiling`
 * to its adapter's middleware.
 * @example const limits = vaultRateLimiting({ rateLimit: { limit: 100, windowSeconds: 60 }, apiKeys: ['k1'] });
 */
export function vaultRateLimiting(options: VaultAppOptions): VaultRateLimiting | undefined {
  if (options.rateLimit === undefined) return undefined;
  const { limit, windowSeconds } = options.rateLimit;
  const limiter = createRateLimiter({
    policies: [{ name: RATE_POLICY_NAME, limit, window: windowSeconds }],
    headers: options.rateLimitHeaders ?? 'legacy',
    catalog: vaultCatalog,
    store: options.rateLimitStore ?? new MemoryStore({ now: options.now }),
    reportStoreError: options.rateLimitReportStoreError,
    storeTimeoutMs: options.rateLimitStoreTimeoutMs,
  });
  const known = new Set(options.apiKeys ?? []);
  const ip = options.rateLimitIp;
  return {
    limiter,
    identity: (apiKey) => {
      const key = typeof apiKey === 'string' ? apiKey : apiKey?.[0];
      return key !== undefined && known.has(key) ? key : undefined;
    },
    ipCeiling:
      ip === undefined
        ? undefined
        : [definePolicy({ name: IP_POLICY_NAME, limit: ip.limit, window: ip.windowSeconds })],
  };
}

/** The format `GET /v1/debug/pinned` pins, whatever the app's format or `Accept` say. */
export const PINNED_FORMAT: FormatName = 'jsonapi';

/** A successful answer, whatever the framework. */
export type VaultReply = { status: number; body?: unknown; headers: Record<string, string> };

/** The message of the deliberate crash: internals a client must never see. */
export const CRASH_MESSAGE =
  'connect ECONNREFUSED: postgres://admin:hunter2@db.internal:5432/vault is unreachable';

/**
 * What `GET /v1/debug/headers-then-fail` sets before it fails: headers describing the success
 * body (dropped from the error) and others (CORS, cookies: kept on the error).
 */
export const HEADERS_THEN_FAIL = {
  dropped: {
    etag: '"42"',
    'last-modified': 'Wed, 01 Jan 2025 00:00:00 GMT',
    'content-language': 'en',
  },
  kept: { 'access-control-allow-origin': 'https://app.example.com', 'x-frame-options': 'DENY' },
} as const;

/**
 * Kinds of `GET /v1/debug/status-error/:kind`: what a library may throw with an HTTP status.
 * - `client`: an Error with `statusCode: 400` whose message leaks internals (generic 400)
 * - `exposed`: an http-errors-style Error with `status: 409, expose: true` (its message is shown)
 * - `server`: an Error with `statusCode: 503` (a generic 500, reported)
 * - `plain`: a non-Error `{ statusCode: 400 }` (never mapped: a generic 500, reported)
 */
export const STATUS_ERROR_KINDS = ['client', 'exposed', 'server', 'plain'] as const;

/** The message `exposed` shows clients. */
export const EXPOSED_MESSAGE = 'The secret is locked by another writer.';

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

/** Options of a VaultService. */
export type VaultServiceOptions = {
  /** Clock in epoch milliseconds (tests inject one to expire secrets). @default Date.now */
  now?: (() => number) | undefined;
  /** Refuse every secret operation with 503 `maintenance_mode`. @default false */
  maintenance?: boolean | undefined;
};

/**
 * The vault's behaviour, framework-free: every adapter (node, Express, Fastify, Hono) maps its
 * routes onto these methods, so the four example servers cannot drift apart. Failures are
 * thrown as the catalog's ApiErrors.
 * @example const vault = new VaultService(); vault.read('db');
 */
export class VaultService {
  readonly #store: SecretStore;
  readonly #maintenance: boolean;

  constructor(options: VaultServiceOptions = {}) {
    this.#store = new SecretStore(options.now ?? Date.now);
    this.#maintenance = options.maintenance ?? false;
  }

  /** `GET /healthz` */
  health(): VaultReply {
    return { status: 200, body: { status: 'ok' }, headers: { 'cache-control': 'no-store' } };
  }

  /** The checks every secret operation starts with: availability, then the name. */
  checkName(name: string): string {
    if (this.#maintenance) throw vaultCatalog.error('maintenance_mode');
    if (!NAME_PATTERN.test(name)) {
      // The name is the caller's and unbounded (up to the URL size): echo only its start.
      throw vaultCatalog.error('invalid_path', {
        name: name.slice(0, MAX_ECHOED_NAME),
        pattern: NAME_PATTERN.source,
      });
    }
    return name;
  }

  /** `GET /v1/secrets/:name` */
  read(name: string): VaultReply {
    this.checkName(name);
    const found = this.#store.get(name);
    if (found.state === 'missing') throw vaultCatalog.error('secret_not_found', { name });
    if (found.state === 'expired') {
      throw vaultCatalog.error('secret_expired', {
        name,
        expired_at: new Date(found.secret.expiresAt ?? 0).toISOString(),
      });
    }
    return {
      status: 200,
      body: view(found.secret, true),
      headers: { etag: etag(found.secret), 'cache-control': 'no-store' },
    };
  }

  /** `PUT /v1/secrets/:name` with a validated body: 201 on create, 200 on update. */
  write(name: string, input: PutSecret, ifMatch: string | undefined): VaultReply {
    this.checkName(name);
    const found = this.#store.get(name);
    this.#checkIfMatch(name, ifMatch, found.state === 'missing' ? undefined : found.secret);
    const { secret, created } = this.#store.put(name, input.value, input.ttl_seconds);
    const headers: Record<string, string> = { etag: etag(secret), 'cache-control': 'no-store' };
    if (created) headers.location = `/v1/secrets/${encodeURIComponent(name)}`;
    return { status: created ? 201 : 200, body: view(secret, false), headers };
  }

  /** `DELETE /v1/secrets/:name`: 204. */
  remove(name: string, ifMatch: string | undefined): VaultReply {
    this.checkName(name);
    const found = this.#store.get(name);
    if (found.state === 'missing') throw vaultCatalog.error('secret_not_found', { name });
    this.#checkIfMatch(name, ifMatch, found.secret);
    this.#store.delete(name);
    return { status: 204, headers: {} };
  }

  /** `GET /v1/secrets?prefix=&limit=` with a validated query: names only, never values. */
  list(query: ListQuery): VaultReply {
    if (this.#maintenance) throw vaultCatalog.error('maintenance_mode');
    const names = this.#store.names(query.prefix ?? '').slice(0, query.limit);
    return { status: 200, body: { names }, headers: { 'cache-control': 'no-store' } };
  }

  /**
   * `GET /v1/debug/crash-hostile`: a thrown value that throws when inspected (a Proxy whose
   * every trap throws), as a broken library may throw; the client still gets a clean 500.
   */
  crashHostile(): never {
    const trap = () => {
      throw new Error(CRASH_MESSAGE);
    };
    throw new Proxy({}, { get: trap, getPrototypeOf: trap, has: trap, ownKeys: trap });
  }

  /**
   * `GET /v1/debug/headers-then-fail`: set headers (through the framework's `set`), then fail
   * with a 404: the error keeps the CORS header and drops the ETag.
   */
  headersThenFail(set: (name: string, value: string) => void): never {
    for (const [name, value] of Object.entries(HEADERS_THEN_FAIL.dropped)) set(name, value);
    for (const [name, value] of Object.entries(HEADERS_THEN_FAIL.kept)) set(name, value);
    throw vaultCatalog.error('secret_not_found', { name: 'headers-then-fail' });
  }

  /** `GET /v1/debug/status-error/:kind`: throw what a library with HTTP statuses would. */
  statusError(kind: string): never {
    switch (kind) {
      case 'client':
        throw Object.assign(new Error(CRASH_MESSAGE), { statusCode: 400 });
      case 'exposed':
        throw Object.assign(new Error(EXPOSED_MESSAGE), { status: 409, expose: true });
      case 'server':
        throw Object.assign(new Error(CRASH_MESSAGE), { statusCode: 503 });
      case 'plain':
        throw { statusCode: 400, message: CRASH_MESSAGE };
      default:
        throw vaultCatalog.roleError('not_found', { message: `No status error kind '${kind}'.` });
    }
  }

  /** `GET /v1/debug/crash`: a bug that leaks internals in its message. */
  crash(): never {
    throw new Error(CRASH_MESSAGE);
  }

  /** A precondition on a secret that does not exist, or a stale version, fails. */
  #checkIfMatch(name: string, header: string | undefined, secret: Secret | undefined): void {
    if (header === undefined) return;
    if (secret === undefined) throw vaultCatalog.error('secret_not_found', { name });
    if (!ifMatchAdmits(header, secret)) {
      throw vaultCatalog.error('version_conflict', {
        name,
        expected: header.slice(0, 200),
        current_version: secret.version,
      });
    }
  }
}
