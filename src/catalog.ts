// defineCatalog: the catalog object over its resolved entries (catalog-entry.ts validates and
// resolves each definition; catalog-build.ts makes the ApiErrors).
import { isApiError } from './api-error.js';
import { baseEntries, ROLES, type Role } from './base-catalog.js';
import { buildError, normalizeError } from './catalog-build.js';
import { resolveEntry } from './catalog-entry.js';
import { CatalogDefinitionError } from './catalog-error.js';
import type { Catalog, CatalogEntry, DetailsOf, EntryDefinition } from './catalog-types.js';
import { upperSnake } from './code-case.js';

export { codeAnchor } from './catalog-entry.js';

type BaseCode = keyof typeof baseEntries;
type RoleMap<Codes extends string> = { readonly [R in Role]?: Codes };

/** Roles whose code was moved away from the base code of the same name. */
type Remapped<R> = { [K in keyof R]: R[K] extends K ? never : K }[keyof R];

/** The details type of every code of a catalog built from `S` (own codes) and `R` (role map). */
export type CatalogDetails<S, R> = {
  [K in Exclude<BaseCode, Remapped<R> | keyof S>]: undefined;
} & { [K in keyof S & string]: DetailsOf<S[K]> };

/** What `defineCatalog` takes. */
export type CatalogDefinition<S, R extends RoleMap<string>> = {
  /** The catalog's own errors, keyed by their stable code. */
  errors: { [K in keyof S]: EntryDefinition<S[K]> };
  /**
   * Map roles (errors errata raises itself) to your own codes. A remapped role's base code
   * leaves the catalog unless you define it.
   * @example { validation_error: 'VALIDATION_ERROR', internal_error: 'SERVER_ERROR' }
   */
  roles?: R;
  /**
   * Prefix of problem `type` URIs: `typeBase + code`. Without it, types are `about:blank`.
   * @example 'https://api.example.com/errors/'
   */
  typeBase?: string;
  /** ErrorInfo domain for the `google` format. @default 'errata' */
  domain?: string;
  /** URL of the error reference page; entries link to `docsUrl#anchor`. */
  docsUrl?: string;
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
  const R extends RoleMap<(keyof S & string) | BaseCode> = Record<never, never>,
>(definition: CatalogDefinition<S, R>): Catalog<CatalogDetails<S, R>> {
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
  const roleMap = (definition.roles ?? {}) as Partial<Record<string, string>>;
  for (const role of Object.keys(roleMap)) {
    if (!(ROLES as string[]).includes(role)) {
      throw new CatalogDefinitionError(
        'ERR_CATALOG_ROLE',
        `roles: '${role}' is not a role. Roles are: ${ROLES.join(', ')}.`,
      );
    }
  }

  const byCode = new Map<string, CatalogEntry>();
  const seen = new Map<string, string>();
  const add = (code: string, def: EntryDefinition, base: boolean) => {
    const key = normalizedCode(code);
    const clash = seen.get(key);
    if (clash !== undefined && clash !== code) {
      throw new CatalogDefinitionError(
        'ERR_CATALOG_DUPLICATE',
        `codes '${clash}' and '${code}' differ only in case or separators; clients could not tell them apart.` +
          (base || byCode.get(clash)?.base
            ? ` If '${base ? clash : code}' replaces errata's '${base ? code : clash}', map the role to it: roles: { ${base ? code : clash}: '${base ? clash : code}' }.`
            : ''),
      );
    }
    seen.set(key, code);
    byCode.set(code, resolveEntry(code, def, base, meta));
  };

  for (const [code, def] of Object.entries(own)) add(code, def, false);
  const roles: Record<string, string> = {};
  for (const role of ROLES) {
    const target = roleMap[role] ?? role;
    roles[role] = target;
    if (target === role && !Object.hasOwn(own, role)) add(role, baseEntries[role], true);
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
    roles: Object.freeze(roles),
    typeBase: definition.typeBase,
    domain: definition.domain ?? 'errata',
    docsUrl: definition.docsUrl,
    get: (code) => byCode.get(code),
    has: (code): code is string => byCode.has(code),
    entries: () => list,
    error: (code, details, options) => buildError(entryOf(code), details, options) as never,
    roleError(role, options = {}) {
      const code = roles[role];
      if (code === undefined) throw new TypeError(`errata: unknown role '${role}'.`);
      // buildError reads only the ErrorOptions members, so `details` may ride along.
      return buildError(entryOf(code), options.details, options);
    },
    is: (value, code): value is never => isApiError(value, code),
    normalize(error) {
      const entry = byCode.get(error.code) ?? byKey.get(normalizedCode(error.code));
      return entry === undefined ? error : normalizeError(entry, error);
    },
  };
  return catalog as unknown as Catalog<CatalogDetails<S, R>>;
}

/** The catalog of errata's own errors alone, used when an app defines none. */
export const baseCatalog = defineCatalog({ errors: {} });
