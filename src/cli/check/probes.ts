/** A JSON route to aim the body probes at: `PUT:/v1/secrets/check-probe`. */
export type Route = { method: string; path: string };

/** One request a hostile or careless client sends, and what a correct answer looks like. */
export type Probe = {
  /** Stable name, shown in the report. */
  name: string;
  method: string;
  /** Request target as sent: the base URL's path joined with the probe's. */
  target: string;
  /** Extra request headers; values are sent byte for byte (hostile ones included). */
  headers: [string, string][];
  body?: Buffer;
  /**
   * Statuses that answer this probe correctly. 401, 403 and 429 are accepted everywhere: an API
   * may refuse before routing (authentication, rate limits).
   */
  expect: readonly number[];
  /** A wire format this probe requires whatever `--wire` says (Accept: problem+json). */
  wire?: 'problem';
  /** A request id the response must not echo (as the server received it). */
  hostileId?: string;
  /** A response header whose presence means the request id was decoded into a header. */
  injected?: string;
};

/** Options that shape the battery. */
export type ProbeOptions = {
  /** The base URL's path, `''` for the root. */
  basePath: string;
  routes: readonly Route[];
  /** The largest body the API accepts: the oversized probe sends one byte more. */
  maxBody: number;
};

/** Where probes that need no real route go: a path no API defines. */
export const UNKNOWN_PATH = '/errata-check/does-not-exist';

/** Accepted by every probe: refusals that may come before routing. */
export const ALWAYS_ACCEPTED: readonly number[] = [401, 403, 429];

const JSON_TYPE: [string, string] = ['Content-Type', 'application/json'];

/**
 * Hostile `X-Request-ID` values. Each is unsafe by errata's rule (1-128 visible ASCII
 * characters), so a server must answer with an id of its own — except `encoded-crlf`, a safe
 * token that turns into a header break if a server percent-decodes ids before echoing them.
 */
const HOSTILE_IDS: readonly { name: string; value: string; injected?: string }[] = [
  { name: 'long', value: `errata-check-${'x'.repeat(300)}` },
  { name: 'markup', value: '<img src=x onerror=alert(1)>' },
  { name: 'tab', value: 'errata\tcheck' },
  // Most HTTP parsers refuse these bytes: the 400 they answer is checked like any error.
  { name: 'control', value: 'errata-check\u0001\u007f' },
  { name: 'unicode', value: 'errata-check-r\u00e9q-\u2713' },
  {
    name: 'encoded-crlf',
    value: 'errata-check%0D%0AX-Errata-Injected:%201',
    injected: 'x-errata-injected',
  },
];

/**
 * The battery: probes on a path no API defines (every API must answer them), then the body probes
 * again on each `--route`, where the JSON parser, content-type check and body limit really run.
 * The order is fixed, so reports compare line by line.
 * @example buildProbes({ basePath: '', routes: [{ method: 'PUT', path: '/v1/items/x' }], maxBody: 1024 })
 */
export function buildProbes(options: ProbeOptions): Probe[] {
  const at = (path: string) => `${options.basePath}${path}` || '/';
  const unknown = at(UNKNOWN_PATH);
  const probes: Probe[] = [
    { name: 'unknown-path', method: 'GET', target: unknown, headers: [], expect: [404] },
    {
      name: 'problem-json',
      method: 'GET',
      target: unknown,
      headers: [['Accept', 'application/problem+json']],
      expect: [404],
      wire: 'problem',
    },
    // The base URL itself: a route (405 with Allow) or none (404), never a success for PATCH.
    { name: 'wrong-method', method: 'PATCH', target: at(''), headers: [], expect: [404, 405] },
    // Off a real route the request may be refused for its path before the body is looked at.
    ...bodyProbes('POST', unknown, options.maxBody, [404, 405, 415]),
  ];
  for (const { name, value, injected } of HOSTILE_IDS) {
    const probe: Probe = {
      name: `request-id-${name}`,
      method: 'GET',
      target: unknown,
      headers: [['X-Request-ID', value]],
      expect: [400, 404],
    };
    if (injected === undefined) probe.hostileId = value;
    else probe.injected = injected;
    probes.push(probe);
  }
  probes.push({
    name: 'request-id-duplicate',
    method: 'GET',
    target: unknown,
    headers: [
      ['X-Request-ID', 'errata-check-1'],
      ['X-Request-ID', 'errata-check-2'],
    ],
    expect: [400, 404],
    // Sent twice, a header arrives joined: the joined value is what must not come back.
    hostileId: 'errata-check-1, errata-check-2',
  });
  for (const route of options.routes) {
    const target = at(route.path);
    const other = ['PATCH', 'POST', 'PUT'].find((m) => m !== route.method) as string;
    probes.push({ name: 'wrong-method', method: other, target, headers: [], expect: [404, 405] });
    probes.push(...bodyProbes(route.method, target, options.maxBody, []));
  }
  return probes;
}

/** Malformed JSON, a text body and an oversized body, sent to one target. */
function bodyProbes(
  method: string,
  target: string,
  maxBody: number,
  elsewhere: readonly number[],
): Probe[] {
  const expect = (...statuses: number[]) =>
    [...new Set([...statuses, ...elsewhere])].sort((a, b) => a - b);
  return [
    {
      name: 'malformed-json',
      method,
      target,
      headers: [JSON_TYPE],
      body: Buffer.from('{"errata_check":'),
      expect: expect(400, 422),
    },
    {
      name: 'wrong-content-type',
      method,
      target,
      headers: [['Content-Type', 'text/plain']],
      body: Buffer.from('errata_check=1'),
      expect: expect(400, 415, 422),
    },
    {
      name: 'oversized-body',
      method,
      target,
      headers: [JSON_TYPE],
      body: oversized(maxBody + 1),
      // An API that reads the whole body finds it unterminated: 400 is an honest answer too.
      expect: expect(400, 413),
    },
  ];
}

/** An unterminated JSON string of `size` bytes: refused as too large, or else as malformed. */
function oversized(size: number): Buffer {
  const prefix = Buffer.from('{"errata_check":"');
  const body = Buffer.alloc(Math.max(size, prefix.length), 'x');
  prefix.copy(body);
  return body;
}

/**
 * Parse a `--route` value: `METHOD:/path`.
 * @example parseRoute('PUT:/v1/secrets/probe') // { method: 'PUT', path: '/v1/secrets/probe' }
 */
export function parseRoute(text: string): Route | undefined {
  const match = /^([A-Za-z]{1,20}):(\/[\x21-\x7e]*)$/.exec(text);
  if (match === null) return undefined;
  return { method: (match[1] as string).toUpperCase(), path: match[2] as string };
}
