// What `defineCatalog` takes, and the details type of the catalog it makes.
import type { BaseCodeCase, BaseCodeOf, OptInRole, RequiredRole, Role } from './base-catalog.js';
import type { DetailsOf, EntryDefinition } from './catalog-types.js';
import type { Format, FormatName } from './formats/types.js';
import type { LocaleTranslations, MessageCompiler } from './i18n/translation-types.js';
import type { ReferencePage } from './reference-types.js';

/**
 * What `roles` takes: a code for any role, `false` for a role that may be switched off, `true` for
 * an opt-in role on with errata's base entry.
 */
export type RoleMap<Codes extends string> = {
  readonly [R in Role]?: R extends RequiredRole
    ? Codes
    : R extends OptInRole
      ? Codes | boolean
      : Codes | false;
};

/** Roles whose base code leaves the catalog: mapped to another code, or switched off. */
type Removed<R, C extends BaseCodeCase> = {
  [K in keyof R & Role]: R[K] extends BaseCodeOf<K, C> | true ? never : K;
}[keyof R & Role];

/** Opt-in roles the catalog did not ask for: their base codes are not in it. */
type NotOptedIn<S, R, C extends BaseCodeCase> = {
  [K in OptInRole]: K extends keyof R ? never : BaseCodeOf<K, C> extends keyof S ? never : K;
}[OptInRole];

/**
 * The details type of every code of a catalog built from `S` (own codes), `R` (role map) and `C`
 * (the spelling of base codes): the base codes of the roles still on, and the catalog's own.
 */
export type CatalogDetails<S, R, C extends BaseCodeCase = 'lower_snake'> = {
  [K in Exclude<Role, Removed<R, C> | NotOptedIn<S, R, C>> as Exclude<
    BaseCodeOf<K, C>,
    keyof S
  >]: undefined;
} & { [K in keyof S & string]: DetailsOf<S[K]> };

/** What `defineCatalog` takes. */
export type CatalogDefinition<
  S,
  R extends RoleMap<string>,
  C extends BaseCodeCase = 'lower_snake',
> = {
  /** The catalog's own errors, keyed by their stable code. */
  errors: { [K in keyof S]: EntryDefinition<S[K]> };
  /**
   * Map roles (errors errata raises itself) to your own codes, or switch a role off with `false`.
   * A remapped or switched-off role's base code leaves the catalog (codes, docs, OpenAPI) unless
   * you define it.
   *
   * A switched-off role is answered by the nearest role on its chain that is on, with that
   * role's code, status and message (the role's own message and headers, e.g. `Allow`, are
   * dropped when the status changes):
   * `method_not_allowed` → `not_found`; `not_acceptable`, `payload_too_large`,
   * `unsupported_media_type`, `validation_error` → `invalid_request`; `quota_exceeded` →
   * `rate_limited`; `upstream_timeout` → `service_unavailable` → `internal_error`. The servers
   * answer a known path's wrong method exactly like an unknown path when 405 is off.
   * `invalid_request`, `not_found` and `internal_error` cannot be switched off; `rate_limited`
   * has no fallback, so a catalog without it cannot rate-limit (`createRateLimiter` refuses it).
   * @example { validation_error: 'VALIDATION_ERROR', internal_error: 'SERVER_ERROR' }
   * @example { method_not_allowed: false, not_acceptable: false, quota_exceeded: false }
   */
  roles?: R;
  /**
   * How the base codes errata adds are spelt: `not_found`, or `NOT_FOUND` in an API whose codes
   * are UPPER_SNAKE (`INVALID_REQUEST`, `RATE_LIMITED`, …). Roles map to them; redefine one by
   * that name (`NOT_FOUND: { … }`).
   * @default 'lower_snake'
   * @example baseCodes: 'UPPER_SNAKE'
   */
  baseCodes?: C;
  /**
   * Prefix of problem `type` URIs: `typeBase + code`. Without it, types are `about:blank`.
   * @example 'https://api.example.com/errors/'
   */
  typeBase?: string;
  /** ErrorInfo domain for the `google` format. @default 'errata' */
  domain?: string;
  /** URL of the error reference page; entries link to `docsUrl#anchor`. */
  docsUrl?: string;
  /**
   * The wire format the API promises. Servers render in it unless told otherwise, and
   * `errata docs`, `openapi`, `snapshot`, `diff` and `check` read it.
   * @default 'problem' (for servers); the CLI's `--wire` overrides it
   * @example formats.envelope.with({ members: { request_id: 'requestId' } })
   */
  format?: FormatName | Format;
  /** The layout of the error reference page `errata docs` writes. @default errata's standard page */
  reference?: ReferencePage;
  /**
   * The language of the catalog's own titles and messages (a BCP 47 tag).
   * @default 'en'
   * @example locale: 'en-GB'
   */
  locale?: string;
  /**
   * The catalog in other languages: per locale, a title and message for any code and messages
   * for field violations by their code. String messages are ICU MessageFormat whose arguments
   * must be members of the code's details (or `retryAfter`); checked here and, for literals,
   * by TypeScript. A catalog with translations answers in the caller's `Accept-Language`.
   * @example translations: { de: { errors: { secret_not_found: { message: "Geheimnis '{name}' fehlt" } } } }
   * @example translations: { fr: frJson } // import frJson from './locales/fr.json' with { type: 'json' }
   */
  translations?: NoInfer<{
    readonly [locale: string]: LocaleTranslations<CatalogDetails<S, R, C>>;
  }>;
  /**
   * Compiles translations that use plurals, selects or formatted arguments; plain `{name}`
   * arguments need none.
   * @example import { icu } from 'errata/i18n'; defineCatalog({ messageFormat: icu, … })
   */
  messageFormat?: MessageCompiler;
};
