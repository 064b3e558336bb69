// The options of the Idempotency-Key engine: their type, their defaults, and the start-up checks
// that turn a wrong configuration into an IdempotencyConfigError, never a failing request.
import { idempotencyRoles } from '../base-catalog.js';
import type { Catalog } from '../catalog-types.js';
import { IdempotencyConfigError } from './errors.js';
import type { FingerprintInput } from './fingerprint.js';
import { MemoryIdempotencyStore } from './stores/memory.js';
import type { IdempotencyStore } from './types.js';

/** Options of `createIdempotency` (and of every framework's `idempotency` middleware). */
export type IdempotencyOptions = {
  /**
   * The catalog whose codes answer: it must have the opt-in roles `idempotency_key_missing`,
   * `idempotency_key_reused` and `idempotency_in_flight` (`roles: { ...idempotencyRoles }`).
   */
  catalog: Catalog;
  /** Where keys, leases and responses live. @default new MemoryIdempotencyStore() */
  store?: IdempotencyStore | undefined;
  /**
   * Methods the key applies to; other methods pass untouched.
   * @default ['POST', 'PATCH'] (the draft's non-idempotent methods)
   * @example ['POST', 'PUT', 'PATCH', 'DELETE']
   */
  methods?: readonly string[] | undefined;
  /**
   * Whether a request of those methods without a key is refused (400 `idempotency_key_missing`):
   * `true`, or per request (a route, a method).
   * @default false
   * @example required: (req) => req.path.startsWith('/v1/payments')
   */
  required?: boolean | ((request: IdempotencyRequest) => boolean) | undefined;
  /** How long a response is replayed for its key. @default 86_400 (24 h) */
  ttlSeconds?: number | undefined;
  /**
   * How long a claim holds its key while the handler runs; a process that dies mid-request
   * frees its keys after this. Set it above your slowest handler: past it a retry runs again.
   * @default 60
   */
  leaseSeconds?: number | undefined;
  /**
   * What a key's second use must match (else 422 `idempotency_key_reused`). Hashed before it is
   * stored.
   * @default method, path with query, SHA-256 of the body (`defaultFingerprint`)
   */
  fingerprint?: ((input: FingerprintInput) => string | Promise<string>) | undefined;
  /**
   * Who the key belongs to: keys of different scopes never meet, so one caller cannot replay
   * another's response by sending its key. Return the authenticated identity.
   * @default the `Authorization` header (hashed), else one scope for all
   * @example scope: (req) => req.header('x-tenant-id') ?? ''
   */
  scope?: ((request: IdempotencyRequest) => string | undefined) | undefined;
  /**
   * Response bodies larger than this are not stored: the key stays claimed until its lease ends
   * (retries meanwhile get 409 with `Retry-After`), then a retry runs again.
   * @default 1_048_576 (1 MiB)
   */
  maxResponseBytes?: number | undefined;
  /**
   * What a 5xx answer does: release the key so a retry runs again (`'release'`), or store it and
   * replay it (`'store'`).
   * @default 'release'
   */
  serverErrors?: 'release' | 'store' | undefined;
  /**
   * When the store fails or does not answer in `storeTimeoutMs`: `'closed'` refuses the request
   * (503, retryable: running it without the guarantee could charge twice), `'open'` runs the
   * handler without the guarantee.
   * @default 'closed'
   */
  onStoreError?: 'open' | 'closed' | undefined;
  /** How long the store may take to answer, in ms. @default 1000 */
  storeTimeoutMs?: number | undefined;
  /** Hears store failures (log them). @default ignore */
  reportStoreError?: ((error: unknown) => void) | undefined;
};

/** The request as the engine sees it (each framework adapter builds one). */
export type IdempotencyRequest = {
  /** Upper-case method. */
  readonly method: string;
  /** The request path with its query string, as received. */
  readonly path: string;
  /** A request header (lower-case name), undefined when absent. */
  header(name: string): string | readonly string[] | undefined;
};

