import { parse } from './shared/args.js';
import { type Command, EXIT } from './shared/command.js';
import { snapshotOf } from './shared/contract.js';
import { loadCatalog } from './shared/load-catalog.js';
import { emit } from './shared/output.js';

const HELP = `Usage: errata snapshot <catalog> [--export NAME] [--out FILE]

Write the public contract of a catalog as a JSON lock file: every code with its status, title,
category, retryability, exposure, since/deprecated, and its details as JSON Schema, plus the code
each role maps to. Codes and roles are sorted, so the same catalog gives a byte-identical file.
Commit it, and let \`errata diff errors.lock.json <catalog>\` report what a change breaks.

Arguments:
  <catalog>       a catalog module (TypeScript or JavaScript) exporting a defineCatalog() result

Options:
  --export NAME   the export to use when the module exports several catalogs
  --out FILE      write to FILE instead of stdout
  -h, --help      show this help

Exit codes: 0 written, 2 bad usage.`;

/** `errata snapshot <catalog>`: the catalog's public contract as JSON, for `errata diff`. */
export const snapshot: Command = {
  name: 'snapshot',
  summary: 'write the public contract of a catalog as a JSON lock file',
  help: HELP,
  async run(args, io) {
    const options = { export: { type: 'string' }, out: { type: 'string' } } as const;
    const { values, positionals } = parse('snapshot', args, options, ['catalog']);
    const exportName = typeof values.export === 'string' ? values.export : undefined;
    const catalog = await loadCatalog(
      'errata snapshot',
      positionals[0] as string,
      exportName,
      io.cwd,
    );
    await emit(JSON.stringify(snapshotOf(catalog), null, 2), values.out, io);
    return EXIT.ok;
  },
};
