import { FORMAT_NAMES } from '../../formats/index.js';
import { choice, HEADER_MODES, parse } from '../shared/args.js';
import type { Command } from '../shared/command.js';
import { EXIT } from '../shared/command.js';
import { loadCatalog } from '../shared/load-catalog.js';
import { emit } from '../shared/output.js';
import { findLocale } from '../shared/translation-status.js';
import { UsageError } from '../shared/usage-error.js';
import { commandFormat, wireFlag } from '../shared/wire-format.js';
import { docsHtml } from './html.js';
import { docsMarkdown } from './markdown.js';
import { docsModel } from './model.js';

const HELP = `Usage: errata docs <catalog> [options]

Write the error reference of a catalog. Without a \`reference\` layout in the catalog the page has
the wire format with a rendered example, the headers the API sends, how to retry, and one table
per category with every code (its status, meaning, retryability, since/deprecated). With
\`defineCatalog({ reference })\` the page has the catalog's own sections, in its order: sample
bodies, code tables (grouped by category or status class, columns of its choice), one section per
code (message, causes, resolution, examples), a status table with 2xx rows, headers, retries,
reported codes and the team's own prose. Either way every code is at a stable anchor (#<code> in
lower case) that problem \`type\` URIs and docUrls can point at, and every reason phrase is the one
Node's HTTP server sends (422 Unprocessable Entity).

Options:
  --wire FORMAT        the format the API sends errors in: ${FORMAT_NAMES.join(', ')}
                       (default: the catalog's \`format\`, configured or custom, else problem; naming
                       the catalog's own format keeps its options)
  --html               one self-contained HTML page (filter box, light and dark theme) instead of Markdown
  --title TEXT         page title (default: the reference's title, else Error reference)
  --locale LOCALE      write the page in one of the catalog's locales (defineCatalog({ translations })):
                       each code's title and message and every example as the API sends them to a
                       client asking for it; a code without a translation stays in the catalog's
                       own language, marked "(in English: no German translation yet)".
                       Descriptions, causes and resolutions are not translated (the catalog has
                       them once). Default: the catalog's own locale
  --rate-limit-headers MODE
                       which rate-limit headers the API sends: ${HEADER_MODES.join(', ')}
                       (default: the reference's headers section, else legacy)
  --export NAME        the catalog export to use when the module has several
  --out FILE           write to FILE instead of stdout
  -h, --help           show this help

Output is deterministic: the same catalog gives a byte-identical page (examples use a fixed
request id and timestamp).

Examples:
  errata docs src/errors.ts > docs/errors.md
  errata docs src/errors.ts --wire envelope --html --out public/errors.html
  errata docs src/errors.ts --locale de --out docs/errors.de.md`;

/** `errata docs <catalog> [--wire FORMAT] [--html]`: the error reference, in Markdown or HTML. */
export const docs: Command = {
  name: 'docs',
  summary: 'write the error reference (Markdown, or one self-contained HTML page)',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parse(
      'docs',
      args,
      {
        wire: { type: 'string' },
        html: { type: 'boolean' },
        title: { type: 'string' },
        locale: { type: 'string' },
        'rate-limit-headers': { type: 'string' },
        export: { type: 'string' },
        out: { type: 'string' },
      },
      ['catalog'],
    );
    // Options are checked before the catalog is loaded: a typo fails fast, whatever the module.
    // Unset options stay unset: the catalog's format and reference layout then decide.
    const wire = wireFlag('docs', values.wire);
    const rateLimitHeaders =
      values['rate-limit-headers'] === undefined
        ? undefined
        : choice(
            'docs',
            'rate-limit-headers',
            values['rate-limit-headers'],
            HEADER_MODES,
            'legacy',
          );
    const exportName = typeof values.export === 'string' ? values.export : undefined;
    const catalog = await loadCatalog('errata docs', positionals[0] ?? '', exportName, io.cwd);
    const locale = typeof values.locale === 'string' ? values.locale : undefined;
    if (locale !== undefined && findLocale(catalog, locale) === undefined) {
      throw new UsageError(
        `errata docs: --locale ${JSON.stringify(locale)} is not a locale of the catalog; it has ${catalog.locales.join(', ')}`,
      );
    }
    // The same format every contract command describes (openapi, snapshot, diff, check).
    const model = docsModel(catalog, {
      wire: commandFormat(catalog, wire),
      rateLimitHeaders,
      title: typeof values.title === 'string' ? values.title : undefined,
      locale,
    });
    await emit(values.html === true ? docsHtml(model) : docsMarkdown(model), values.out, io);
    return EXIT.ok;
  },
};
