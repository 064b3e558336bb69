/** Codes of the ways a rate-limit configuration can be wrong; stable, so tooling can branch on them. */
export type RateLimitConfigErrorCode =
  | 'ERR_POLICY_SHAPE'
  | 'ERR_POLICY_SYNTAX'
  | 'ERR_POLICY_NAME'
  | 'ERR_POLICY_KIND'
  | 'ERR_POLICY_LIMIT'
  | 'ERR_POLICY_WINDOW'
  | 'ERR_POLICY_BURST'
  | 'ERR_POLICY_DUPLICATE'
  | 'ERR_POLICY_CONFLICT'
  | 'ERR_POLICY_EMPTY'
  | 'ERR_CATEGORY'
  | 'ERR_OPTION'
  | 'ERR_TRUST_PROXY'
  | 'ERR_CATALOG_ROLE';

/**
 * Thrown when a rate limiter, a policy or a key generator is configured wrongly: at start-up,
 * never mid-request.
 * @example try { parsePolicies(env) } catch (e) { if (e instanceof RateLimitConfigError) console.error(e.code) }
 */
export class RateLimitConfigError extends Error {
  override name = 'RateLimitConfigError' as const;
  readonly code: RateLimitConfigErrorCode;

  constructor(code: RateLimitConfigErrorCode, message: string) {
    super(`errata: rate limit: ${message}`);
    this.code = code;
  }
}
