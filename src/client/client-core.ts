import { type ApiError, isApiError } from '../api-error.js';
import type { Catalog } from '../catalog-types.js';
import { type AttemptSpec, type FetchLike, runAttempt } from './attempt.js';
import type { RetryToken } from './budget.js';
import {
  type ClientOptions,
  checkCount,
  checkPolicy,
  checkTimeout,
  type JsonRequestOptions,
  type RequestOptions,
} from './client-options.js';
import { DEFAULT_MAX_BODY_BYTES, readJson } from './json-body.js';
import { clientAcceptLanguage } from './locale-option.js';
import { CREDENTIAL_HEADERS, type RedirectPolicy, type RedirectSpec } from './redirect.js';
import { type ClientResponse, withReplayed } from './replayed.js';
import {
  type ResolvedRetryOptions,
  type RetryOptions,
  resolveRetryOptions,
} from './retry-options.js';
import { mayRetry, resendable, retryDelay } from './retry-policy.js';
import { sleep } from './sleep.js';

/**
 * Reads an error response into its ApiError (the full recogniser, or errata's formats only).
 * @example const parse: ErrorParser = parseError;
 */
export type ErrorParser = (
  response: Response,
  options: { maxBytes: number; signal: AbortSignal; catalog: Catalog | undefined },
) => Promise<ApiError>;

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_ERROR_BYTES = 1_048_576;
const DEFAULT_MAX_REDIRECTS = 5;
const JSON_TYPE = 'application/json';

/**
 * Everything a client does but reading error bodies: `Client` (the full recogniser) and the lite
 * entry's `Client` (errata's formats only) pass their parser, so neither bundles the other's.
 * @example class Client extends ClientCore { constructor(options: ClientOptions) { super(options, parseError); } }
 */
export class ClientCore<D extends Record<string, unknown> = Record<string, unknown>> {
  readonly #base: URL;
  readonly #fetch: FetchLike;
  readonly #headers: Headers;
  readonly #acceptLanguage: string | undefined;
  readonly #retry: ResolvedRetryOptions;
  readonly #retryEnabled: boolean;
  readonly #timeoutMs: number;
  readonly #catalog: Catalog<D> | undefined;
  readonly #maxErrorBytes: number;
  readonly #maxBodyBytes: number;
  readonly #redirects: RedirectPolicy;
  readonly #maxRedirects: number;
  readonly #credentials: ReadonlySet<string>;
  readonly #parse: ErrorParser;

