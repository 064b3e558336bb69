import { randomBytes } from 'node:crypto';

/** Longest caller-supplied request id that is accepted as is. */
export const MAX_REQUEST_ID_LENGTH = 128;

/** Visible ASCII only (0x21..0x7E): no spaces, tabs, control characters, CR/LF or non-ASCII. */
const SAFE_ID = /^[\x21-\x7e]+$/;

/**
 * Whether a caller-supplied request id may be echoed back: 1..128 visible ASCII characters.
 * @example isSafeRequestId('req_abc') // true
 * @example isSafeRequestId('a b') // false
 */
export function isSafeRequestId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= MAX_REQUEST_ID_LENGTH &&
    SAFE_ID.test(value)
  );
}

/**
 * A new request id: `req_` and 16 random bytes in base64url.
 * @example generateRequestId() // 'req_3q2-7wZ0Ck1mB3rX9yJfQA'
 */
export function generateRequestId(): string {
  return `req_${randomBytes(16).toString('base64url')}`;
}

/** How request ids are chosen. */
export type RequestIdOptions = {
  /**
   * Request header read from the caller (and response header written). Lower-case.
   * @default 'x-request-id'
   */
  header?: string;
  /**
   * Whether a safe caller-supplied id is reused. Turn off when callers are not trusted to
   * choose ids that end up in your logs.
   * @default true
   */
  trustIncoming?: boolean;
  /**
   * Makes a new id when the caller sent none or an unsafe one.
   * @default generateRequestId
   * @example () => `req_${crypto.randomUUID()}`
   */
  generate?: () => string;
};

const DEFAULTS: Required<RequestIdOptions> = {
  header: 'x-request-id',
  trustIncoming: true,
  generate: generateRequestId,
};

/** Options with defaults applied; build once, reuse per request. */
export type ResolvedRequestIdOptions = Readonly<Required<RequestIdOptions>>;

/** Merge request-id options with their defaults (once, at start-up). */
export function requestIdOptions(options: RequestIdOptions = {}): ResolvedRequestIdOptions {
  const merged = { ...DEFAULTS, ...options };
  return Object.freeze({ ...merged, header: merged.header.toLowerCase() });
}

/**
 * The request id of a request: the caller's when it is safe (and trusted), else a generated one.
 * A header sent twice arrives joined with `, ` and is therefore replaced.
 * @example resolveRequestId(req.headers['x-request-id']) // 'req_…'
 */
export function resolveRequestId(
  incoming: string | readonly string[] | undefined,
  options: ResolvedRequestIdOptions = requestIdOptions(),
): string {
  if (options.trustIncoming && isSafeRequestId(incoming)) return incoming;
  const generated = options.generate();
  // A custom generator must not be able to break the response header either.
  return isSafeRequestId(generated) ? generated : generateRequestId();
}
