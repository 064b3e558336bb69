/** Codes of the ways an Idempotency-Key configuration can be wrong; stable for tooling. */
export type IdempotencyConfigErrorCode = 'ERR_OPTION' | 'ERR_CATALOG_ROLE' | 'ERR_STORE';

/**
 * Thrown when the Idempotency-Key middleware is configured wrongly: at start-up, never
 * mid-request.
 * @example try { idempotency({ catalog }) } catch (e) { if (e instanceof IdempotencyConfigError) console.error(e.code) }
 */
export class IdempotencyConfigError extends Error {
  override name = 'IdempotencyConfigError' as const;
  readonly code: IdempotencyConfigErrorCode;

  constructor(code: IdempotencyConfigErrorCode, message: string) {
    super(`errata: idempotency: ${message}`);
    this.code = code;
  }
}
