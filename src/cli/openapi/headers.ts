import type { CatalogEntry } from '../../catalog-types.js';
import { FRAMING } from '../../formats/shared.js';
import type { HeaderMode } from '../../rate-limit/headers.js';
import type { JsonSchema } from '../shared/json-schema.js';
import { EXAMPLE_REQUEST_ID } from './examples.js';

const integer = (minimum: number): JsonSchema => ({ type: 'integer', minimum });

/**
 * The headers errata sends, as reusable header components: on every error (`X-Request-ID`,
 * `Cache-Control`), on 429 and 503 (`Retry-After`) and with rate limiting (legacy `X-RateLimit-*`
 * and the IETF `RateLimit` / `RateLimit-Policy`). Success responses may reference them too.
 * @example HEADER_COMPONENTS['Retry-After'].schema // { type: 'integer', minimum: 0 }
 */
export const HEADER_COMPONENTS: Readonly<Record<string, JsonSchema>> = {
  'X-Request-ID': {
    description:
      "Identifies the request: the caller's own `X-Request-ID` when it is safe (visible ASCII, bounded length), else one the API makes. Quote it when reporting a problem.",
    required: true,
    schema: { type: 'string', minLength: 1, maxLength: 256, pattern: '^[!-~]+$' },
    example: EXAMPLE_REQUEST_ID,
  },
  'Cache-Control': {
    description: 'Errors are never cached.',
    required: true,
    schema: { type: 'string', const: 'no-store' },
  },
  'Retry-After': {
    description:
      'Seconds to wait before retrying (delay-seconds; never an HTTP date). Sent on every 429 and 503.',
    required: true,
    schema: integer(0),
    example: 30,
  },
  'X-RateLimit-Limit': {
    description: 'Requests allowed in the window of the most restrictive rate-limit policy.',
    schema: integer(0),
    example: 100,
  },
  'X-RateLimit-Remaining': {
    description: 'Requests left in that window.',
    schema: integer(0),
    example: 0,
  },
  'X-RateLimit-Reset': {
    description: 'When that window resets, in Unix epoch seconds.',
    schema: integer(0),
    example: 1735689660,
  },
  'RateLimit-Policy': {
    description:
      'Every rate-limit policy (IETF draft-ietf-httpapi-ratelimit-headers), a structured-field list: `"name";q=<quota>;w=<window seconds>`.',
    schema: { type: 'string' },
    example: '"burst";q=100;w=60, "daily";q=10000;w=86400',
  },
  RateLimit: {
    description:
      'What is left of each policy, a structured-field list: `"name";r=<remaining>;t=<seconds until it is restored>`.',
    schema: { type: 'string' },
    example: '"burst";r=0;t=17, "daily";r=9120;t=51000',
  },
};

/**
 * What a catalog with the Idempotency-Key roles adds: the request header, as a parameter
 * component, and the header marking a replayed response.
 * @example IDEMPOTENCY_COMPONENTS.parameters['Idempotency-Key'].in // 'header'
 */
export const IDEMPOTENCY_COMPONENTS = {
  parameters: {
    'Idempotency-Key': {
      name: 'Idempotency-Key',
      in: 'header',
      description:
        'A key unique to this operation (a UUID), sent again unchanged with every retry of it: the first request runs and its response is stored; a retry gets that response again (`Idempotent-Replayed: true`) instead of running twice. A Structured Field string or a bare token, 1 to 255 printable ASCII characters (IETF draft-ietf-httpapi-idempotency-key-header).',
      required: false,
      schema: { type: 'string', minLength: 1, maxLength: 257, pattern: '^[ -~]+$' },
      example: '"8e03978e-40d5-43e8-bc93-6894a57f9324"',
    },
  },
  headers: {
    'Idempotent-Replayed': {
      description:
        'Present on a response replayed for a repeated `Idempotency-Key`: the operation ran once, earlier.',
      schema: { type: 'string', const: 'true' },
    },
  },
} as const;

/**
 * What a catalog with translations adds to every error response: `Content-Language` (the
 * language of the message) and `Vary: Accept-Language` (the answer depends on that header).
 * @example localeComponents(['en', 'de'])['Content-Language'].schema // { type: 'string', enum: ['en', 'de'] }
 */
