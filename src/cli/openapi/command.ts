import { FORMAT_NAMES } from '../../formats/index.js';
import { choice, HEADER_MODES, parse } from '../shared/args.js';
import { type Command, EXIT } from '../shared/command.js';
import { loadCatalog } from '../shared/load-catalog.js';
import { emit } from '../shared/output.js';
import { commandFormat, wireFlag } from '../shared/wire-format.js';
import { openapiDocument } from './document.js';
import { toYaml } from './yaml.js';

const HELP = `Usage: errata openapi <catalog> [options]

OpenAPI 3.1 components for a catalog's errors, as a complete document: the error body schema of
the wire format (the code enum, each code's details schema), one response per status (Error404,
…) with an example per code rendered by errata itself, and the headers errors carry
(X-Request-ID, Retry-After, rate-limit headers). Merge its components into your API's document.

<catalog> is a module (TypeScript or JavaScript) exporting a catalog made by defineCatalog.
The body schema is that of the catalog's format (defineCatalog({ format })), options included:
members renamed or left out, the problem type strategy, the timestamp precision. A custom format
(defineFormat) is described by its own schema() and its examples rendered by its own render.
Codes reported elsewhere (reported: true) are not responses and are left out.

Options:
  --wire FORMAT              wire format of the error bodies, instead of the catalog's format
                             (default: the catalog's, else problem; the catalog's own options are
                             kept when it names the same format):
                             ${FORMAT_NAMES.join(', ')}
  --version 3.1              OpenAPI version; only 3.1 is produced
  --rate-limit-headers MODE  rate-limit headers on 429 responses, as the limiter's option:
                             legacy, ietf, both or none (default: legacy)
  --title TEXT               info.title of the document (default: API errors)
  --format json|yaml         output syntax (default: json)
  --export NAME              the module export holding the catalog (default: default, else the only one)
  --out FILE                 write to FILE instead of stdout
  -h, --help                 show this help

Exit codes: 0 written, 2 bad usage.

Examples:
  errata openapi src/errors.ts --wire envelope --out openapi/errors.json
  errata openapi src/errors.ts --format yaml`;

const OPTIONS = {
  wire: { type: 'string' },
  version: { type: 'string' },
  'rate-limit-headers': { type: 'string' },
  title: { type: 'string' },
  format: { type: 'string' },
  export: { type: 'string' },
  out: { type: 'string' },
} as const;

/**
 * `errata openapi <catalog>`: the catalog's errors as OpenAPI 3.1 components.
 * @example await openapi.run(['src/errors.ts', '--wire', 'envelope'], io)
 */
export const openapi: Command = {
  name: 'openapi',
  summary: 'OpenAPI 3.1 components: error body schema, responses per status, headers',
  help: HELP,
  run: async (args, io) => {
    const { values, positionals } = parse('openapi', args, OPTIONS, ['catalog']);
    const wireName = wireFlag('openapi', values.wire);
    choice('openapi', 'version', values.version, ['3.1', '3.1.0'], '3.1');
    const rateLimitHeaders = choice(
      'openapi',
      'rate-limit-headers',
      values['rate-limit-headers'],
      HEADER_MODES,
      'legacy',
    );
    const format = choice('openapi', 'format', values.format, ['json', 'yaml'], 'json');
    const exportName = typeof values.export === 'string' ? values.export : undefined;
    const title = typeof values.title === 'string' ? values.title : undefined;
    const catalog = await loadCatalog(
      'errata openapi',
      positionals[0] as string,
      exportName,
      io.cwd,
    );
    const wire = commandFormat(catalog, wireName);
    const { document, notes } = await openapiDocument(catalog, { wire, title, rateLimitHeaders });
    for (const note of notes) io.stderr(`errata openapi: note: ${note}\n`);
    const text = format === 'yaml' ? toYaml(document) : JSON.stringify(document, null, 2);
    await emit(text, values.out, io);
    return EXIT.ok;
  },
};
