import type { Catalog } from '../catalog-types.js';
import type { FetchLike } from './attempt.js';
import type { RedirectPolicy } from './redirect.js';
import type { RetryOptions } from './retry-options.js';

/** Options of `createClient`. */
export type ClientOptions<D extends Record<string, unknown> = Record<string, unknown>> = {
  /**
   * Every request path is resolved under it (`/v1/x` under `https://h/api` is `https://h/api/v1/x`)
   * and must stay on its origin.
   * @example baseUrl: 'https://vault.example.com/'
   */
  baseUrl: string | URL;
  /** The fetch to call. @default globalThis.fetch, looked up on each request */
  fetch?: FetchLike | undefined;
  /** Headers sent with every request; a request's own headers win. @example { authorization: `Bearer ${token}` } */
  headers?: HeadersInit | undefined;
  /** How failures are retried; `false` for never. @default the RetryOptions defaults */
  retry?: RetryOptions | false | undefined;
  /**
   * Time one attempt may take, in ms: until the response headers for `request`, until the whole
   * body for the JSON helpers, redirect hops included. An attempt that runs out fails with
   * `request_timeout`.
   * @default 10_000
   */
  timeoutMs?: number | undefined;
  /**
   * The API's catalog: error codes come back in its spelling, `client.is` is typed by it, and an
   * entry's `retryable` overrides the status default. A body without a code the catalog knows
   * (`{"message"}` only) is retried as the catalog's entries of that status say, when they agree.
   * @example catalog: vaultCatalog
   */
  catalog?: Catalog<D> | undefined;
  /**
   * The languages to read errors in, best first: sent as `Accept-Language` on every request, so
   * an API with translations answers in one of them (`error.locale` says which it used). A list
   * gets weights 0.1 apart: `['de-CH', 'de', 'en']` sends `de-CH, de;q=0.9, en;q=0.8`. Checked
   * here: a value that is not a language tag (BCP 47, at most 64 characters), a tag named twice,
   * or a list of none or more than 10 throws a TypeError, and so does an `accept-language` in
   * `headers` beside it. A request's own `Accept-Language` wins. Not a credential: it goes along
   * redirects to another origin (`redirects: 'strip-credentials'`), as a browser's does.
   * @default undefined (errata adds none; the runtime's fetch may: Node's sends `*`, a browser
   * its user's languages)
   * @example locale: ['de-CH', 'de', 'en']
   */
  locale?: string | readonly string[] | undefined;
  /** Bytes of an error body that are read at most. @default 1_048_576 */
  maxErrorBytes?: number | undefined;
  /**
   * Bytes of a success body the JSON helpers read at most (`Infinity` for no bound); a longer
   * body rejects with a 502 `response_too_large`, before reading when Content-Length announces
   * it. For more, stream it: `request()` resolves with the Response, its body unread.
   * @default 10_485_760 (10 MiB)
   * @example maxBodyBytes: 50 * 1024 * 1024
   */
  maxBodyBytes?: number | undefined;
  /**
   * Which redirects are followed. `'same-origin'`: those on the base URL's origin; one to
   * another origin rejects with a 502 `redirect_cross_origin`. `'strip-credentials'`: any
   * http(s) one, without the credential headers from the first hop off the origin on.
   * `'error'`: none (`redirect_refused`). A request's `redirect: 'manual'` gets the 3xx instead.
   * @default 'same-origin'
   * @example redirects: 'strip-credentials'
   */
  redirects?: RedirectPolicy | undefined;
  /** Redirect hops followed at most; one more rejects with `too_many_redirects`. @default 5 */
  maxRedirects?: number | undefined;
  /**
   * Headers, beyond `Authorization`, `Cookie`, `Proxy-Authorization`, `X-API-Key` and every
   * header in `headers`, that `redirects: 'strip-credentials'` drops when a hop leaves the origin.
   * @default []
   * @example credentialHeaders: ['x-vault-token']
   */
  credentialHeaders?: readonly string[] | undefined;
};

/**
 * A request's options: fetch's, plus a per-request timeout, retry and redirect policy. fetch's
 * `redirect: 'manual'` resolves with the 3xx itself; `'error'` follows no redirect.
 */
export type RequestOptions = RequestInit & {
  /** Overrides the client's `timeoutMs` for this request. */
  timeoutMs?: number | undefined;
  /** Overrides fields of the client's retry options (the budget stays shared); `false` for none. */
  retry?: RetryOptions | false | undefined;
  /** Overrides the client's `redirects` for this request. */
  redirects?: RedirectPolicy | undefined;
};

/** Options of the JSON helpers: the method and body come from the helper. */
export type JsonRequestOptions = Omit<RequestOptions, 'method' | 'body'> & {
  /** Overrides the client's `maxBodyBytes` for this request. */
  maxBodyBytes?: number | undefined;
};

const POLICIES: ReadonlySet<unknown> = new Set(['same-origin', 'strip-credentials', 'error']);

/** A timeout option, checked: a number > 0 (Infinity allowed). */
export function checkTimeout(value: unknown, where: string): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw new TypeError(`errata: ${where} must be a number > 0 (or Infinity); got ${value}.`);
  }
  return value;
}

/** A count option, checked: an integer ≥ 0 (`Infinity` too when `infinite`). */
export function checkCount(value: number, where: string, infinite = false): number {
  if (
    !(Number.isSafeInteger(value) || (infinite && value === Number.POSITIVE_INFINITY)) ||
    value < 0
  ) {
    throw new TypeError(`errata: ${where} must be an integer ≥ 0; got ${value}.`);
  }
  return value;
}

/** A `redirects` option, checked. */
export function checkPolicy(value: RedirectPolicy): RedirectPolicy {
  if (!POLICIES.has(value)) {
    throw new TypeError(
      `errata: redirects must be 'same-origin', 'strip-credentials' or 'error'; got ${String(value)}.`,
    );
  }
  return value;
}