export function localeComponents(locales: readonly string[]): Record<string, JsonSchema> {
  return {
    'Content-Language': {
      description:
        "The language of the message: the API's locale that best matches the request's `Accept-Language` (or the one the app chose for the caller); the catalog's own language when it has no translation for the code.",
      required: true,
      schema: { type: 'string', enum: [...locales] },
      example: locales[0] ?? 'en',
    },
    Vary: {
      description:
        'Includes `Accept-Language` when that header chose the language: caches must keep one answer per language. Absent when the app chose the language for the caller itself.',
      schema: { type: 'string' },
      example: 'Accept-Language',
    },
  };
}

const RATE_LIMIT: Readonly<Record<HeaderMode, readonly string[]>> = {
  legacy: ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'],
  ietf: ['RateLimit-Policy', 'RateLimit'],
  both: [
    'X-RateLimit-Limit',
    'X-RateLimit-Remaining',
    'X-RateLimit-Reset',
    'RateLimit-Policy',
    'RateLimit',
  ],
  none: [],
};

/** Headers the renderer sets itself or the server frames: a code's own value never reaches the client. */
const NOT_OWN = new Set(['content-type', 'cache-control', 'x-request-id', ...FRAMING]);

const headerRef = (name: string): JsonSchema => ({ $ref: `#/components/headers/${name}` });

/**
 * The headers of one status's error responses: the standard ones by reference (with
 * `Content-Language` and `Vary` when the catalog has translations), `Allow` on the
 * method-not-allowed code's status, and the codes' own headers with their values.
 * @example responseHeaders(429, entries, 'legacy', false) // { 'X-Request-ID': { $ref: … }, …, 'Retry-After': … }
 */
export function responseHeaders(
  status: number,
  entries: readonly CatalogEntry[],
  mode: HeaderMode,
  translated: boolean,
): JsonSchema {
  const headers: JsonSchema = {
    'X-Request-ID': headerRef('X-Request-ID'),
    'Cache-Control': headerRef('Cache-Control'),
  };
  const skip = new Set(NOT_OWN);
  if (translated) {
    headers['Content-Language'] = headerRef('Content-Language');
    headers.Vary = headerRef('Vary');
    skip.add('content-language');
  }
  if (status === 429 || status === 503) {
    headers['Retry-After'] = headerRef('Retry-After');
    skip.add('retry-after');
  }
  if (!skip.has('retry-after') && entries.some((e) => e.roles.includes('idempotency_in_flight'))) {
    headers['Retry-After'] = {
      description:
        'Seconds to wait before sending the request again with the same `Idempotency-Key` (delay-seconds). Sent with `idempotency_in_flight`.',
      required: entries.length === 1,
      schema: integer(1),
      example: 5,
    };
    skip.add('retry-after');
  }
  // The limiter answers 429 with its headers; other statuses carry them only as any response does.
  if (status === 429) for (const name of RATE_LIMIT[mode]) headers[name] = headerRef(name);
  if (entries.some((entry) => entry.roles.includes('method_not_allowed'))) {
    headers.Allow = {
      description: 'The methods the path accepts.',
      schema: { type: 'string' },
      example: 'GET, HEAD',
    };
    skip.add('allow');
  }
  const own = new Map<string, { name: string; codes: string[]; values: string[] }>();
  for (const entry of entries) {
    for (const [name, value] of Object.entries(entry.headers)) {
      const key = name.toLowerCase();
      if (skip.has(key)) continue;
      const seen = own.get(key) ?? { name, codes: [], values: [] };
      seen.codes.push(entry.code);
      if (!seen.values.includes(value)) seen.values.push(value);
      own.set(key, seen);
    }
  }
  for (const key of [...own.keys()].sort()) {
    const { name, codes, values } = own.get(key) as {
      name: string;
      codes: string[];
      values: string[];
    };
    headers[name] = {
      description: `Sent with ${codes.map((code) => `\`${code}\``).join(', ')}.`,
      required: codes.length === entries.length,
      schema:
        values.length === 1
          ? { type: 'string', const: values[0] as string }
          : { type: 'string', enum: values },
    };
  }
  return headers;
}
