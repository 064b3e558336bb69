// defineCatalog: the catalog object over its resolved entries (catalog-entry.ts validates and
// resolves each definition; catalog-build.ts makes the ApiErrors).
import { isApiError } from './api-error.js';
import {
  type BaseCodeCase,
  type BaseCodeOf,
  baseCodeOf,
  baseEntries,
  type OptInRole,
  type RequiredRole,
  type Role,
} from './base-catalog.js';
import { buildError, normalizeError } from './catalog-build.js';
import { resolveEntry } from './catalog-entry.js';
import { CatalogDefinitionError } from './catalog-error.js';
import { formatOf } from './catalog-format.js';
import {
  answeringRole,
  baseCodeCase,
  fallbackOptions,
  inherited,
  isRole,
  roleTargets,
} from './catalog-roles.js';
import type { Catalog, CatalogEntry, DetailsOf, EntryDefinition } from './catalog-types.js';
import { upperSnake } from './code-case.js';
import type { Format, FormatName } from './formats/types.js';
import type { ReferencePage } from './reference-types.js';

export { codeAnchor } from './catalog-entry.js';

/**
 * What `roles` takes: a code for any role, `false` for a role that may be switched off, `true` for
 * an opt-in role on with errata's base entry.
 */
type RoleMap<Codes extends string> = {
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
};

/** Codes compare as their AIP-193 reason: case, separators and camelCase humps do not count. */
const normalizedCode = upperSnake;

/**
 * Define an API's error vocabulary once: stable codes, statuses, messages and typed details.
 * Fails at definition with a `CatalogDefinitionError` when the catalog is invalid.
 * @example
 * const catalog = defineCatalog({
 *   typeBase: 'https://api.example.com/errors/',
 *   errors: {
 *     secret_not_found: {
 *       status: 404,
 *       title: 'Secret not found',
 *       details: z.object({ name: z.string() }),
 *       message: (d) => `Secret '${d.name}' not found`,
 *     },
 *   },
 *   roles: { internal_error: 'internal_error' },
 * });
 * throw catalog.error('secret_not_found', { name: 'db' });
 */
// S is left unconstrained on purpose: TypeScript only infers a per-code schema through the
// mapped `errors` type (a "reverse mapped type") when the parameter has no constraint.
export function defineCatalog<
  S = Record<never, undefined>,
  const R extends RoleMap<(keyof S & string) | BaseCodeOf<Role, C>> = Record<never, never>,
  const C extends BaseCodeCase = 'lower_snake',
>(definition: CatalogDefinition<S, R, C>): Catalog<CatalogDetails<S, R, C>> {
  if (
    typeof definition !== 'object' ||
    definition === null ||
    typeof definition.errors !== 'object' ||
    definition.errors === null ||
    Array.isArray(definition.errors)
  ) {
    throw new CatalogDefinitionError(
      'ERR_CATALOG_SHAPE',
      'defineCatalog expects { errors: { [code]: entry } }.',
    );
  }
  const meta = { typeBase: definition.typeBase, docsUrl: definition.docsUrl };
  const own = definition.errors as Record<string, EntryDefinition>;
  const spelling = baseCodeCase(definition.baseCodes);
  const targets = roleTargets(definition.roles, spelling, definition.errors);
  const format = formatOf(definition.format);

  const byCode = new Map<string, CatalogEntry>();
  const seen = new Map<string, string>();
  const add = (code: string, def: EntryDefinition, base: boolean) => {
    const key = normalizedCode(code);
    const clash = seen.get(key);
    if (clash !== undefined && clash !== code) {
      const [ownCode, baseCode] = base ? [clash, code] : [code, clash];
      const upper =
        ownCode === baseCode.toUpperCase()
          ? ", or spell every base code so: baseCodes: 'UPPER_SNAKE'"
          : '';
      const hint =
        base || byCode.get(clash)?.base
          ? ` If '${ownCode}' replaces errata's '${baseCode}', map the role to it: roles: { ${baseCode}: '${ownCode}' }${upper}.`
          : '';
      throw new CatalogDefinitionError(
        'ERR_CATALOG_DUPLICATE',
        `codes '${clash}' and '${code}' differ only in case or separators; clients could not tell them apart.${hint}`,
      );
    }
    seen.set(key, code);
    byCode.set(code, resolveEntry(code, def, base, meta));
  };

  for (const [code, def] of Object.entries(own)) {
    add(code, inherited(code, def, targets, spelling), false);
  }
  const roles: Record<string, string> = {};
  for (const [role, target] of targets) {
    if (target === false) continue;
    roles[role] = target;
    const baseCode = baseCodeOf(role, spelling);
    if (target === baseCode && !Object.hasOwn(own, baseCode)) {
      add(baseCode, baseEntries[role], true);
    }
  }
  for (const [role, target] of Object.entries(roles)) {
    const entry = byCode.get(target);
    if (entry === undefined) {
      throw new CatalogDefinitionError(
        'ERR_CATALOG_ROLE_TARGET',
        `roles: '${role}' is mapped to '${target}', which the catalog does not define.`,
      );
    }
    (entry.roles as string[]).push(role);
  }

  const list = [...byCode.values()];
  // Codes are unique up to case and separators, so a code respelt on the wire (the `google`
  // format's UPPER_SNAKE reasons) still finds its entry.
  const byKey = new Map<string, CatalogEntry>();
  for (const entry of list) byKey.set(normalizedCode(entry.code), entry);
  for (const entry of list) Object.freeze(entry.roles);
  const codes = Object.freeze(list.map((e) => e.code));
  const entryOf = (code: string): CatalogEntry => {
    const entry = byCode.get(code);
    if (entry === undefined) throw new TypeError(`errata: unknown error code '${code}'.`);
    return entry;
  };

  const catalog: Catalog<Record<string, unknown>> = {
    codes,
    roles: Object.freeze(roles) as Catalog['roles'],
    typeBase: definition.typeBase,
    domain: definition.domain ?? 'errata',
    docsUrl: definition.docsUrl,
    format,
    reference: definition.reference,
    get: (code) => byCode.get(code),
    has: (code): code is string => byCode.has(code),
    entries: () => list,
    error: (code, details, options) => buildError(entryOf(code), details, options) as never,
    roleCode(role) {
      const answering = isRole(role) ? answeringRole(roles, role) : undefined;
      return answering === undefined ? undefined : roles[answering];
    },
    roleError(role, options = {}) {
      if (!isRole(role)) throw new TypeError(`errata: unknown role '${role}'.`);
      const answering = answeringRole(roles, role);
      if (answering === undefined) {
        throw new TypeError(
          `errata: the catalog switched role '${role}' off and no role on its fallback chain is on.`,
        );
      }
      const entry = entryOf(roles[answering] as string);
      const given =
        answering !== role && entry.status !== baseEntries[role].status
          ? fallbackOptions(options)
          : options;
      // buildError reads only the ErrorOptions members, so `details` may ride along.
      return buildError(entry, given.details, given);
    },
    is: (value, code): value is never => isApiError(value, code),
    normalize(error) {
      const entry = byCode.get(error.code) ?? byKey.get(normalizedCode(error.code));
      return entry === undefined ? error : normalizeError(entry, error);
    },
  };
  return catalog as unknown as Catalog<CatalogDetails<S, R, C>>;
}

/** The catalog of errata's own errors alone, used when an app defines none. */
export const baseCatalog = defineCatalog({ errors: {} });
