export { idempotencyRoles } from '../base-catalog.js';
export { IdempotencyConfigError, type IdempotencyConfigErrorCode } from './errors.js';
export { defaultFingerprint, type FingerprintInput } from './fingerprint.js';
export {
  type Begin,
  createIdempotency,
  type Idempotency,
  type IdempotencyOptions,
  type IdempotencyRequest,
  type Run,
} from './idempotency.js';
export { type KeyReading, MAX_KEY_LENGTH, readIdempotencyKey } from './key.js';
export { storableHeaders } from './stored-headers.js';
export {
  MemoryIdempotencyStore,
  type MemoryIdempotencyStoreOptions,
} from './stores/memory.js';
export {
  RedisIdempotencyStore,
  type RedisIdempotencyStoreOptions,
  type RedisIdempotencyStoreStats,
} from './stores/redis.js';
export type { Claim, IdempotencyStore, StoredResponse } from './types.js';
