// defineCatalog: the catalog object over its resolved entries (catalog-entry.ts validates and
// resolves each definition; catalog-build.ts makes the ApiErrors).
import { isApiError } from './api-error.js';
import {
  type BaseCodeCase,
  type BaseCodeOf,
  baseCodeOf,
  baseEntries,
  type Role,
} from './base-catalog.js';
import { buildError, normalizeError } from './catalog-build.js';
import type { CatalogDefinition, CatalogDetails, RoleMap } from './catalog-definition.js';
import { resolveEntry } from './catalog-entry.js';
import { CatalogDefinitionError } from './catalog-error.js';
import { formatOf } from './catalog-format.js';
import { catalogLocales } from './catalog-locales.js';
import {
  answeringRole,
  baseCodeCase,
  fallbackOptions,
  inherited,
  isRole,
  roleTargets,
} from './catalog-roles.js';
import type { Catalog, CatalogEntry, EntryDefinition } from './catalog-types.js';
import { upperSnake } from './code-case.js';
import { isKept, keepMessage } from './i18n/localize.js';
import type { CheckedTranslations, LocaleTranslations } from './i18n/translation-types.js';

export type { CatalogDefinition, CatalogDetails } from './catalog-definition.js';
export { codeAnchor } from './catalog-entry.js';

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
  const T extends {
    readonly [locale: string]: LocaleTranslations<
      CatalogDetails<NoInfer<S>, NoInfer<R>, NoInfer<C>>
    >;
  } = Record<never, never>,
>(
  definition: CatalogDefinition<S, R, C> & {
    translations?: T & CheckedTranslations<T, CatalogDetails<NoInfer<S>, NoInfer<R>, NoInfer<C>>>;
  },
): Catalog<CatalogDetails<S, R, C>> {
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

  const { members: languages, translated } = catalogLocales(
    definition,
    (code) => byCode.get(code) ?? byKey.get(normalizedCode(code)),
  );

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
    ...languages,
    error(code, details, options) {
      const error = buildError(entryOf(code), details, options);
      if (translated && options?.message !== undefined) keepMessage(error);
      return error as never;
    },
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
      if (entry === undefined) return error;
      const normalized = normalizeError(entry, error);
      // A message the app wrote stays its own through a restatement.
      if (isKept(error)) keepMessage(normalized);
      return normalized;
    },
  };
  return catalog as unknown as Catalog<CatalogDetails<S, R, C>>;
}

/** The catalog of errata's own errors alone, used when an app defines none. */
export const baseCatalog = defineCatalog({ errors: {} });
