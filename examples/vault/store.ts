/** One stored secret. */
export type Secret = {
  name: string;
  value: string;
  /** Starts at 1 and grows by one on every write; the ETag. */
  version: number;
  createdAt: number;
  updatedAt: number;
  /** Epoch milliseconds after which reads answer 410, or undefined for no expiry. */
  expiresAt: number | undefined;
};

/** What a lookup finds. */
export type Lookup =
  | { state: 'found'; secret: Secret }
  | { state: 'expired'; secret: Secret }
  | { state: 'missing' };

/** In-memory secrets with versions and time-to-live; `now` is injectable for tests. */
export class SecretStore {
  readonly #secrets = new Map<string, Secret>();
  /** Last version per name, kept after deletion so an old ETag never matches a new secret. */
  readonly #versions = new Map<string, number>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Look a secret up; an expired secret is kept (so reads can say 410) until rewritten or deleted. */
  get(name: string): Lookup {
    const secret = this.#secrets.get(name);
    if (secret === undefined) return { state: 'missing' };
    if (secret.expiresAt !== undefined && this.#now() >= secret.expiresAt) {
      return { state: 'expired', secret };
    }
    return { state: 'found', secret };
  }

  /** Write a value; returns the new secret and whether it was created (an expired one is replaced). */
  put(name: string, value: string, ttlSeconds?: number): { secret: Secret; created: boolean } {
    const now = this.#now();
    const previous = this.#secrets.get(name);
    const secret: Secret = {
      name,
      value,
      version: (this.#versions.get(name) ?? 0) + 1,
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
      expiresAt: ttlSeconds === undefined ? undefined : now + ttlSeconds * 1000,
    };
    this.#secrets.set(name, secret);
    this.#versions.set(name, secret.version);
    return { secret, created: previous === undefined };
  }

  /** Delete a secret; returns whether it existed. */
  /** Names that start with a prefix and have not expired, sorted. */
  names(prefix: string): string[] {
    const now = this.#now();
    const out: string[] = [];
    for (const secret of this.#secrets.values()) {
      if (!secret.name.startsWith(prefix)) continue;
      if (secret.expiresAt !== undefined && now >= secret.expiresAt) continue;
      out.push(secret.name);
    }
    return out.sort();
  }

  delete(name: string): boolean {
    return this.#secrets.delete(name);
  }
}
