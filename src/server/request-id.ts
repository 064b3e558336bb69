/** Longest caller-supplied request id that is accepted as is. */
export const MAX_REQUEST_ID_LENGTH = 128;

/**
 * Visible ASCII (0x21..0x7E) but for quotes, angle brackets, backslash and backtick: no spaces,
 * control characters, CR/LF or non-ASCII, and nothing that could close a quoted string or open
 * markup when a log viewer or an error page shows the id. UUIDs, ULIDs, W3C traceparent and
 * X-Amzn-Trace-Id values (`Root=…;Parent=…`) all pass.
 */
const SAFE_ID = /^[!#-&(-;=?-[\]-_a-~]+$/;

/**
 * Whether a caller-supplied request id may be echoed back: 1..128 visible ASCII characters, none
 * of `"`, `'`, `<`, `>`, `\`, `` ` ``.
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

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const ID_LENGTH = 22;
const pool = new Uint8Array(ID_LENGTH * 186);
let poolOffset = pool.length;

/**
 * A new request id: `req_` and 22 random base64url characters (132 bits). Uses Web Crypto, so
 * it runs on Node and on every fetch runtime (Deno, Bun, workers).
 * @example generateRequestId() // 'req_3q2-7wZ0Ck1mB3rX9yJfQA'
 */
export function generateRequestId(): string {
  // One getRandomValues call per 186 ids: a call per request cost ~1 µs, more than all the rest
  // of request id handling together.
  if (poolOffset + ID_LENGTH > pool.length) {
    globalThis.crypto.getRandomValues(pool);
    // The pool holds character codes from here on: 64 divides 256, so `& 63` keeps every
    // character equally likely.
    for (let i = 0; i < pool.length; i++) pool[i] = ALPHABET.charCodeAt((pool[i] as number) & 63);
    poolOffset = 0;
  }
  const p = pool;
  const o = poolOffset;
  poolOffset += ID_LENGTH;
  // One call with every code, not 22 concatenations: a flat string at once (a rope of 22
  // one-character strings was flattened again by every header write).
  return `req_${String.fromCharCode(
    p[o] as number,
    p[o + 1] as number,
    p[o + 2] as number,
    p[o + 3] as number,
    p[o + 4] as number,
    p[o + 5] as number,
    p[o + 6] as number,
    p[o + 7] as number,
    p[o + 8] as number,
    p[o + 9] as number,
    p[o + 10] as number,
    p[o + 11] as number,
    p[o + 12] as number,
    p[o + 13] as number,
    p[o + 14] as number,
    p[o + 15] as number,
    p[o + 16] as number,
    p[o + 17] as number,
    p[o + 18] as number,
    p[o + 19] as number,
    p[o + 20] as number,
    p[o + 21] as number,
  )}`;
}

/**
 * How request ids are chosen. An option given as `undefined` takes its default, like one left
 * out.
 */
export type RequestIdOptions = {
  /**
   * Request header read from the caller (and response header written): an HTTP token
   * (RFC 9110 §5.6.2), matched case-insensitively and lower-cased. An invalid name throws a
   * TypeError at start-up.
   * @default 'x-request-id'
   */
  header?: string | undefined;
  /**
   * Whether a safe caller-supplied id is reused. Turn off when callers are not trusted to
   * choose ids that end up in your logs.
   * @default true
   */
  trustIncoming?: boolean | undefined;
  /**
   * Makes a new id when the caller sent none or an unsafe one.
   * @default generateRequestId
   * @example () => `req_${crypto.randomUUID()}`
   */
  generate?: (() => string) | undefined;
};

/** Options with defaults applied; build once, reuse per request. */
export type ResolvedRequestIdOptions = {
  readonly header: string;
  readonly trustIncoming: boolean;
  readonly generate: () => string;
};

/** An HTTP field name: a token (RFC 9110 §5.6.2). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Apply the defaults to request-id options (once, at start-up). Throws a TypeError when
 * `header` is not a valid header name or `generate` is not a function.
 * @example requestIdOptions({ header: 'X-Trace-ID' }).header // 'x-trace-id'
 */
export function requestIdOptions(options: RequestIdOptions = {}): ResolvedRequestIdOptions {
  const header = options.header ?? 'x-request-id';
  if (typeof header !== 'string' || !TOKEN.test(header)) {
    throw new TypeError(
      `errata: requestId.header must be a valid HTTP header name (letters, digits and !#$%&'*+.^_\`|~-); got ${JSON.stringify(header)}.`,
    );
  }
  const generate = options.generate ?? generateRequestId;
  if (typeof generate !== 'function') {
    throw new TypeError('errata: requestId.generate must be a function returning a string.');
  }
  return Object.freeze({
    header: header.toLowerCase(),
    trustIncoming: options.trustIncoming ?? true,
    generate,
  });
}

const DEFAULT_OPTIONS = requestIdOptions();

/**
 * The request id of a request: the caller's when it is safe (and trusted), else a generated one.
 * A header sent twice arrives joined with `, ` and is therefore replaced.
 * @example resolveRequestId(req.headers['x-request-id']) // 'req_…'
 */
export function resolveRequestId(
  incoming: string | readonly string[] | undefined,
  options: ResolvedRequestIdOptions = DEFAULT_OPTIONS,
): string {
  if (options.trustIncoming && isSafeRequestId(incoming)) return incoming;
  const generated = options.generate();
  if (options.generate === generateRequestId) return generated;
  // A custom generator must not be able to break the response header either.
  return isSafeRequestId(generated) ? generated : generateRequestId();
}

/**
 * Put a request id on a node:http response that has not started: under the configured header,
 * and `X-Request-ID` too when that is another (clients and proxies look there).
 * @example setRequestIdHeaders(res, settings.requestId.header, requestId);
 */
export function setRequestIdHeaders(
  res: { readonly headersSent: boolean; setHeader(name: string, value: string): unknown },
  header: string,
  id: string,
): void {
  if (res.headersSent) return;
  res.setHeader(header, id);
  if (header !== 'x-request-id') res.setHeader('x-request-id', id);
}
