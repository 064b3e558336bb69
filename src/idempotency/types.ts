/** A response kept for replay: what the handler answered, minus per-request headers. */
export type StoredResponse = {
  /** HTTP status (2xx, or a 4xx the handler answered with). */
  readonly status: number;
  /** Header names lower-cased; per-request ones (Date, X-Request-ID, rate-limit) left out. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body's bytes, replayed as they were sent. */
  readonly body: Uint8Array;
};

/** What claiming a key found. */
export type Claim =
  /** The key was free: the caller holds its lease and runs the handler. */
  | { readonly state: 'claimed' }
  /** Another request holds the key's lease. */
  | { readonly state: 'running'; readonly fingerprint: string; readonly retryAfterMs: number }
  /** A response is stored under the key. */
  | { readonly state: 'done'; readonly fingerprint: string; readonly response: StoredResponse };

/**
 * Where keys, leases and responses live. Every store (memory, Redis) passes the same contract
 * tests. Each call is atomic: of many claims of one free key at once, exactly one is `claimed`.
 * Keys arrive hashed (43 characters, base64url), safe as any store's key.
 */
export type IdempotencyStore = {
  /**
   * The store answers from this process's memory and cannot hang: the middleware then races no
   * timeout against it.
   * @default false
   */
  readonly local?: boolean;
  /**
   * Claim `key` for the request `fingerprint` under the lease `token` for `leaseMs`, or report
   * who holds it. An expired lease counts as free.
   */
  claim(key: string, fingerprint: string, token: string, leaseMs: number): Promise<Claim>;
  /**
   * Store the response of the lease `token` for `ttlMs`. Resolves false, storing nothing, when
   * the lease is no longer `token`'s (it expired and another request claimed the key) or the
   * store cannot hold the response (the lease then stays until it ends: never free the key).
   */
  complete(key: string, token: string, response: StoredResponse, ttlMs: number): Promise<boolean>;
  /** Give the key up (the handler failed, or its response cannot be stored) if `token` holds it. */
  release(key: string, token: string): Promise<void>;
};
