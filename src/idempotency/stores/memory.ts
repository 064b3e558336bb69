import type { Claim, IdempotencyStore, StoredResponse } from '../types.js';

/** Options of `MemoryIdempotencyStore`. */
export type MemoryIdempotencyStoreOptions = {
  /**
   * Keys held at most (leases and stored responses). Past it the oldest stored responses go
   * first; a claim that finds every entry a live lease fails (the middleware answers 503).
   * @default 10_000
   */
  maxEntries?: number;
  /**
   * Bytes of stored bodies and headers held at most; past it the oldest stored responses go.
   * @default 67_108_864 (64 MiB)
   */
  maxBytes?: number;
};

type Entry =
  | { state: 'running'; fingerprint: string; token: string; expiresAt: number }
  | {
      state: 'done';
      fingerprint: string;
      response: StoredResponse;
      bytes: number;
      expiresAt: number;
    };

/**
 * The default Idempotency-Key store: one process's memory, bounded by entries and bytes. For
 * several processes use `RedisIdempotencyStore`: keys in one process's memory do not stop a
 * retry that reaches another.
 * @example idempotency({ store: new MemoryIdempotencyStore({ maxEntries: 50_000 }) })
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  /** In this process's memory: no timeout is raced against it. */
  readonly local = true;
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;

  constructor(options: MemoryIdempotencyStoreOptions = {}) {
    this.#maxEntries = positive(options.maxEntries ?? 10_000, 'maxEntries');
    this.#maxBytes = positive(options.maxBytes ?? 67_108_864, 'maxBytes');
  }

  /** Keys held now (leases and stored responses, expired ones not yet swept included). */
  get size(): number {
    return this.#entries.size;
  }

  /** Bytes of stored responses held now. */
  get bytes(): number {
    return this.#bytes;
  }

  async claim(key: string, fingerprint: string, token: string, leaseMs: number): Promise<Claim> {
    const now = Date.now();
    const entry = this.#live(key, now);
    if (entry?.state === 'running') {
      return {
        state: 'running',
        fingerprint: entry.fingerprint,
        retryAfterMs: entry.expiresAt - now,
      };
    }
    if (entry?.state === 'done') {
      return { state: 'done', fingerprint: entry.fingerprint, response: entry.response };
    }
    this.#makeRoom(1, 0, now);
    this.#entries.set(key, { state: 'running', fingerprint, token, expiresAt: now + leaseMs });
    return { state: 'claimed' };
  }

  async complete(
    key: string,
    token: string,
    response: StoredResponse,
    ttlMs: number,
  ): Promise<boolean> {
    const now = Date.now();
    const entry = this.#live(key, now);
    if (entry?.state !== 'running' || entry.token !== token) return false;
    const bytes = sizeOf(response);
    // Too big to keep at all: the lease stays until it ends, as for a response over the
    // middleware's maxResponseBytes (forgetting the key now would let a retry run again).
    if (bytes > this.#maxBytes) return false;
    this.#entries.delete(key);
    this.#makeRoom(1, bytes, now);
    this.#entries.set(key, {
      state: 'done',
      fingerprint: entry.fingerprint,
      response,
      bytes,
      expiresAt: now + ttlMs,
    });
    this.#bytes += bytes;
    return true;
  }

  async release(key: string, token: string): Promise<void> {
    const entry = this.#entries.get(key);
    if (entry?.state === 'running' && entry.token === token) this.#entries.delete(key);
  }

  /** The entry of `key` unless expired (an expired one is dropped). */
  #live(key: string, now: number): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined || entry.expiresAt > now) return entry;
    this.#drop(key, entry);
    return undefined;
  }

  #drop(key: string, entry: Entry): void {
    this.#entries.delete(key);
    if (entry.state === 'done') this.#bytes -= entry.bytes;
  }

  /**
   * Make room for `entries` more keys and `bytes` more bytes: expired entries go, then the
   * oldest stored responses. Live leases stay (dropping one would let a duplicate run); a store
   * full of them throws. Once over a bound it frees 1/64 of it besides, so the walk from the
   * Map's start (past the slots of deleted keys) runs once per many inserts, not on each.
   */
  #makeRoom(entries: number, bytes: number, now: number): void {
    if (this.#entries.size + entries <= this.#maxEntries && this.#bytes + bytes <= this.#maxBytes) {
      return;
    }
    const maxEntries = this.#maxEntries - entries - (this.#maxEntries >> 6);
    const maxBytes = this.#maxBytes - bytes - Math.floor(this.#maxBytes / 64);
    const over = () => this.#entries.size > maxEntries || this.#bytes > maxBytes;
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt <= now || entry.state === 'done') this.#drop(key, entry);
      if (!over()) return;
    }
    if (this.#entries.size + entries <= this.#maxEntries && this.#bytes + bytes <= this.#maxBytes) {
      return; // the slack could not all be freed, but the new entry fits
    }
    throw new Error(
      `errata: the memory Idempotency-Key store is full of requests still running (maxEntries ${this.#maxEntries}).`,
    );
  }
}

/** Bytes a stored response holds: its body and its headers' characters. */
function sizeOf(response: StoredResponse): number {
  let bytes = response.body.byteLength;
  for (const name of Object.keys(response.headers)) {
    bytes += name.length + (response.headers[name]?.length ?? 0);
  }
  return bytes;
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new TypeError(`errata: MemoryIdempotencyStore ${name} must be a positive integer.`);
  }
  return value;
}
