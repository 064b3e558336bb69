// errata/i18n: what translated catalogs need beyond errata's core, kept apart so that only an
// app whose translations use ICU plurals and selects loads intl-messageformat.
import { IntlMessageFormat } from 'intl-messageformat';
import type { MessageCompiler } from './translation-types.js';

export type { MessageCompiler } from './translation-types.js';

/**
 * Compiles ICU MessageFormat translations (plurals, selects, numbers, dates) with
 * intl-messageformat, once per message when the catalog is defined.
 * @example
 * import { icu } from 'errata/i18n';
 * defineCatalog({ messageFormat: icu, errors, translations: { de: deJson } });
 */
export const icu: MessageCompiler = (message, locale) => {
  // Error messages are plain text: `<b>` is two characters, never a rich-text tag.
  const format = new IntlMessageFormat(message, locale, undefined, { ignoreTag: true });
  return (values) =>
    String(format.format(values as Record<string, string | number | boolean | Date>));
};
