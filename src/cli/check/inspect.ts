import type { Catalog } from '../../catalog-types.js';
import { formats } from '../../formats/index.js';
import type { Format } from '../../formats/types.js';
import { isSafeRequestId, MAX_REQUEST_ID_LENGTH } from '../../server/request-id.js';
import { builtinName } from '../shared/wire-format.js';
import { checkBody } from './body.js';
import { CHECKS, type CheckName, type Finding } from './findings.js';
import type { Outcome, RawResponse } from './http.js';
import { findLeaks, jsonStrings } from './leaks.js';
import { ALWAYS_ACCEPTED, type Probe } from './probes.js';

/** What one probe saw. Nothing in it varies between runs against the same server behaviour. */
export type ProbeResult = {
  probe: string;
  method: string;
  target: string;
  /** The response status; null when no response came. */
  status: number | null;
  /** The wire format the body was recognised as (the parser's name for foreign shapes). */
  format: string | null;
  /** The error code the body carries (the catalog's spelling when it has the code). */
  code: string | null;
  findings: Finding[];
};

/** What the responses are checked against. */
export type InspectContext = {
  /**
   * The format every error must use (the catalog's, or `--wire`), options included; any errata
   * format when undefined.
   */
  wire: Format | undefined;
  catalog: Catalog | undefined;
  timeoutMs: number;
};

/**
 * Check what came back for a probe against errata's server rules (DESIGN.md): an error status the
 * probe allows, a well-formed body in the wire format with its content type, a catalogued code
 * with the catalog's status and details, a safe `X-Request-ID` that is not the hostile one,
 * `Retry-After` on 429 and 503, `Cache-Control: no-store`, `Allow` on 405, and no internals.
 * @example const result = await inspect(probe, await sendRaw(url, request, 10_000), { wire: 'envelope', catalog, timeoutMs: 10_000 });
 */
export async function inspect(
  probe: Probe,
  outcome: Outcome,
  context: InspectContext,
): Promise<ProbeResult> {
  const result: ProbeResult = {
    probe: probe.name,
    method: probe.method,
    target: probe.target,
    status: null,
    format: null,
    code: null,
    findings: [],
  };
  const find = (check: CheckName, message: string) => result.findings.push({ check, message });
  if (outcome.kind === 'timeout') {
    find('timeout', `no response within ${context.timeoutMs} ms`);
  } else if (outcome.kind === 'error') {
    find('no-response', outcome.message);
  } else {
    await inspectResponse(probe, outcome.response, context, result, find);
  }
  result.findings.sort((a, b) => CHECKS.indexOf(a.check) - CHECKS.indexOf(b.check));
  return result;
}

