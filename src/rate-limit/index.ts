export { CEILING_FACTOR, type Ceiling, ceilingName, ceilingPolicies } from './ceiling.js';
export { RateLimitConfigError, type RateLimitConfigErrorCode } from './errors.js';
export { type Evaluation, evaluate, type PolicyState } from './evaluate.js';
export { type GcraDecision, type GcraParams, gcra, gcraParams } from './gcra.js';
export {
  type HeaderMode,
  mostRestrictive,
  rateLimitHeaders,
  type SfParam,
  sfInteger,
  sfList,
  sfParams,
  sfString,
} from './headers.js';
export {
  boundKey,
  type ClientIpOptions,
  createClientIp,
  createIpKeyGenerator,
  createKeyGenerator,
  type HeaderSource,
  headerValue,
  type IpKeyOptions,
  ipKey,
  type KeyGeneratorOptions,
  type KeyRequest,
  parseIp,
  type TrustProxy,
} from './keys.js';
export {
  type CheckInput,
  createRateLimiter,
  type DecisionSource,
  type PoliciesInput,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimiterOptions,
  type StoreFailurePolicy,
} from './limiter.js';
export {
  definePolicy,
  MAX_UNITS,
  MAX_WINDOW_MS,
  normalizePolicies,
  type PolicyInput,
  parsePolicies,
  parsePolicy,
  samePolicy,
} from './policy.js';
export { type QuotaDecision, type QuotaState, quota } from './quota.js';
export { MemoryStore, type MemoryStoreOptions } from './stores/memory.js';
export {
  type IoRedisLike,
  type NodeRedisClusterLike,
  type NodeRedisLike,
  type RedisClientLike,
  RedisStore,
  type RedisStoreOptions,
  type RedisStoreStats,
  type SendCommand,
} from './stores/redis.js';
export type { CheckRequest, CheckResult, Policy, PolicyOutcome, RateLimitStore } from './types.js';
