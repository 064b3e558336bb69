// The `format` member of a catalog definition, checked at definition like every other member.
import { CatalogDefinitionError } from './catalog-error.js';
import { FORMAT_NAMES, getFormat, isFormatName } from './formats/index.js';
import type { Format } from './formats/types.js';

/** The catalog's format: a built-in name or a Format object, checked now rather than at render. */
export function formatOf(value: unknown): Format | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') {
    if (isFormatName(value)) return getFormat(value);
    throw new CatalogDefinitionError(
      'ERR_CATALOG_FORMAT',
      `format ${JSON.stringify(value)} is not a built-in format (${FORMAT_NAMES.join(', ')}); give a Format object (defineFormat) for your own.`,
    );
  }
  const f = value as Partial<Record<keyof Format, unknown>> | null;
  if (
    typeof f !== 'object' ||
    f === null ||
    typeof f.name !== 'string' ||
    typeof f.contentType !== 'string' ||
    typeof f.render !== 'function' ||
    typeof f.parse !== 'function'
  ) {
    throw new CatalogDefinitionError(
      'ERR_CATALOG_FORMAT',
      'format must be a built-in format name or a Format object (name, contentType, render, parse), e.g. formats.envelope.with({…}) or defineFormat({…}).',
    );
  }
  return value as Format;
}