async function inspectResponse(
  probe: Probe,
  response: RawResponse,
  context: InspectContext,
  result: ProbeResult,
  find: (check: CheckName, message: string) => void,
): Promise<void> {
  const { status, headers, body } = response;
  result.status = status;
  const json = parseJson(body);
  const ignore = [probe.target, safeDecode(probe.target)];
  for (const leak of findLeaks([body, ...jsonStrings(json), ...Object.values(headers)], ignore)) {
    find('leak', `${leak.kind}: ${leak.excerpt}`);
  }
  if (status < 400) {
    find('not-an-error', `answered ${status}; this request must be refused`);
    return;
  }
  if (status >= 500)
    find('server-error', `answered ${status}: the server failed on a client's mistake`);
  const accepted = [...new Set([...probe.expect, ...ALWAYS_ACCEPTED])].sort((a, b) => a - b);
  if (status < 500 && !accepted.includes(status)) {
    find('unexpected-status', `answered ${status}; expected ${accepted.join(', ')}`);
  }

  // Accept: problem+json gets the API's problem format when it speaks problem, else errata's.
  const wanted =
    probe.wire === 'problem'
      ? context.wire !== undefined && builtinName(context.wire) === 'problem'
        ? context.wire
        : formats.problem
      : context.wire;
  const reading = await checkBody(
    response,
    json,
    wanted,
    context.catalog,
    probe.wire !== undefined,
    find,
  );
  result.format = reading.format;
  if (reading.code !== undefined) result.code = reading.code;
  checkRequestId(probe, headers, reading.requestId, find);
  if (probe.injected !== undefined && headers[probe.injected] !== undefined) {
    find(
      'header-injection',
      `the response carries ${probe.injected}: the request id was decoded into a header`,
    );
  }
  if ((status === 429 || status === 503) && !isRetryAfter(headers['retry-after'])) {
    find(
      'retry-after',
      headers['retry-after'] === undefined
        ? `a ${status} without Retry-After`
        : `a ${status} whose Retry-After is neither delay-seconds nor an HTTP date`,
    );
  }
  if (!/(?:^|,)\s*no-store\s*(?:,|$)/i.test(headers['cache-control'] ?? '')) {
    find('cache-control', 'an error without Cache-Control: no-store (proxies may cache it)');
  }
  checkLanguage(headers, context.catalog, find);
  if (status === 405) {
    const allow = headers.allow;
    if (allow === undefined) find('allow', 'a 405 without Allow');
    else if (
      allow
        .toUpperCase()
        .split(/\s*,\s*/)
        .includes(probe.method)
    ) {
      find('allow', `Allow lists ${probe.method}, the method it refused`);
    }
  }
}

function checkRequestId(
  probe: Probe,
  headers: Record<string, string>,
  bodyId: string | undefined,
  find: (check: CheckName, message: string) => void,
): void {
  const id = headers['x-request-id'];
  if (id === undefined) {
    find('request-id-missing', 'no X-Request-ID');
    return;
  }
  // Headers are read as latin1, so a hostile value comes back as its UTF-8 bytes.
  const hostile =
    probe.hostileId === undefined ? undefined : Buffer.from(probe.hostileId).toString('latin1');
  if (hostile !== undefined && id === hostile) {
    find('request-id-echoed', 'X-Request-ID echoes the hostile value the client sent');
  }
  if (!isSafeRequestId(id))
    find('request-id-unsafe', `X-Request-ID is not a safe token: ${unsafeReason(id)}`);
  if (bodyId !== undefined && bodyId !== id) {
    find('request-id-mismatch', 'the request id in the body differs from X-Request-ID');
  }
}

/**
 * A catalog with translations says which language every error is in (renderError): one of its
 * locales in `Content-Language`. Which one depends on the request, so only that is held.
 */
function checkLanguage(
  headers: Record<string, string>,
  catalog: Catalog | undefined,
  find: (check: CheckName, message: string) => void,
): void {
  if (catalog === undefined || catalog.locales.length < 2) return;
  const value = headers['content-language'];
  if (value === undefined) {
    find(
      'content-language',
      `no Content-Language, though the catalog answers in ${catalog.locales.join(', ')}`,
    );
  } else if (!catalog.locales.some((l) => l.toLowerCase() === value.trim().toLowerCase())) {
    find(
      'content-language',
      `Content-Language ${JSON.stringify(value)} is none of the catalog's locales (${catalog.locales.join(', ')})`,
    );
  }
}

function unsafeReason(id: string): string {
  if (id.length === 0) return 'empty';
  if (id.length > MAX_REQUEST_ID_LENGTH)
    return `${id.length} characters (at most ${MAX_REQUEST_ID_LENGTH})`;
  return 'it holds spaces, control or non-ASCII characters';
}

/** `Retry-After`: delay-seconds, or an HTTP date (RFC 9110 §10.2.3). */
function isRetryAfter(value: string | undefined): boolean {
  if (value === undefined) return false;
  if (/^\d{1,10}$/.test(value)) return true;
  return (
    /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(value) &&
    !Number.isNaN(Date.parse(value))
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
