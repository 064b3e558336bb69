import type { IdempotencyOptions, IdempotencyStore } from '../../src/idempotency/index.js';
import { vaultCatalog } from './catalog.js';

/** `IDEMPOTENCY`: whether a key is optional or required on POST, PUT, PATCH and DELETE. */
export const IDEMPOTENCY_MODES = ['optional', 'required'] as const;
export type VaultIdempotencyMode = (typeof IDEMPOTENCY_MODES)[number];

/** The vault's Idempotency-Key options (`IDEMPOTENCY`), the same in every framework. */
export type VaultIdempotency = {
  /** `optional`: a key is honoured when sent; `required`: writes without one get 400. */
  mode: VaultIdempotencyMode;
  /** Where keys live (a RedisIdempotencyStore for `REDIS_URL`). @default in memory */
  store?: IdempotencyStore | undefined;
  /** Hears store failures. @default ignore */
  reportStoreError?: ((error: unknown) => void) | undefined;
};

/**
 * The middleware options of a vault app, the same in every framework; undefined without
 * `IDEMPOTENCY`. Every write method is covered: PUT and DELETE are idempotent by themselves, but
 * a replay also gives the retry the first answer (201, not 200; 204, not 404).
 * @example const options = vaultIdempotency({ mode: 'required' });
 */
export function vaultIdempotency(
  setting: VaultIdempotency | undefined,
): IdempotencyOptions | undefined {
  if (setting === undefined) return undefined;
  return {
    catalog: vaultCatalog,
    store: setting.store,
    methods: ['POST', 'PUT', 'PATCH', 'DELETE'],
    required: setting.mode === 'required',
    reportStoreError: setting.reportStoreError,
  };
}
