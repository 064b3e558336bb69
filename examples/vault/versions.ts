import { z } from 'zod';
import type { VaultReply, VaultService } from './service.js';

/** Body of `POST /v1/secrets/:name/versions`. */
export const appendVersionSchema = z.strictObject({
  value: z.string().min(1).max(4096),
});

export type AppendVersion = z.infer<typeof appendVersionSchema>;

type Version = { version: number; createdAt: number };

/**
 * The vault's one non-idempotent operation: `POST /v1/secrets/:name/versions` appends a version
 * (a retried POST without Idempotency-Key appends twice) and `GET` lists them. Framework-free,
 * like VaultService, so the four example servers answer alike.
 * @example const log = new VersionLog(vault); log.append('db', { value: 's3cret' });
 */
export class VersionLog {
  readonly #vault: VaultService;
  readonly #now: () => number;
  readonly #versions = new Map<string, Version[]>();

  constructor(vault: VaultService, now: () => number = Date.now) {
    this.#vault = vault;
    this.#now = now;
  }

  /** `POST /v1/secrets/:name/versions` with a validated body: 201 with the new version number. */
  append(name: string, _input: AppendVersion): VaultReply {
    this.#vault.checkName(name);
    const versions = this.#versions.get(name) ?? [];
    const version = versions.length + 1;
    versions.push({ version, createdAt: this.#now() });
    this.#versions.set(name, versions);
    return {
      status: 201,
      body: { name, version },
      headers: {
        location: `/v1/secrets/${encodeURIComponent(name)}/versions/${version}`,
        'cache-control': 'no-store',
      },
    };
  }

  /** `GET /v1/secrets/:name/versions`: numbers and times, never values. */
  list(name: string): VaultReply {
    this.#vault.checkName(name);
    const versions = (this.#versions.get(name) ?? []).map((v) => ({
      version: v.version,
      created_at: new Date(v.createdAt).toISOString(),
    }));
    return { status: 200, body: { name, versions }, headers: { 'cache-control': 'no-store' } };
  }
}
