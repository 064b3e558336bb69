import { FORMAT_NAMES } from '../formats/index.js';
import { parse } from './shared/args.js';
import { type Command, EXIT } from './shared/command.js';
import { snapshotOf } from './shared/contract.js';
import { loadCatalog } from './shared/load-catalog.js';
import { emit } from './shared/output.js';
import { commandFormat, wireFlag } from './shared/wire-format.js';

const HELP = `Usage: errata snapshot <catalog> [--wire FORMAT] [--export NAME] [--out FILE]

Write the public contract of a catalog as a JSON lock file: the wire format (a built-in's name,
content type and options, or a custom format's body schema), every code with its status, title,
category, retryability, exposure, problem type URI, since/deprecated, whether it is reported
elsewhere rather than returned, and its details as JSON Schema, plus the code each role maps to
and the catalog's languages ("locales": its own, and for each translation how many codes it
translates and which it leaves in the catalog's own language, as errata i18n counts them).
Codes, roles and locales are sorted, so the same catalog gives a byte-identical file. Commit it, and let
\`errata diff errors.lock.json <catalog>\` report what a change breaks.

The file is tagged "contract/2"; "contract/1" files (no format, no type) and files without
"locales" still load in diff, what they lack reading as unknown.

Arguments:
  <catalog>       a catalog module (TypeScript or JavaScript) exporting a defineCatalog() result

Options:
  --wire FORMAT   record this built-in format instead of the catalog's own (default: the
                  catalog's format, else problem): ${FORMAT_NAMES.join(', ')}
  --export NAME   the export to use when the module exports several catalogs
  --out FILE      write to FILE instead of stdout
  -h, --help      show this help

Exit codes: 0 written, 2 bad usage.`;

/** `errata snapshot <catalog>`: the catalog's public contract as JSON, for `errata diff`. */
export const snapshot: Command = {
  name: 'snapshot',
  summary: 'write the public contract of a catalog (wire format included) as a JSON lock file',
  help: HELP,
  async run(args, io) {
    const options = {
      wire: { type: 'string' },
      export: { type: 'string' },
      out: { type: 'string' },
    } as const;
    const { values, positionals } = parse('snapshot', args, options, ['catalog']);
    const wire = wireFlag('snapshot', values.wire);
    const exportName = typeof values.export === 'string' ? values.export : undefined;
    const catalog = await loadCatalog(
      'errata snapshot',
      positionals[0] as string,
      exportName,
      io.cwd,
    );
    const format = commandFormat(catalog, wire);
    await emit(JSON.stringify(snapshotOf(catalog, format), null, 2), values.out, io);
    return EXIT.ok;
  },
};
