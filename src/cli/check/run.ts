import type { Catalog } from '../../catalog-types.js';
import type { Format } from '../../formats/types.js';
import { UsageError } from '../shared/usage-error.js';
import { sendRaw } from './http.js';
import { type InspectContext, inspect, type ProbeResult } from './inspect.js';
import { buildProbes, type Route } from './probes.js';

/** What `errata check` was asked to do. */
export type CheckOptions = {
  /** The API's base URL (http or https); probes go under its path. */
  url: URL;
  /** The format every error must be in (options included); any errata format when undefined. */
  wire: Format | undefined;
  catalog: Catalog | undefined;
  /** The catalog module as given on the command line (for the report). */
  catalogFile: string | undefined;
  routes: readonly Route[];
  /** Headers sent with every probe (`--header`), e.g. credentials. */
  headers: readonly [string, string][];
  maxBody: number;
  timeoutMs: number;
};

/** The whole run: every probe's result, in battery order. */
export type CheckReport = {
  url: string;
  /** The wire format's name (a built-in's, or a custom format's). */
  wire: string | null;
  /** The options it is configured with, when it is a configured built-in. */
  wireOptions?: Readonly<Record<string, unknown>>;
  catalog: string | null;
  probes: ProbeResult[];
  /** How many findings in all. */
  findings: number;
};

/**
 * Errors that mean nothing (or nothing trusted) answers at the URL: the check cannot run, a
 * usage problem rather than a finding.
 */
const UNREACHABLE =
  /\b(?:ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EPROTO|ERR_SSL_\w+|\w*CERT\w*|SELF_SIGNED\w*|UNABLE_TO_VERIFY\w*)\b/;

/**
 * Send the battery one probe at a time (a server that rate-limits sees a plain client, and the
 * report never depends on interleaving) and check every answer. Throws a UsageError when the
 * first probe finds nothing listening at the URL.
 * @example const report = await runCheck({ url: new URL('http://127.0.0.1:3000'), wire: formats.envelope, … });
 */
export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  const base = options.url;
  const probes = buildProbes({
    basePath: base.pathname.replace(/\/+$/, ''),
    routes: options.routes,
    maxBody: options.maxBody,
  });
  const context: InspectContext = {
    wire: options.wire,
    catalog: options.catalog,
    timeoutMs: options.timeoutMs,
  };
  const results: ProbeResult[] = [];
  for (const probe of probes) {
    const headers: [string, string][] = [
      ['Host', base.host],
      ['User-Agent', 'errata-check'],
      ['Accept', '*/*'],
      ...options.headers,
      ...probe.headers,
    ];
    // A probe's own Accept (problem+json) replaces the default one.
    const accepts = headers.filter(([name]) => name.toLowerCase() === 'accept');
    const sent = accepts.length > 1 ? headers.filter((h) => h !== accepts[0]) : headers;
    const outcome = await sendRaw(
      base,
      { method: probe.method, target: probe.target, headers: sent, body: probe.body },
      options.timeoutMs,
    );
    if (results.length === 0 && outcome.kind === 'error' && UNREACHABLE.test(outcome.message)) {
      const code = UNREACHABLE.exec(outcome.message)?.[0];
      throw new UsageError(`errata check: cannot connect to ${base.origin} (${code})`);
    }
    results.push(await inspect(probe, outcome, context));
  }
  const wire = options.wire;
  return {
    url: base.href,
    wire: wire?.name ?? null,
    ...(wire === undefined || Object.keys(wire.options).length === 0
      ? {}
      : { wireOptions: wire.options }),
    catalog: options.catalogFile ?? null,
    probes: results,
    findings: results.reduce((n, r) => n + r.findings.length, 0),
  };
}
