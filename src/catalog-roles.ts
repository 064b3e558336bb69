// The roles of a catalog: which code answers each role (its base code in the catalog's
// spelling, a code the catalog names, or none when switched off), and the fallback a
// switched-off role takes. catalog.ts builds the catalog around these.
import {
  type BaseCodeCase,
  baseCodeOf,
  baseEntries,
  OPT_IN_ROLES,
  REQUIRED_ROLES,
  ROLE_FALLBACKS,
  ROLES,
  type Role,
} from './base-catalog.js';
import { CatalogDefinitionError } from './catalog-error.js';
import type { EntryDefinition, ErrorOptions } from './catalog-types.js';

const ROLE_SET: ReadonlySet<string> = new Set(ROLES);
const OPT_IN_SET: ReadonlySet<string> = new Set(OPT_IN_ROLES);
const BASE_CODE_CASES: readonly BaseCodeCase[] = ['lower_snake', 'UPPER_SNAKE'];

/** Whether a string names a role. */
export const isRole = (role: string): role is Role => ROLE_SET.has(role);

/** Check the `baseCodes` option; the spelling of the base codes. */
export function baseCodeCase(value: unknown): BaseCodeCase {
  if (value === undefined) return 'lower_snake';
  if (!(BASE_CODE_CASES as unknown[]).includes(value)) {
    throw new CatalogDefinitionError(
      'ERR_CATALOG_BASE_CODES',
      `baseCodes must be 'lower_snake' or 'UPPER_SNAKE'; got ${JSON.stringify(value)}.`,
    );
  }
  return value as BaseCodeCase;
}

/**
 * The code each role asks for, `false` for a role switched off, from the `roles` option (not yet
 * checked against the catalog's codes). An opt-in role (OPT_IN_ROLES) is off unless `roles`
 * names it (a code, or `true` for its base code) or the catalog's own errors (`own`) define its
 * base code. Throws for an unknown role, a target that is neither a code nor `false` (nor
 * `true` for an opt-in role), and a required role switched off.
 */
export function roleTargets(
  roleMap: unknown,
  spelling: BaseCodeCase,
  own: Readonly<Record<string, unknown>> = {},
): ReadonlyMap<Role, string | false> {
  if (roleMap !== undefined && (typeof roleMap !== 'object' || roleMap === null)) {
    throw new CatalogDefinitionError('ERR_CATALOG_ROLE', 'roles must be an object.');
  }
  const given = (roleMap ?? {}) as Record<string, unknown>;
  for (const role of Object.keys(given)) {
    if (!isRole(role)) {
      throw new CatalogDefinitionError(
        'ERR_CATALOG_ROLE',
        `roles: '${role}' is not a role. Roles are: ${ROLES.join(', ')}.`,
      );
    }
  }
  const targets = new Map<Role, string | false>();
  for (const role of ROLES) {
    const target = given[role];
    if (target === false) {
      if ((REQUIRED_ROLES as readonly string[]).includes(role)) {
        throw new CatalogDefinitionError(
          'ERR_CATALOG_ROLE_REQUIRED',
          `roles: '${role}' cannot be switched off; every API needs it (${REQUIRED_ROLES.join(', ')} always stay). Map it to your own code instead.`,
        );
      }
      targets.set(role, false);
    } else if (target === undefined) {
      const baseCode = baseCodeOf(role, spelling);
      const off = OPT_IN_SET.has(role) && !Object.hasOwn(own, baseCode);
      targets.set(role, off ? false : baseCode);
    } else if (target === true && OPT_IN_SET.has(role)) {
      targets.set(role, baseCodeOf(role, spelling));
    } else if (typeof target === 'string') {
      targets.set(role, target);
    } else {
      throw new CatalogDefinitionError(
        'ERR_CATALOG_ROLE_TARGET',
        `roles: '${role}' must be a code of the catalog or ${OPT_IN_SET.has(role) ? 'a boolean' : 'false'}; got ${JSON.stringify(target)}.`,
      );
    }
  }
  return targets;
}

/**
 * The role that answers for `role` in a catalog whose roles that are on are `roles`: itself,
 * else the first on its `ROLE_FALLBACKS` chain; undefined when there is none.
 */
export function answeringRole(
  roles: Readonly<Record<string, string | undefined>>,
  role: Role,
): Role | undefined {
  let current: Role | undefined = role;
  while (current !== undefined && roles[current] === undefined) current = ROLE_FALLBACKS[current];
  return current;
}

/**
 * The options of a role's error as its fallback takes them when the status changes: what framed
 * the role (its message, `Retry-After`, headers such as `Allow`) would mislabel the fallback's
 * answer, so only the occurrence stays (details, fields, request id, cause) and `Connection`,
 * which is about the socket, not the error (a 413 closes a connection with an unread body).
 */
export function fallbackOptions<O extends ErrorOptions & { details?: unknown }>(options: O): O {
  const kept = { ...options };
  delete kept.message;
  delete kept.retryAfter;
  delete kept.headers;
  if (options.headers !== undefined) {
    for (const [name, value] of Object.entries(options.headers)) {
      if (name.toLowerCase() === 'connection') kept.headers = { [name]: value };
    }
  }
  return kept;
}

/**
 * An own entry as defined, or, when it redefines a role's base code (`quota_exceeded: { … }`),
 * with errata's `retryable` for what it leaves out: a hard quota must not turn retryable just
 * because its message was reworded.
 */
export function inherited(
  code: string,
  def: EntryDefinition,
  targets: ReadonlyMap<Role, string | false>,
  spelling: BaseCodeCase,
): EntryDefinition {
  if (typeof def !== 'object' || def === null || def.retryable !== undefined) return def;
  for (const [role, target] of targets) {
    if (target !== code || baseCodeOf(role, spelling) !== code) continue;
    const base: EntryDefinition = baseEntries[role];
    return base.retryable === undefined ? def : { ...def, retryable: base.retryable };
  }
  return def;
}
