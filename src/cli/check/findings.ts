/**
 * The names of the checks `errata check` runs, shared by the inspection and the catalog check
 * (which both report findings).
 */

/** Every check, in the order findings are listed. */
export const CHECKS = [
  'timeout',
  'no-response',
  'not-an-error',
  'server-error',
  'unexpected-status',
  'wire-format',
  'content-type',
  'malformed-body',
  'missing-code',
  'unknown-code',
  'reported-code',
  'code-status',
  'problem-type',
  'uncataloged-status',
  'details',
  'request-id-missing',
  'request-id-unsafe',
  'request-id-echoed',
  'request-id-mismatch',
  'header-injection',
  'retry-after',
  'cache-control',
  'content-language',
  'allow',
  'leak',
] as const;
export type CheckName = (typeof CHECKS)[number];

/** One broken promise of the contract. */
export type Finding = { check: CheckName; message: string };
