import { parse } from '../shared/args.js';
import { type Command, EXIT } from '../shared/command.js';
import { loadCatalog } from '../shared/load-catalog.js';
import { emit } from '../shared/output.js';
import { findLocale } from '../shared/translation-status.js';
import { UsageError } from '../shared/usage-error.js';
import { i18nJson, i18nReport, i18nText } from './report.js';
import { type WriteResult, writeLocale } from './write.js';

const HELP = `Usage: errata i18n <catalog> [--locale LOCALE] [--write DIR] [--strict] [--json] [--out FILE]

Check the translations of a catalog (defineCatalog({ locale, translations })), locale by locale:
  missing        a code clients would read in the catalog's own language: no translated message
                 (an unexposed code, a 500, sends its title instead: there the title counts)
  marked         its text is still the catalog's own, marked "[translate] …" by --write
  stale          the translation's \`source\` differs from the fingerprint of the code's own title
                 and message now: the text it was translated from has changed
  title-missing  (warning) a translated message without a translated title
  no-source      (warning) a translation without \`source\`: whether it is stale is unknown
  field-missing  (warning) a field violation code another locale translates and this one not
The fingerprint is the first 12 hex digits of SHA-256 over title + "\\n" + message, a function
message taken as its source text (fn.toString(), as errata loads the module: a TypeScript
module keeps its layout, a compiled one has its compiler's): reformatting a message function
changes it too, and its translations then read as stale until their \`source\` is renewed. Write the
fingerprint a finding shows as "now …" into the translation's \`source\` once it matches.

Arguments:
  <catalog>         a catalog module (TypeScript or JavaScript) exporting a defineCatalog() result

Options:
  --locale LOCALE   check (and write) only this one of the catalog's translations
  --write DIR       write or update DIR/<locale>.json for each translation, in the shape
                    defineCatalog({ translations }) takes ({ errors: { code: { title, message,
                    source } }, fields }): a missing title or message becomes the catalog's own
                    text after "[translate] ", with the current source; a translated text (and its
                    source) is never replaced; codes the catalog no longer has are left out. The
                    report is of the catalog as loaded, before the files were written
  --strict          warnings fail the run too
  --json            the report as JSON
  --export NAME     the catalog export to use when the module exports several
  --out FILE        write the report to FILE instead of stdout
  -h, --help        show this help

Exit codes: 0 every translation complete and current, 1 a code missing, marked or stale (or, with
--strict, any finding), 2 bad usage.

Examples:
  errata i18n src/errors.ts
  errata i18n src/errors.ts --locale fr --write src/locales`;

/** `errata i18n <catalog>`: missing and stale translations, and translation files to fill. */
export const i18n: Command = {
  name: 'i18n',
  summary: 'report missing and stale translations; write translation files to fill',
  help: HELP,
  async run(args, io) {
    const options = {
      locale: { type: 'string' },
      write: { type: 'string' },
      strict: { type: 'boolean' },
      json: { type: 'boolean' },
      export: { type: 'string' },
      out: { type: 'string' },
    } as const;
    const { values, positionals } = parse('i18n', args, options, ['catalog']);
    const file = positionals[0] as string;
    const exportName = typeof values.export === 'string' ? values.export : undefined;
    const catalog = await loadCatalog('errata i18n', file, exportName, io.cwd);
    let only: string | undefined;
    if (typeof values.locale === 'string') {
      only = findLocale(catalog, values.locale);
      if (only === undefined || only === catalog.locale) {
        throw new UsageError(
          `errata i18n: --locale ${JSON.stringify(values.locale)} is not a translation of the catalog; it has ${translationsOf(catalog.locales, catalog.locale)}`,
        );
      }
    }
    const report = i18nReport(catalog, file, only, values.strict === true);
    const written: WriteResult[] = [];
    if (typeof values.write === 'string') {
      for (const { locale } of report.locales) {
        written.push(await writeLocale(catalog, locale, values.write, io.cwd));
      }
    }
    const text =
      values.json === true
        ? i18nJson(report, typeof values.write === 'string' ? written : undefined)
        : i18nText(report, written.map(writtenLine));
    await emit(text, values.out, io);
    return report.errors === 0 ? EXIT.ok : EXIT.finding;
  },
};

function translationsOf(locales: readonly string[], own: string): string {
  const others = locales.filter((l) => l !== own);
  return others.length === 0 ? `none (only ${own})` : others.join(', ');
}

/** One line per file written, for the text report. */
function writtenLine(result: WriteResult): string {
  const parts = [`${result.added.length} to translate added`];
  if (result.refreshed.length > 0) parts.push(`${result.refreshed.length} renewed`);
  if (result.dropped.length > 0)
    parts.push(`dropped ${result.dropped.join(', ')} (not in the catalog)`);
  if (result.functions.length > 0) {
    parts.push(`left in code: ${result.functions.join(', ')} (message functions)`);
  }
  return `${result.updated ? 'updated' : 'wrote'} ${result.file}: ${parts.join('; ')}`;
}
