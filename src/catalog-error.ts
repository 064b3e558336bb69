/** Codes of the ways a catalog definition can be wrong; stable, so tooling can branch on them. */
export type CatalogDefinitionErrorCode =
  | 'ERR_CATALOG_SHAPE'
  | 'ERR_CATALOG_CODE'
  | 'ERR_CATALOG_ENTRY'
  | 'ERR_CATALOG_STATUS'
  | 'ERR_CATALOG_TITLE'
  | 'ERR_CATALOG_MESSAGE'
  | 'ERR_CATALOG_DETAILS'
  | 'ERR_CATALOG_FLAG'
  | 'ERR_CATALOG_RETRY_AFTER'
  | 'ERR_CATALOG_DUPLICATE'
  | 'ERR_CATALOG_ROLE'
  | 'ERR_CATALOG_ROLE_TARGET'
  | 'ERR_CATALOG_ROLE_REQUIRED'
  | 'ERR_CATALOG_BASE_CODES'
  | 'ERR_CATALOG_FORMAT'
  | 'ERR_CATALOG_CAUSES'
  | 'ERR_CATALOG_RESOLUTION'
  | 'ERR_CATALOG_EXAMPLE'
  | 'ERR_CATALOG_TRANSLATION';

/**
 * Thrown by `defineCatalog` when a catalog is invalid: at start-up, never mid-request.
 * @example try { defineCatalog(def) } catch (e) { if (e instanceof CatalogDefinitionError) console.error(e.code) }
 */
export class CatalogDefinitionError extends Error {
  override name = 'CatalogDefinitionError' as const;
  readonly code: CatalogDefinitionErrorCode;

  constructor(code: CatalogDefinitionErrorCode, message: string) {
    super(`errata: invalid catalog: ${message}`);
    this.code = code;
  }
}
