import type { ApiError } from '../api-error.js';
import { StoreDeadlines } from '../rate-limit/deadlines.js';
import { defaultFingerprintHash, leaseToken, sha256 } from './fingerprint.js';
import { readIdempotencyKey } from './key.js';
import { checked, type IdempotencyOptions, type IdempotencyRequest } from './options.js';
import type { IdempotencyStore, StoredResponse } from './types.js';

export type { IdempotencyOptions, IdempotencyRequest } from './options.js';

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
