// Validation of one catalog entry definition, and the resolved entry it becomes (defaults
// filled in from the status and the catalog's typeBase and docsUrl). catalog.ts builds the
// catalog from these.
import { checkDocsMembers } from './catalog-entry-docs.js';
import { CatalogDefinitionError } from './catalog-error.js';
import type { CatalogEntry, EntryDefinition } from './catalog-types.js';
import { defaultExpose, defaultRetryable } from './status.js';

const CODE_RE = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;
const HEADER_NAME_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * The stable anchor of a code on the error reference page.
 * @example codeAnchor('VALIDATION_ERROR') // 'validation_error'
 */
export function codeAnchor(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9_-]/g, '-');
}

/** What an entry takes from its catalog. */
export type EntryMeta = { typeBase: string | undefined; docsUrl: string | undefined };

/**
 * Validate one entry definition and resolve it; throws a `CatalogDefinitionError` naming the
 * code and the faulty member.
 */
export function resolveEntry(
  code: string,
  def: EntryDefinition,
  base: boolean,
  meta: EntryMeta,
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
  checkDocsMembers(where, def);
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
    causes: def.causes ?? [],
    resolution: def.resolution ?? [],
    examples: (def.examples ?? []) as CatalogEntry['examples'],
    reported: def.reported ?? false,
    roles: [],
    base,
  };
}
