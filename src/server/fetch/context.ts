import { negotiateFormat } from '../../formats/index.js';
import type { Format, FormatName } from '../../formats/types.js';
import type { StandardSchemaV1 } from '../../standard-schema.js';
import type { Settings } from '../settings.js';
import { validate } from '../validate.js';
import { type BodyCache, readRequestJson } from '../web-body.js';
import type { FetchContext } from './handler.js';

/**
 * The property a request copy made by a context (see `request`) keeps its original under.
 * @example (ctx.request as { [ORIGINAL_REQUEST]?: Request })[ORIGINAL_REQUEST]
 */
export const ORIGINAL_REQUEST = Symbol('errata.fetch.originalRequest');

type Copied = Request & { [ORIGINAL_REQUEST]?: Request };

/**
 * What a handler gets, as a class: its methods live on the prototype, so a request allocates one
 * object instead of an object and a closure per method.
 * @example const ctx = new FetchRequestContext(request, target, params, { env, executionCtx }, settings, {});
 */
export class FetchRequestContext implements FetchContext {
  readonly #request: Request;
  #rebuilt: Request | undefined;
  readonly method: string;
  readonly path: string;
  readonly params: Record<string, string>;
  readonly requestId: string;
  readonly env: unknown;
  readonly executionCtx: unknown;
  /** The body, once read (by `json()` or an Idempotency-Key step), for the other reader. */
  readonly cache: BodyCache = {};
  readonly #search: string;
  readonly #settings: Settings;
  readonly #limit: number;
  readonly #routeFormat: FormatName | Format | undefined;
  #query: URLSearchParams | undefined;
  #format: Format | undefined;
  #body: Promise<unknown> | undefined;
  #headers: Headers | undefined;

  constructor(
    request: Request,
    target: { method: string; path: string; search: string; requestId: string },
    params: Record<string, string>,
    runtime: { env: unknown; executionCtx: unknown },
    settings: Settings,
    route: { format?: FormatName | Format | undefined; bodyLimit?: number | undefined },
  ) {
    this.#request = request;
    this.method = target.method;
    this.path = target.path;
    this.params = params;
    this.requestId = target.requestId;
    this.env = runtime.env;
    this.executionCtx = runtime.executionCtx;
    this.#search = target.search;
    this.#settings = settings;
    this.#limit = route.bodyLimit ?? settings.bodyLimit;
    this.#routeFormat = route.format;
  }

  /**
   * The request; once an Idempotency-Key step has read its body (for the fingerprint), a copy
   * whose body is those bytes, so the handler can still read it (`request.json()`).
   */
  get request(): Request {
    const bytes = this.cache.bytes;
    // Only for a body read without the handler asking (an Idempotency-Key step): one read
    // through `json()` is the handler's already.
    if (bytes === undefined || this.#body !== undefined || !this.#request.bodyUsed) {
      return this.#request;
    }
    const original = this.#request;
    // From its parts, not `new Request(original, …)`: a bridge's request class (srvx's) is not
    // always one the runtime's Request constructor can copy.
    if (this.#rebuilt === undefined) {
      this.#rebuilt = new Request(original.url, {
        method: original.method,
        headers: original.headers,
        body: bytes as Uint8Array<ArrayBuffer>,
        signal: original.signal,
      });
      // `preferLocale` on the copy keeps the choice where errors are rendered from: the original.
      (this.#rebuilt as Copied)[ORIGINAL_REQUEST] = original;
    }
    return this.#rebuilt;
  }

  /** The request as the runtime handed it (errors are rendered from this one). */
  get originalRequest(): Request {
    return this.#request;
  }

  /** The body limit of this request's route. */
  get bodyLimit(): number {
    return this.#limit;
  }

  /** Headers for this request's response, made on first access (most handlers never set any). */
  get headers(): Headers {
    this.#headers ??= new Headers();
    return this.#headers;
  }

  /** The headers the handler set through `headers`, if it touched them. */
  get setHeaders(): Headers | undefined {
    return this.#headers;
  }

  /** The query string, parsed on first access: most handlers never read it. */
  get query(): URLSearchParams {
    this.#query ??= new URLSearchParams(this.#search);
    return this.#query;
  }

  /** The format errors of this request render in, negotiated on first access. */
  get format(): Format {
    this.#format ??= negotiateFormat({
      route: this.#routeFormat,
      app: this.#settings.format,
      accept: this.#settings.negotiate
        ? (this.#request.headers.get('accept') ?? undefined)
        : undefined,
    });
    return this.#format;
  }

  json(): Promise<unknown>;
  json<S extends StandardSchemaV1>(schema: S): Promise<StandardSchemaV1.InferOutput<S>>;
  json(schema?: StandardSchemaV1): Promise<unknown> {
    const catalog = this.#settings.catalog;
    this.#body ??= readRequestJson(this.#request, this.#limit, catalog, this.cache);
    return schema === undefined ? this.#body : this.#body.then((v) => validate(schema, v, catalog));
  }

  validate<S extends StandardSchemaV1>(
    schema: S,
    value: unknown,
  ): Promise<StandardSchemaV1.InferOutput<S>> {
    return validate(schema, value, this.#settings.catalog);
  }
}
