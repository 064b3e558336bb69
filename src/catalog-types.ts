import type { ApiError, FieldViolation } from './api-error.js';
import type { StandardSchemaV1 } from './standard-schema.js';

/** The details type a schema describes (its input), or `undefined` without a schema. */
export type DetailsOf<S> = S extends StandardSchemaV1 ? StandardSchemaV1.InferInput<S> : undefined;

/** One error of a catalog, as written by its authors. */
export type EntryDefinition<S = StandardSchemaV1 | undefined> = {
  /** HTTP status, 400..599. @example 404 */
  status: number;
  /** Short constant summary, the same for every occurrence. @example 'Secret not found' */
  title: string;
  /** Docs text: what it means and how to resolve it. */
  description?: string;
  /** Groups the docs table. @default 'general' @example 'not_found' */
  category?: string;
  /**
   * Message for people; a function receives the details.
   * @default the title
   * @example (d) => `Secret '${d.name}' not found`
   */
  message?: string | ((details: DetailsOf<S>) => string);
  /** Standard Schema (Zod, Valibot, ArkType, …) typing this code's details. */
  details?: S;
  /** Whether a retry may succeed. @default true for 408, 429, 502, 503, 504 */
  retryable?: boolean;
  /** Whether message and details reach clients. @default status < 500 */
  expose?: boolean;
  /** Problem type URI for this code. @default typeBase + code when the catalog has a typeBase */
  type?: string;
  /** Version that introduced the code. @example '2024-06-01' */
  since?: string;
  /** Marks the code deprecated; a string says what to use instead. */
  deprecated?: boolean | string;
  /** Documentation link for this code. @default docsUrl + '#' + anchor when the catalog has a docsUrl */
  docUrl?: string;
  /** Headers sent with every occurrence. @example { 'WWW-Authenticate': 'Bearer' } */
  headers?: Record<string, string>;
  /** Default `Retry-After` seconds for this code. */
  retryAfter?: number;
};

/** A catalog entry after defaults are resolved. */
export type CatalogEntry = {
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly description: string;
  readonly category: string;
  readonly message: string | ((details: never) => string);
  readonly details: StandardSchemaV1 | undefined;
  readonly retryable: boolean;
  readonly expose: boolean;
  readonly type: string | undefined;
  readonly since: string | undefined;
  readonly deprecated: boolean | string;
  readonly docUrl: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly retryAfter: number | undefined;
  /** The roles mapped to this code. */
  readonly roles: readonly string[];
  /** True when the entry comes from errata's base catalog. */
  readonly base: boolean;
};

/** Per-occurrence options for `catalog.error`. */
export type ErrorOptions = {
  /** Replace the entry's message for this occurrence. */
  message?: string;
  /** The underlying error; server-side only. */
  cause?: unknown;
  /** Validation violations. */
  fields?: FieldViolation[];
  /** Extra headers for this occurrence. */
  headers?: Record<string, string>;
  /** Seconds before a retry may succeed. */
  retryAfter?: number;
  /** Request id to attach. */
  requestId?: string;
};

/** Arguments of `catalog.error(code, …)`: details are required exactly when the entry has a schema. */
export type ErrorArgs<D> = [D] extends [undefined]
  ? [details?: undefined, options?: ErrorOptions]
  : [details: D, options?: ErrorOptions];

/** A typed error catalog. `D` maps each code to its details type. */
export interface Catalog<D extends Record<string, unknown> = Record<string, unknown>> {
  /** Every code, base codes included, in definition order. */
  readonly codes: readonly (keyof D & string)[];
  /** The code each role maps to. */
  readonly roles: Readonly<Record<string, keyof D & string>>;
  /** Prefix of problem type URIs. */
  readonly typeBase: string | undefined;
  /** ErrorInfo domain for the `google` format. */
  readonly domain: string;
  /** URL of the error reference page. */
  readonly docsUrl: string | undefined;
  /** The resolved entry of a code. */
  get(code: string): CatalogEntry | undefined;
  /** Whether the catalog defines a code. */
  has(code: string): code is keyof D & string;
  /** Every resolved entry, in definition order. */
  entries(): readonly CatalogEntry[];
  /** Create the ApiError of a code; the code and details type are checked at compile time. */
  error<C extends keyof D & string>(code: C, ...args: ErrorArgs<D[C]>): ApiError<C, D[C]>;
  /** Create the ApiError of a role (an error errata raises itself). */
  roleError(role: string, options?: ErrorOptions & { details?: unknown }): ApiError;
  /** Whether a value is an ApiError of this code; narrows details to the code's type. */
  is<C extends keyof D & string>(value: unknown, code: C): value is ApiError<C, D[C]>;
  /**
   * Rebuild an ApiError with this catalog's view of its code (spelling, status, title, retryable,
   * expose, type, docUrl, headers), keeping the occurrence (message, details, fields, request id,
   * cause). The code is matched exactly, else ignoring case and separators (`SECRET_NOT_FOUND`
   * finds `secret_not_found`). Unknown codes are returned unchanged.
   */
  normalize(error: ApiError): ApiError;
}
