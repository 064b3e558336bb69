/**
 * What the client does with a redirect (301, 302, 303, 307, 308):
 * - `'same-origin'`: follow it while it stays on the base URL's origin; one that leaves rejects
 *   with `redirect_cross_origin`;
 * - `'strip-credentials'`: follow it anywhere (http and https only), but from the first hop off
 *   the base origin on, without the credential headers (see `credentialHeaders`);
 * - `'error'`: follow none; any redirect rejects with `redirect_refused`.
 *
 * In runtimes that hide manual redirects (browsers) the runtime follows them, and the client
 * checks the final origin only: see `followByRuntime` for what that leaves open.
 * @example const redirects: RedirectPolicy = 'strip-credentials';
 */
export type RedirectPolicy = 'same-origin' | 'strip-credentials' | 'error';

/**
 * How one request follows redirects.
 * @example const spec: RedirectSpec = { policy: 'same-origin', max: 5, origin, credentials };
 */
export type RedirectSpec = {
  policy: RedirectPolicy;
  /** Hops followed at most. */
  max: number;
  /** The base URL's origin. */
  origin: string;
  /** Lower-case names of the headers dropped when a hop leaves the origin. */
  credentials: ReadonlySet<string>;
};

/**
 * What fetch is called with, and by.
 * @example const hop: Hop = { fetch, url, method: 'GET', init: {}, headers, signal };
 */
export type Hop = {
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  url: string;
  method: string;
  /** fetch options without method, headers and signal. */
  init: RequestInit;
  headers: Headers;
  signal: AbortSignal;
};
