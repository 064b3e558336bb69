import { FORMAT_NAMES } from '../../formats/index.js';
import { parse } from '../shared/args.js';
import { type Command, EXIT } from '../shared/command.js';
import { loadCatalog } from '../shared/load-catalog.js';
import { emit } from '../shared/output.js';
import { UsageError } from '../shared/usage-error.js';
import { commandFormat, wireFlag } from '../shared/wire-format.js';
import { parseRoute, type Route, UNKNOWN_PATH } from './probes.js';
import { jsonReport, textReport } from './report.js';
import { type CheckOptions, runCheck } from './run.js';

const HELP = `Usage: errata check <base-url> [--catalog FILE] [--wire FORMAT] [--route METHOD:/path]...
                    [--header 'Name: value']... [--max-body BYTES] [--timeout MS] [--json] [--out FILE]

Probe a running API with the requests a hostile or careless client sends, and check every error
response against errata's server rules. Probes, one at a time:
  unknown-path        GET ${UNKNOWN_PATH}
  problem-json        the same with Accept: application/problem+json (must answer problem+json)
  wrong-method        PATCH on the base URL (404, or 405 with Allow)
  malformed-json      a JSON body cut short                       } POST ${UNKNOWN_PATH},
  wrong-content-type  a text/plain body                           } then again on each --route
  oversized-body      a body one byte over --max-body (no hang)   }
  request-id-*        hostile X-Request-ID values: too long, markup, tab, control bytes,
                      non-ASCII, a percent-encoded CRLF, the header sent twice
Checks on every answer: an error status the probe allows (401, 403 and 429 always are; never a
success or a 5xx); the body in the wire format with its Content-Type, its members under the
names the format's options give them (none sent under a default name the options renamed or left
out); with --catalog, a code the catalog returns (not one reported elsewhere), with its status,
problem type URI and details schema; X-Request-ID present, safe (1-128 visible ASCII
characters), not the hostile value, and equal to the body's; Retry-After on 429 and 503;
Cache-Control: no-store; Allow on 405; with a catalog that has translations, Content-Language
naming one of its locales; no stack traces, server file paths or driver messages.
The wire format is the catalog's (defineCatalog({ format }), options included); a custom format
(defineFormat) is held to its own parse and JSON Schema.

Arguments:
  <base-url>              the API's base URL (http or https); probes go under its path

Options:
  --catalog FILE          a catalog module (TypeScript or JavaScript): codes and statuses to hold
                          the answers to
  --export NAME           the catalog export to use when the module exports several
  --wire FORMAT           the wire format every error must use, instead of the catalog's:
                          ${FORMAT_NAMES.join(', ')} (default: the catalog's format; without
                          one, any of them, reported). The catalog's options are kept when it
                          names the same format
  --route METHOD:/path    a route that takes a JSON body (repeatable), e.g. PUT:/v1/items/probe;
                          the body probes and a wrong method are sent there too. Probes never
                          send a valid body, so nothing is written
  --header 'Name: value'  a header sent with every probe (repeatable), e.g. credentials
  --max-body BYTES        the largest body the API accepts (default 2097152)
  --timeout MS            how long a probe waits for its answer; longer is a hang (default 10000)
  --json                  the report as JSON
  --out FILE              write to FILE instead of stdout
  -h, --help              show this help

Exit codes: 0 every check passed, 1 a finding, 2 bad usage or nothing listening at the URL.`;

const MAX_BODY_LIMIT = 256 * 1024 * 1024;

/** `errata check <base-url>`: probe a running API and report every broken promise. */
export const check: Command = {
  name: 'check',
  summary: 'probe a running API and report every error response that breaks the contract',
  help: HELP,
  async run(args, io) {
    const options = {
      catalog: { type: 'string' },
      export: { type: 'string' },
      wire: { type: 'string' },
      route: { type: 'string', multiple: true },
      header: { type: 'string', multiple: true },
      'max-body': { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
      out: { type: 'string' },
    } as const;
    const { values, positionals } = parse('check', args, options, ['base-url']);
    const url = baseUrl(positionals[0] as string);
    const wireName = wireFlag('check', values.wire);
    const catalogFile = typeof values.catalog === 'string' ? values.catalog : undefined;
    const exportName = typeof values.export === 'string' ? values.export : undefined;
    if (exportName !== undefined && catalogFile === undefined) {
      throw new UsageError('errata check: --export needs --catalog');
    }
    const catalog =
      catalogFile === undefined
        ? undefined
        : await loadCatalog('errata check', catalogFile, exportName, io.cwd);
    // The catalog's format is the contract; --wire overrides it (or names one without a catalog).
    const wire = wireName === undefined ? catalog?.format : commandFormat(catalog, wireName);
    const settings: CheckOptions = {
      url,
      wire,
      catalog,
      catalogFile,
      routes: list(values.route).map(route),
      headers: list(values.header).map(header),
      maxBody: integer('max-body', values['max-body'], 2 * 1024 * 1024, 1, MAX_BODY_LIMIT),
      timeoutMs: integer('timeout', values.timeout, 10_000, 1, 600_000),
    };
    const report = await runCheck(settings);
    await emit(values.json === true ? jsonReport(report) : textReport(report), values.out, io);
    return report.findings === 0 ? EXIT.ok : EXIT.finding;
  },
};

function baseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`errata check: not a URL: ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`errata check: the base URL must be http or https; got ${url.protocol}`);
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new UsageError(
      'errata check: the base URL must have no query, fragment or credentials (use --header)',
    );
  }
  return url;
}

/** A repeatable flag's values (parseArgs gives an array; the shared type says string). */
function list(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
}

function route(text: string): Route {
  const parsed = parseRoute(text);
  if (parsed === undefined) {
    throw new UsageError(
      `errata check: --route must be METHOD:/path (e.g. PUT:/v1/items/probe); got ${JSON.stringify(text)}`,
    );
  }
  return parsed;
}

function header(text: string): [string, string] {
  const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*([^\r\n]*)$/.exec(text);
  if (match === null) {
    throw new UsageError(
      `errata check: --header must be 'Name: value'; got ${JSON.stringify(text)}`,
    );
  }
  return [match[1] as string, (match[2] as string).trim()];
}

function integer(
  flag: string,
  value: string | boolean | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= min && n <= max)) {
    throw new UsageError(
      `errata check: --${flag} must be an integer from ${min} to ${max}; got ${JSON.stringify(value)}`,
    );
  }
  return n;
}