/** The options with their defaults applied. */
export type Checked = Required<{
  [K in Exclude<keyof IdempotencyOptions, 'fingerprint'>]: Exclude<
    IdempotencyOptions[K],
    undefined
  >;
}> & {
  store: IdempotencyStore;
  scope: (request: IdempotencyRequest) => string | undefined;
  /** The option; undefined for the default (hashed in one pass: defaultFingerprintHash). */
  fingerprint: ((input: FingerprintInput) => string | Promise<string>) | undefined;
};

/** The options with their defaults, checked once; throws IdempotencyConfigError. */
export function checked(options: IdempotencyOptions): Checked {
  if (typeof options !== 'object' || options === null) {
    throw new IdempotencyConfigError('ERR_OPTION', 'idempotency expects an options object.');
  }
  const catalog = options.catalog;
  if (typeof catalog?.roleError !== 'function') {
    throw new IdempotencyConfigError('ERR_OPTION', "idempotency needs the app's `catalog`.");
  }
  const missing = Object.keys(idempotencyRoles).filter((role) => catalog.roles[role] === undefined);
  if (missing.length > 0) {
    throw new IdempotencyConfigError(
      'ERR_CATALOG_ROLE',
      `the catalog has no code for ${missing.join(', ')}. Add them: defineCatalog({ roles: { ...idempotencyRoles }, … }) for errata's entries, or map each role to a code of yours.`,
    );
  }
  const store = options.store ?? new MemoryIdempotencyStore();
  for (const method of ['claim', 'complete', 'release'] as const) {
    if (typeof store?.[method] !== 'function') {
      throw new IdempotencyConfigError('ERR_STORE', `the store has no ${method}() method.`);
    }
  }
  const methods = options.methods ?? ['POST', 'PATCH'];
  if (!Array.isArray(methods) || methods.some((m) => typeof m !== 'string' || m === '')) {
    throw new IdempotencyConfigError('ERR_OPTION', 'methods must be an array of method names.');
  }
  const onStoreError = options.onStoreError ?? 'closed';
  if (onStoreError !== 'open' && onStoreError !== 'closed') {
    throw new IdempotencyConfigError('ERR_OPTION', "onStoreError must be 'open' or 'closed'.");
  }
  const serverErrors = options.serverErrors ?? 'release';
  if (serverErrors !== 'release' && serverErrors !== 'store') {
    throw new IdempotencyConfigError('ERR_OPTION', "serverErrors must be 'release' or 'store'.");
  }
  const required = options.required ?? false;
  if (typeof required !== 'boolean' && typeof required !== 'function') {
    throw new IdempotencyConfigError('ERR_OPTION', 'required must be a boolean or a function.');
  }
  return {
    catalog,
    store,
    methods,
    required,
    ttlSeconds: whole(options.ttlSeconds, 86_400, 'ttlSeconds'),
    leaseSeconds: whole(options.leaseSeconds, 60, 'leaseSeconds'),
    fingerprint: options.fingerprint,
    scope: options.scope ?? ((request) => authorization(request)),
    maxResponseBytes: whole(options.maxResponseBytes, 1_048_576, 'maxResponseBytes'),
    serverErrors,
    onStoreError,
    storeTimeoutMs: whole(options.storeTimeoutMs, 1000, 'storeTimeoutMs'),
    reportStoreError: options.reportStoreError ?? (() => {}),
  };
}

function whole(value: number | undefined, fallback: number, name: string): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 1) {
    throw new IdempotencyConfigError(
      'ERR_OPTION',
      `${name} must be a positive integer; got ${String(value)}.`,
    );
  }
  return n;
}

/** The default scope: the credentials the request carries (hashed with the key). */
function authorization(request: IdempotencyRequest): string | undefined {
  const value = request.header('authorization');
  return typeof value === 'string' ? value : value?.join(',');
}
