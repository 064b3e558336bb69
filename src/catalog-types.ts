import type { ApiError, FieldViolation } from './api-error.js';
import type { RequiredRole, Role } from './base-catalog.js';
import type { Format } from './formats/types.js';
import type { LocaleChoice } from './i18n/accept-language.js';
import type { LocaleTranslations, MessageContext } from './i18n/translation-types.js';
import type { ReferencePage } from './reference-types.js';
import type { StandardSchemaV1 } from './standard-schema.js';

export type { MessageContext } from './i18n/translation-types.js';

/**
 * One example occurrence of a code, rendered through the API's format for the reference page
 * and OpenAPI.
 */
export type ExampleDefinition<S = StandardSchemaV1 | undefined> = {
  /** What the example shows. @example 'Missing title' */
  title?: string;
  /** The occurrence's message. @default the entry's message for these details */
  message?: string;
  /** The occurrence's details. */
  details?: DetailsOf<S>;
  /** Validation violations. */
  fields?: FieldViolation[];
  /** Seconds in `Retry-After` (and in the body when the format carries it). */
  retryAfter?: number;
};

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
   * Message for people; a function receives the details and the occurrence's `retryAfter` and
   * `fields`.
   * @default the title
   * @example (d) => `Secret '${d.name}' not found`
   * @example (_, { retryAfter }) => `Rate limit exceeded. Try again in ${retryAfter} seconds.`
   */
  message?: string | ((details: DetailsOf<S>, context: MessageContext) => string);
  /** Standard Schema (Zod, Valibot, ArkType, …) typing this code's details. */
  details?: S;
  /**
   * Whether a retry may succeed. A redefined base code (`quota_exceeded: { … }`) keeps errata's
   * value when it leaves this out, so a hard quota stays non-retryable.
   * @default errata's value for a redefined base code; else true for 408, 429, 502, 503, 504
   */
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
  /** Docs: what commonly causes this error, one item each. @example ['The key was revoked'] */
  causes?: readonly string[];
  /** Docs: what the caller can do about it, one step each. @example ['Create a new key'] */
  resolution?: readonly string[];
  /** Docs and OpenAPI: example occurrences of this code. */
  examples?: readonly ExampleDefinition<S>[];
  /**
   * The code is reported elsewhere (a webhook delivery log, a job's status) rather than
   * returned as an HTTP response; its status is the one reported. Docs list it apart; OpenAPI
   * and `errata check` leave it out.
   */
  reported?: boolean;
};

/** A catalog entry after defaults are resolved. */
export type CatalogEntry = {
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly description: string;
  readonly category: string;
  readonly message: string | ((details: never, context: MessageContext) => string);
  readonly details: StandardSchemaV1 | undefined;
  readonly retryable: boolean;
  readonly expose: boolean;
  readonly type: string | undefined;
  readonly since: string | undefined;
  readonly deprecated: boolean | string;
  readonly docUrl: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly retryAfter: number | undefined;
  readonly causes: readonly string[];
  readonly resolution: readonly string[];
  readonly examples: readonly ExampleDefinition[];
  readonly reported: boolean;
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

/**
 * The code of each role that is on; known roles are named, others read as undefined. The required
 * roles (invalid_request, not_found, internal_error) are never switched off.
 */
export type RoleCodes<C extends string> = Readonly<Record<RequiredRole, C>> &
  Readonly<Partial<Record<Role, C>>> &
  Readonly<Record<string, C | undefined>>;

/** A typed error catalog. `D` maps each code to its details type. */
export interface Catalog<D extends Record<string, unknown> = Record<string, unknown>> {
  /** Every code, base codes included, in definition order. */
  readonly codes: readonly (keyof D & string)[];
  /** The code each role maps to; a role the catalog switched off (`false`) is absent. */
  readonly roles: RoleCodes<keyof D & string>;
  /** Prefix of problem type URIs. */
  readonly typeBase: string | undefined;
  /** ErrorInfo domain for the `google` format. */
  readonly domain: string;
  /** URL of the error reference page. */
  readonly docsUrl: string | undefined;
  /** The API's wire format, when the catalog names one (servers and the CLI default to it). */
  readonly format: Format | undefined;
  /** The layout of the error reference page, when the catalog gives one. */
  readonly reference: ReferencePage | undefined;
  /** The language of the catalog's own titles and messages. @example 'en' */
  readonly locale: string;
  /** Every locale the catalog answers in: its own first, then its translations' in order. */
  readonly locales: readonly string[];
  /**
   * One locale's translations as the catalog defines them (not its own locale's).
   * @example catalog.translations('de')?.errors?.secret_not_found?.title
   */
  translations(locale: string): LocaleTranslations | undefined;
  /**
   * The locale answering a request: the app's `preferred` one for it (a user's saved language,
   * RFC 4647 lookup: `de-AT` → `de`) when the catalog has it, else its `Accept-Language`.
   * `negotiated` says the answer varies by the header (`Vary: Accept-Language`).
   * @example catalog.negotiate('de-CH,de;q=0.9,en;q=0.5') // { locale: 'de', negotiated: true }
   */
  negotiate(acceptLanguage: string | null | undefined, preferred?: string): LocaleChoice;
  /**
   * The error in one of the catalog's locales (or the one a tag falls back to): the code's
   * translated title and message, field violations translated by their code. A message the app
   * wrote at the throw is kept. A copy's `locale` is the language of the text clients see (the
   * message; a 5xx's title); when nothing is translated the error itself comes back, its
   * language `error.locale ?? catalog.locale`.
   * @example catalog.localize(catalog.error('secret_not_found', { name: 'db' }), 'de').message
   */
  localize(error: ApiError, locale: string): ApiError;
  /** The resolved entry of a code. */
  get(code: string): CatalogEntry | undefined;
  /** Whether the catalog defines a code. */
  has(code: string): code is keyof D & string;
  /** Every resolved entry, in definition order. */
  entries(): readonly CatalogEntry[];
  /** Create the ApiError of a code; the code and details type are checked at compile time. */
  error<C extends keyof D & string>(code: C, ...args: ErrorArgs<D[C]>): ApiError<C, D[C]>;
  /**
   * The code that answers a role: its own, else (switched off) the first role on its
   * `ROLE_FALLBACKS` chain that is on; undefined when none is (only `rate_limited` can lack one).
   * @example catalog.roleCode('method_not_allowed') // 'not_found' when 405 is switched off
   */
  roleCode(role: string): (keyof D & string) | undefined;
  /**
   * Create the ApiError of a role (an error errata raises itself). A switched-off role answers
   * with its fallback's code (`roleCode`); when that changes the status, the role's own framing
   * (`message`, `retryAfter`, and headers such as `Allow`, all but `Connection`) is dropped and
   * the fallback's message is used. Throws a TypeError for an unknown role, or a role with no
   * code on its chain.
   */
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
