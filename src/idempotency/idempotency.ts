import type { ApiError } from '../api-error.js';
import type { OptInRole } from '../base-catalog.js';
import type { Catalog } from '../catalog-types.js';
import { StoreDeadlines } from '../rate-limit/deadlines.js';
import { IdempotencyConfigError } from './errors.js';
import {
  defaultFingerprintHash,
  type FingerprintInput,
  leaseToken,
  sha256,
} from './fingerprint.js';
import { readIdempotencyKey } from './key.js';
import { MemoryIdempotencyStore } from './stores/memory.js';
import type { IdempotencyStore, StoredResponse } from './types.js';

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

/** What a request gets from `begin`. */
export type Begin =
  /** Not a request the key applies to (method, no key where optional, or the store is open). */
  | { readonly kind: 'pass' }
  /** Answer with this error (400, 409, 422, 503); nothing is stored. */
  | { readonly kind: 'refuse'; readonly error: ApiError }
  /** Answer with the stored response, marked `Idempotent-Replayed: true`. */
  | { readonly kind: 'replay'; readonly response: StoredResponse }
  /** Run the handler, then `finish` with its response (or `abandon` when it failed). */
  | { readonly kind: 'run'; readonly run: Run };

/** The lease of one request that runs its handler. */
export type Run = {
  /**
   * Store the handler's answer for replay: a 2xx or 4xx is stored, a 5xx released unless
   * `serverErrors: 'store'`, `undefined` (too large, or not storable) kept claimed until the lease
   * ends. Never rejects.
   */
  finish(response: StoredResponse | undefined): Promise<void>;
  /** Release the key: the request ended without an answer to store. Never rejects. */
  abandon(): Promise<void>;
  /** Bytes a stored body may have. */
  readonly maxResponseBytes: number;
};

/** The Idempotency-Key engine the framework middlewares share. */
export type Idempotency = {
  /** Whether the key applies to requests of this method. */
  covers(method: string): boolean;
  /** Decide a request whose body (`body`) has been read. Never rejects. */
  begin(request: IdempotencyRequest, body: Uint8Array): Promise<Begin>;
};

const ROLES: readonly OptInRole[] = [
  'idempotency_key_missing',
  'idempotency_key_reused',
  'idempotency_in_flight',
];
const PASS: Begin = Object.freeze({ kind: 'pass' });

/**
 * Create the Idempotency-Key engine; the framework middlewares (`errata/idempotency/express`, …)
 * wrap it. Throws an IdempotencyConfigError for a bad option or a catalog without the roles.
 * @example const engine = createIdempotency({ catalog, store: new RedisIdempotencyStore({ client }) });
 */
export function createIdempotency(options: IdempotencyOptions): Idempotency {
  const o = checked(options);
  const { catalog, store } = o;
  const methods = new Set(o.methods.map((m) => m.toUpperCase()));
  const deadlines = new StoreDeadlines(o.storeTimeoutMs);
  // A store in this process's memory cannot hang: no deadline to keep (a timer and an immediate
  // per event-loop turn saved).
  const race: <T>(reply: Promise<T>) => Promise<T> =
    store.local === true ? (reply) => reply : (reply) => deadlines.race(reply);
  const leaseMs = o.leaseSeconds * 1000;
  const ttlMs = o.ttlSeconds * 1000;
  const report = (error: unknown) => {
    try {
      o.reportStoreError?.(error);
    } catch {
      // A logger failing must not fail the request.
    }
  };
  const storeFailed = (error: unknown): Begin => {
    report(error);
    if (o.onStoreError === 'open') return PASS;
    return {
      kind: 'refuse',
      error: catalog.roleError('service_unavailable', {
        message: 'Idempotency keys cannot be checked right now. Retry later with the same key.',
        retryAfter: 1,
      }),
    };
  };
  const required = (request: IdempotencyRequest) =>
    typeof o.required === 'function' ? o.required(request) : o.required;

  return {
    covers: (method) => methods.has(method.toUpperCase()),
    async begin(request, body) {
      if (!methods.has(request.method.toUpperCase())) return PASS;
      const reading = readIdempotencyKey(request.header('idempotency-key'));
      if (reading.kind === 'malformed') {
        return {
          kind: 'refuse',
          error: catalog.roleError('invalid_request', {
            message: `The Idempotency-Key header is malformed: ${reading.reason}.`,
          }),
        };
      }
      if (reading.kind === 'absent') {
        if (!required(request)) return PASS;
        return { kind: 'refuse', error: catalog.roleError('idempotency_key_missing') };
      }
      const scope = o.scope(request) ?? '';
      // Hashes are strings where node:crypto exists: no await (a microtask each) for them.
      const hashedKey = sha256(`${scope.length}:${scope}${reading.key}`);
      const key = typeof hashedKey === 'string' ? hashedKey : await hashedKey;
      const input = { method: request.method.toUpperCase(), path: request.path, body };
      const hashed =
        o.fingerprint === undefined
          ? defaultFingerprintHash(input)
          : sha256(await o.fingerprint(input));
      const fingerprint = typeof hashed === 'string' ? hashed : await hashed;
      const token = leaseToken();
      let claim: Awaited<ReturnType<IdempotencyStore['claim']>>;
      try {
        claim = await race(store.claim(key, fingerprint, token, leaseMs));
      } catch (error) {
        return storeFailed(error);
      }
      if (claim.state !== 'claimed') {
        if (claim.fingerprint !== fingerprint) {
          return { kind: 'refuse', error: catalog.roleError('idempotency_key_reused') };
        }
        if (claim.state === 'done') return { kind: 'replay', response: claim.response };
        return {
          kind: 'refuse',
          error: catalog.roleError('idempotency_in_flight', {
            retryAfter: Math.max(1, Math.ceil(claim.retryAfterMs / 1000)),
          }),
        };
      }
      let settled = false;
      const release = async () => {
        try {
          await race(store.release(key, token));
        } catch (error) {
          report(error); // the lease ends by itself
        }
      };
      return {
        kind: 'run',
        run: {
          maxResponseBytes: o.maxResponseBytes,
          async finish(response) {
            if (settled) return;
            settled = true;
            if (response === undefined) return; // kept claimed until the lease ends
            if (response.status >= 500 && o.serverErrors === 'release') return release();
            try {
              await race(store.complete(key, token, response, ttlMs));
            } catch (error) {
              report(error);
            }
          },
          async abandon() {
            if (settled) return;
            settled = true;
            await release();
          },
        },
      };
    },
  };
}

type Checked = Required<{
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
function checked(options: IdempotencyOptions): Checked {
  if (typeof options !== 'object' || options === null) {
    throw new IdempotencyConfigError('ERR_OPTION', 'idempotency expects an options object.');
  }
  const catalog = options.catalog;
  if (typeof catalog?.roleError !== 'function') {
    throw new IdempotencyConfigError('ERR_OPTION', "idempotency needs the app's `catalog`.");
  }
  const missing = ROLES.filter((role) => catalog.roles[role] === undefined);
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