  constructor(options: ClientOptions<D>, parse: ErrorParser) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError('errata: createClient expects an options object with a baseUrl.');
    }
    const base = new URL(String(options.baseUrl));
    // Paths resolve under the base path, not beside it: `/v1/x` under `…/api` is `…/api/v1/x`.
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.#base = base;
    const custom = options.fetch;
    if (custom !== undefined && typeof custom !== 'function') {
      throw new TypeError('errata: createClient({ fetch }) must be a function.');
    }
    // Looked up per call (so test doubles installed later apply) and never called as a method:
    // browsers throw "Illegal invocation" when fetch's `this` is not the global object.
    this.#fetch = custom ?? ((input, init) => globalThis.fetch(input, init));
    this.#headers = new Headers(options.headers);
    this.#retryEnabled = options.retry !== false;
    this.#retry = resolveRetryOptions(options.retry === false ? {} : options.retry);
    this.#timeoutMs = checkTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'timeoutMs');
    this.#catalog = options.catalog;
    this.#maxErrorBytes = checkCount(
      options.maxErrorBytes ?? DEFAULT_MAX_ERROR_BYTES,
      'maxErrorBytes',
    );
    this.#maxBodyBytes = checkCount(
      options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      'maxBodyBytes',
      true,
    );
    this.#redirects = checkPolicy(options.redirects ?? 'same-origin');
    this.#maxRedirects = checkCount(options.maxRedirects ?? DEFAULT_MAX_REDIRECTS, 'maxRedirects');
    // Every header the client adds to all requests is one of its credentials, as far as another
    // origin is concerned: it was configured for this API.
    const credentials = new Set(CREDENTIAL_HEADERS);
    for (const [name] of this.#headers) credentials.add(name);
    for (const name of options.credentialHeaders ?? []) credentials.add(String(name).toLowerCase());
    this.#credentials = credentials;
    this.#parse = parse;
    // After the credentials: Accept-Language is no secret of this API's.
    this.#acceptLanguage = clientAcceptLanguage(options.locale, this.#headers);
  }

  /**
   * Send a request; resolves with the Response when its status is below 400, else rejects with
   * the parsed ApiError. Rejects with `init.signal`'s reason when the caller aborts. The
   * Response's `replayed` says whether the server answered with the stored result of an earlier
   * request with the same `Idempotency-Key` (`Idempotent-Replayed: true`).
   * @example
   * const res = await client.request('/v1/secrets/db', { method: 'HEAD' });
   * const order = await client.request('/v1/orders', { method: 'POST', body, headers: { 'idempotency-key': key } });
   * if (order.replayed) console.log('placed earlier, not again');
   */
  request(path: string, init: RequestOptions = {}): Promise<ClientResponse> {
    return this.#run(path, init, undefined, (response) => Promise.resolve(withReplayed(response)));
  }

  /**
   * GET JSON. Resolves to the parsed body (`undefined` for 204 or an empty body).
   * @example const secret = await client.get<Secret>('/v1/secrets/db');
   */
  get<T = unknown>(path: string, init?: JsonRequestOptions): Promise<T> {
    return this.#json<T>('GET', path, undefined, init);
  }

  /**
   * POST `body` as JSON; resolves to the parsed response body.
   * @example await client.post('/v1/orders', { sku: 'a1' });
   */
  post<T = unknown>(path: string, body?: unknown, init?: JsonRequestOptions): Promise<T> {
    return this.#json<T>('POST', path, body, init);
  }

  /**
   * PUT `body` as JSON; resolves to the parsed response body.
   * @example await client.put('/v1/secrets/db', { value: 's3cret' });
   */
  put<T = unknown>(path: string, body?: unknown, init?: JsonRequestOptions): Promise<T> {
    return this.#json<T>('PUT', path, body, init);
  }

  /**
   * PATCH `body` as JSON; resolves to the parsed response body.
   * @example await client.patch('/v1/users/7', { name: 'Ada' });
   */
  patch<T = unknown>(path: string, body?: unknown, init?: JsonRequestOptions): Promise<T> {
    return this.#json<T>('PATCH', path, body, init);
  }

  /**
   * DELETE; resolves to the parsed response body (`undefined` for 204).
   * @example await client.delete('/v1/secrets/db', { headers: { 'if-match': '"3"' } });
   */
  delete<T = unknown>(path: string, init?: JsonRequestOptions): Promise<T> {
    return this.#json<T>('DELETE', path, undefined, init);
  }

  /**
   * Whether a value is an ApiError of this code; with a catalog, narrows `details` to its type.
   * @example if (client.is(e, 'secret_not_found')) console.log(e.details?.name);
   */
  is<C extends keyof D & string>(value: unknown, code: C): value is ApiError<C, D[C]> {
    return isApiError(value, code);
  }

  #json<T>(
    method: string,
    path: string,
    body: unknown,
    options: JsonRequestOptions = {},
  ): Promise<T> {
    const { maxBodyBytes, ...init } = options;
    const max =
      maxBodyBytes === undefined
        ? this.#maxBodyBytes
        : checkCount(maxBodyBytes, 'maxBodyBytes', true);
    const defaults: Record<string, string> = { accept: JSON_TYPE };
    // JSON.stringify gives undefined for undefined, functions and symbols: no body then.
    const payload: string | undefined = body === undefined ? undefined : JSON.stringify(body);
    const request: RequestOptions = { ...init, method };
    if (payload !== undefined) {
      request.body = payload;
      defaults['content-type'] = JSON_TYPE;
    }
    return this.#run(path, request, defaults, (response) => readJson<T>(response, max));
  }

  async #run<T>(
    path: string,
    options: RequestOptions,
    defaults: Record<string, string> | undefined,
    consume: (response: Response) => Promise<T>,
  ): Promise<T> {
    const { timeoutMs, retry: override, signal, headers: own, redirects, ...init } = options;
    const url = this.#url(path);
    const retry = this.#policy(override);
    const caller = signal ?? undefined;
    caller?.throwIfAborted();
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = this.#headersFor(own, defaults);
    if (
      retry !== false &&
      retry.idempotencyKey === 'auto' &&
      (method === 'POST' || method === 'PATCH') &&
      !headers.has('idempotency-key')
    ) {
      headers.set('idempotency-key', globalThis.crypto.randomUUID());
    }
    // A stream is consumed by the first attempt: there is nothing left to send a second time.
    const attempts = retry === false || !resendable(init.body) ? 1 : retry.attempts;
    const catalog = this.#catalog as Catalog | undefined;
    const maxBytes = this.#maxErrorBytes;
    const parse = this.#parse;
    const spec: AttemptSpec<T> = {
      fetch: this.#fetch,
      url,
      method,
      init,
      headers,
      redirects: this.#redirectSpec(init.redirect, redirects),
      caller,
      timeoutMs: timeoutMs === undefined ? this.#timeoutMs : checkTimeout(timeoutMs, 'timeoutMs'),
      deadlineAt: retry === false ? Number.POSITIVE_INFINITY : Date.now() + retry.deadlineMs,
      consume,
      parse: (response, signal) => parse(response, { maxBytes, signal, catalog }),
    };
    const context = { method, keyed: headers.has('idempotency-key'), catalog };

    let token: RetryToken | undefined;
    for (let n = 1; ; n++) {
      const outcome = await runAttempt(spec);
      if (outcome.ok) {
        if (retry !== false && retry.budget !== false) retry.budget.release(token);
        return outcome.value;
      }
      const { error, reason, status } = outcome;
      if (retry === false || reason === 'deadline' || n >= attempts) throw error;
      const failure = { error, reason, status };
      if (!mayRetry(failure, { ...context, retry })) throw error;
      const delayMs = retryDelay(n, failure, retry);
      // A retry that could only start at or after the deadline would fail unheard.
      if (delayMs === undefined || Date.now() + delayMs >= spec.deadlineAt) throw error;
      if (retry.budget !== false) {
        const next = retry.budget.tryAcquire(reason);
        if (next === undefined) throw error;
        token = next;
      }
      retry.onRetry?.({ attempt: n + 1, delayMs, reason, error, method, url });
      await sleep(delayMs, caller);
      if (Date.now() >= spec.deadlineAt) throw error;
    }
  }

  /** How one request follows redirects: `redirect: 'manual'` leaves the 3xx to the caller. */
  #redirectSpec(
    mode: RequestRedirect | undefined,
    override: RedirectPolicy | undefined,
  ): RedirectSpec | undefined {
    if (mode === 'manual') return undefined;
    const policy = mode === 'error' ? 'error' : checkPolicy(override ?? this.#redirects);
    return {
      policy,
      max: this.#maxRedirects,
      origin: this.#base.origin,
      credentials: this.#credentials,
    };
  }

  #policy(override: RetryOptions | false | undefined): ResolvedRetryOptions | false {
    if (override === false) return false;
    if (override === undefined) return this.#retryEnabled ? this.#retry : false;
    return resolveRetryOptions(override, this.#retry);
  }

  #url(path: string): string {
    if (typeof path !== 'string') throw new TypeError('errata: the request path must be a string.');
    const url = new URL(path.replace(/^\/+/, ''), this.#base);
    // The client's headers (credentials) belong to its API: never send them elsewhere.
    if (url.protocol !== this.#base.protocol || url.host !== this.#base.host) {
      throw new TypeError(`errata: the request path must stay on ${this.#base.origin}.`);
    }
    return url.href;
  }

  #headersFor(own: HeadersInit | undefined, defaults: Record<string, string> | undefined): Headers {
    const headers = new Headers(this.#headers);
    if (own !== undefined) {
      for (const [name, value] of new Headers(own)) headers.set(name, value);
    }
    if (defaults !== undefined) {
      for (const [name, value] of Object.entries(defaults)) {
        if (!headers.has(name)) headers.set(name, value);
      }
    }
    const languages = this.#acceptLanguage;
    if (languages !== undefined && !headers.has('accept-language')) {
      headers.set('accept-language', languages);
    }
    return headers;
  }
}
