import { ApiError, type ApiErrorInit, isApiError } from './api-error.js';
import { baseEntries, ROLES, type Role } from './base-catalog.js';
import { CatalogDefinitionError } from './catalog-error.js';
import type {
  Catalog,
  CatalogEntry,
  DetailsOf,
  EntryDefinition,
  ErrorOptions,
} from './catalog-types.js';
import { upperSnake } from './code-case.js';
import { defaultExpose, defaultRetryable } from './status.js';

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

const CODE_RE = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;
const HEADER_NAME_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * The stable anchor of a code on the error reference page.
 * @example codeAnchor('VALIDATION_ERROR') // 'validation_error'
 */
export function codeAnchor(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9_-]/g, '-');
}

/** Codes compare as their AIP-193 reason: case, separators and camelCase humps do not count. */
const normalizedCode = upperSnake;

function resolveEntry(
  code: string,
  def: EntryDefinition,
  base: boolean,
  meta: { typeBase: string | undefined; docsUrl: string | undefined },
): CatalogEntry {
  const where = `error '${code}'`;
  if (!CODE_RE.test(code)) {
    throw new CatalogDefinitionError(
      'ERR_CATALOG_CODE',
      `${where}: a code must start with a letter and hold only letters, digits, '_', '.', '-' (at most 100 characters).`,
    );
  }
  if (typeof def !== 'object' || def === null) {
    throw new CatalogDefinitionError('ERR_CATALOG_ENTRY', `${where}: the entry must be an object.`);
  }
  if (!Number.isInteger(def.status) || def.status < 400 || def.status > 599) {
    throw new CatalogDefinitionError(
      'ERR_CATALOG_STATUS',
      `${where}: status ${JSON.stringify(def.status)} is not an HTTP error status (an integer from 400 to 599).`,
    );
  }
  if (typeof def.title !== 'string' || def.title.trim() === '') {
    throw new CatalogDefinitionError(
      'ERR_CATALOG_TITLE',
      `${where}: title must be a non-empty string.`,
    );
  }
  if (
    def.message !== undefined &&
    typeof def.message !== 'string' &&
    typeof def.message !== 'function'
  ) {
    throw new CatalogDefinitionError(
      'ERR_CATALOG_MESSAGE',
      `${where}: message must be a string or a function of the details.`,
    );
  }
  if (def.details !== undefined && typeof def.details?.['~standard']?.validate !== 'function') {
    throw new CatalogDefinitionError(
      'ERR_CATALOG_DETAILS',
      `${where}: details must be a Standard Schema (Zod, Valibot, ArkType, …).`,
    );
  }
  for (const flag of ['retryable', 'expose'] as const) {
    if (def[flag] !== undefined && typeof def[flag] !== 'boolean') {
      throw new CatalogDefinitionError('ERR_CATALOG_FLAG', `${where}: ${flag} must be a boolean.`);
    }
  }
  if (def.retryAfter !== undefined && !(Number.isFinite(def.retryAfter) && def.retryAfter >= 0)) {
    throw new CatalogDefinitionError(
      'ERR_CATALOG_RETRY_AFTER',
      `${where}: retryAfter must be a non-negative number of seconds.`,
    );
  }
  if (def.deprecated !== undefined && !['boolean', 'string'].includes(typeof def.deprecated)) {
    throw new CatalogDefinitionError(
      'ERR_CATALOG_FLAG',
      `${where}: deprecated must be a boolean or a string naming the replacement.`,
    );
  }
  for (const member of ['description', 'category', 'type', 'since', 'docUrl'] as const) {
    if (def[member] !== undefined && typeof def[member] !== 'string') {
      throw new CatalogDefinitionError(
        'ERR_CATALOG_ENTRY',
        `${where}: ${member} must be a string.`,
      );
    }
  }
  if (def.headers !== undefined) {
    if (typeof def.headers !== 'object' || def.headers === null || Array.isArray(def.headers)) {
      throw new CatalogDefinitionError(
        'ERR_CATALOG_ENTRY',
        `${where}: headers must be an object of header names to string values.`,
      );
    }
    for (const [name, value] of Object.entries(def.headers)) {
      // A bad header would otherwise make every response of this code fail mid-request.
      if (!HEADER_NAME_RE.test(name) || typeof value !== 'string' || /[\r\n\0]/.test(value)) {
        throw new CatalogDefinitionError(
          'ERR_CATALOG_ENTRY',
          `${where}: header ${JSON.stringify(name)} must have a token name and a string value without line breaks.`,
        );
      }
    }
  }
  return {
    code,
    status: def.status,
    title: def.title,
    description: def.description ?? '',
    category: def.category ?? 'general',
    message: def.message ?? def.title,
    details: def.details,
    retryable: def.retryable ?? defaultRetryable(def.status),
    expose: def.expose ?? defaultExpose(def.status),
    type: def.type ?? (meta.typeBase === undefined ? undefined : meta.typeBase + code),
    since: def.since,
    deprecated: def.deprecated ?? false,
    docUrl:
      def.docUrl ??
      (meta.docsUrl === undefined ? undefined : `${meta.docsUrl}#${codeAnchor(code)}`),
    headers: def.headers ?? {},
    retryAfter: def.retryAfter,
    roles: [],
    base,
  };
}

function buildError(entry: CatalogEntry, details: unknown, options: ErrorOptions = {}): ApiError {
  const message =
    options.message ??
    (typeof entry.message === 'function'
      ? (entry.message as (d: unknown) => string)(details)
      : entry.message);
  // Assigned member by member: object spreads cost far more on this hot path (every error).
  const init: ApiErrorInit = {
    status: entry.status,
    code: entry.code,
    title: entry.title,
    message,
    retryable: entry.retryable,
    expose: entry.expose,
    headers:
      options.headers === undefined
        ? Object.assign({}, entry.headers)
        : Object.assign({}, entry.headers, options.headers),
  };
  const retryAfter = options.retryAfter ?? entry.retryAfter;
  if (details !== undefined) init.details = details;
  if (options.fields !== undefined) init.fields = options.fields;
  if (retryAfter !== undefined) init.retryAfter = retryAfter;
  if (options.requestId !== undefined) init.requestId = options.requestId;
  if (options.cause !== undefined) init.cause = options.cause;
  if (entry.type !== undefined) init.type = entry.type;
  if (entry.docUrl !== undefined) init.docUrl = entry.docUrl;
  return new ApiError(init);
}

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
      if (entry === undefined) return error;
      const retryAfter = error.retryAfter ?? entry.retryAfter;
      const type = error.type ?? entry.type;
      const docUrl = error.docUrl ?? entry.docUrl;
      return new ApiError({
        status: entry.status,
        code: entry.code,
        title: entry.title,
        message: error.message,
        retryable: entry.retryable,
        expose: entry.expose,
        headers: { ...entry.headers, ...error.headers },
        ...(error.details === undefined ? {} : { details: error.details }),
        ...(error.fields === undefined ? {} : { fields: error.fields }),
        ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
        ...(retryAfter === undefined ? {} : { retryAfter }),
        ...(type === undefined ? {} : { type }),
        ...(docUrl === undefined ? {} : { docUrl }),
        ...(error.cause === undefined ? {} : { cause: error.cause }),
        ...(error.format === undefined ? {} : { format: error.format }),
        ...(error.raw === undefined ? {} : { raw: error.raw }),
      });
    },
  };
  return catalog as unknown as Catalog<CatalogDetails<S, R>>;
}

/** The catalog of errata's own errors alone, used when an app defines none. */
export const baseCatalog = defineCatalog({ errors: {} });
