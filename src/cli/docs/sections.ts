import type { ApiError, FieldViolation } from '../../api-error.js';
import { codeAnchor } from '../../catalog.js';
import type { Catalog, CatalogEntry } from '../../catalog-types.js';
import { formats } from '../../formats/index.js';
import type { FormatName } from '../../formats/types.js';
import type { HeaderMode } from '../../rate-limit/headers.js';
import { renderError } from '../../render.js';
import { defaultRetryable, statusPhrase } from '../../status.js';
import { code } from './inline.js';
import type { Block, Inline, Section } from './types.js';
import { WIRE_GUIDES } from './wire.js';

/**
 * Ids of the fixed sections. A `/` occurs in no code and no anchor, so no code can take them
 * (nor the category ids, `category/<name>`).
 */
export const SECTION_IDS = {
  format: 'doc/format',
  headers: 'doc/headers',
  retries: 'doc/retries',
  codes: 'doc/codes',
} as const;

/** Fixed so that the page is byte-identical from run to run. */
export const EXAMPLE_REQUEST_ID = 'req_8ZQ4K2M7';
const EXAMPLE_TIMESTAMP = '2026-01-01T00:00:00.000Z';
const EXAMPLE_FIELDS: FieldViolation[] = [
  { path: ['name'], message: 'must not be empty' },
  { path: ['items', 0, 'quantity'], message: 'must be at least 1', code: 'too_small' },
];

/** A link to a code's row. */
export function codeLink(name: string): Inline {
  return `[${code(name)}](#${codeAnchor(name)})`;
}

/**
 * The wire format: where each part of an error is, and a real rendered example.
 * @example formatSection(catalog, 'problem').blocks[0]
 */
export function formatSection(catalog: Catalog, wire: FormatName): Section {
  const guide = WIRE_GUIDES[wire];
  const format = formats[wire];
  const error = exampleError(catalog);
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: `Errors are sent as ${guide.summary} (the ${code(wire)} format), with ${code(`Content-Type: ${format.contentType}`)} and an HTTP status of 400 or above.`,
    },
    {
      kind: 'table',
      caption: 'Where each part of an error is',
      head: ['Part', 'Where'],
      rows: [
        ['Code', guide.code],
        ['Message', guide.message],
        ['Invalid fields', guide.fields],
        ['Details', guide.details],
        ['Request id', guide.requestId],
      ],
    },
  ];
  if (wire === 'problem') {
    blocks.push({
      kind: 'paragraph',
      text:
        catalog.typeBase === undefined
          ? `Unless a code below names its own problem type, ${code('type')} is ${code('about:blank')} and ${code('title')} is the HTTP reason phrase: read ${code('code')} to tell errors apart.`
          : `The ${code('type')} of a code is ${code(`${catalog.typeBase}<code>`)}, unless the code below names another.`,
    });
  }
  blocks.push(
    {
      kind: 'paragraph',
      text: `For example, a ${code(String(error.status))} ${codeLink(error.code)} with two invalid fields:`,
    },
    {
      kind: 'http',
      caption: `Example: ${error.status} ${error.code}`,
      text: exampleHttp(catalog, error, wire),
    },
  );
  return { id: SECTION_IDS.format, title: 'Error responses', blocks };
}

/** The validation role's error with two violations: every catalog has one, every format shows it. */
function exampleError(catalog: Catalog): ApiError {
  const options = { fields: EXAMPLE_FIELDS, requestId: EXAMPLE_REQUEST_ID };
  try {
    return catalog.roleError('validation_error', options);
  } catch {
    // A remapped role whose message is a function of details it does not get here.
    const entry = catalog.get(catalog.roles.validation_error ?? '');
    return catalog.roleError('validation_error', { ...options, message: entry?.title ?? '' });
  }
}

function exampleHttp(catalog: Catalog, error: ApiError, wire: FormatName): string {
  const response = renderError(error, {
    catalog,
    format: wire,
    requestId: EXAMPLE_REQUEST_ID,
    timestamp: EXAMPLE_TIMESTAMP,
  });
  const lines = [`HTTP/1.1 ${response.status} ${statusPhrase(response.status)}`];
  for (const [name, value] of Object.entries(response.headers)) {
    lines.push(`${headerCase(name)}: ${value}`);
  }
  const body = JSON.stringify(JSON.parse(response.body), null, 2);
  return `${lines.join('\n')}\n\n${body}`;
}

/**
 * `x-request-id` -> `X-Request-ID`, `content-type` -> `Content-Type`.
 * @example headerCase('retry-after') // 'Retry-After'
 */
export function headerCase(name: string): string {
  return name
    .split('-')
    .map((part) => {
      const lower = part.toLowerCase();
      if (lower === 'id' || lower === 'www') return lower.toUpperCase();
      return lower.charAt(0).toUpperCase() + lower.slice(1);
    })
    .join('-');
}

const RATE_LIMIT_ROWS: Readonly<Record<'legacy' | 'ietf', Inline[][]>> = {
  legacy: [
    [
      '`X-RateLimit-Limit`',
      'rate-limited routes',
      'Requests allowed in the current window of the tightest limit.',
    ],
    ['`X-RateLimit-Remaining`', 'rate-limited routes', 'Requests left in that window.'],
    [
      '`X-RateLimit-Reset`',
      'rate-limited routes',
      'When that window resets, in Unix epoch seconds.',
    ],
  ],
  ietf: [
    [
      '`RateLimit-Policy`',
      'rate-limited routes',
      'Each limit, such as `"burst";q=100;w=60`: a quota `q` per window of `w` seconds.',
    ],
    [
      '`RateLimit`',
      'rate-limited routes',
      'What is left of each limit, such as `"burst";r=42;t=17`: `r` requests remain, `t` seconds until it is full again.',
    ],
  ],
};

/**
 * The headers the API sends: request id, caching, Retry-After, rate limits, codes' own headers.
 * @example headersSection(catalog, 'problem', 'legacy').blocks
 */
export function headersSection(catalog: Catalog, wire: FormatName, mode: HeaderMode): Section {
  const rows: Inline[][] = [
    [
      '`X-Request-ID`',
      'every response',
      'Identifies the request. A safe `X-Request-ID` you send is echoed back, otherwise the API makes one. Quote it when you report a problem.',
    ],
    ['`Content-Type`', 'every error', code(formats[wire].contentType)],
    ['`Cache-Control`', 'every error', '`no-store`: an error is never cached.'],
    ['`Retry-After`', '`429` and `503`', 'Seconds to wait before retrying (an integer).'],
  ];
  if (mode === 'legacy' || mode === 'both') rows.push(...RATE_LIMIT_ROWS.legacy);
  if (mode === 'ietf' || mode === 'both') rows.push(...RATE_LIMIT_ROWS.ietf);
  const allow = catalog.roles.method_not_allowed;
  if (allow !== undefined) {
    rows.push(['`Allow`', `\`405\` ${codeLink(allow)}`, 'The methods the path accepts.']);
  }
  const own = new Map<string, { codes: string[]; values: Set<string> }>();
  for (const entry of catalog.entries()) {
    for (const [name, value] of Object.entries(entry.headers)) {
      const key = headerCase(name);
      const seen = own.get(key) ?? { codes: [], values: new Set<string>() };
      seen.codes.push(entry.code);
      seen.values.add(value);
      own.set(key, seen);
    }
  }
  for (const [name, { codes, values }] of [...own].sort(([a], [b]) => (a < b ? -1 : 1))) {
    rows.push([
      code(name),
      codes.map(codeLink).join(', '),
      `Value: ${[...values].map(code).join(' or ')}.`,
    ]);
  }
  return {
    id: SECTION_IDS.headers,
    title: 'Headers',
    blocks: [
      {
        kind: 'table',
        caption: 'Headers sent with errors',
        head: ['Header', 'Sent on', 'Meaning'],
        rows,
      },
    ],
  };
}

/**
 * Which codes to retry, how long to wait, and which requests are safe to send again.
 * @example retriesSection(catalog).blocks[0]
 */
export function retriesSection(catalog: Catalog): Section {
  const entries = catalog.entries();
  const retryable = entries.filter((e) => e.retryable);
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text:
        retryable.length === 0
          ? 'No code is retryable: fix the request before sending it again.'
          : `Retry only these codes: ${retryable.map((e) => codeLink(e.code)).join(', ')}. Any other error fails the same way until the request changes.`,
    },
  ];
  const exceptions = entries.filter((e) => e.retryable !== defaultRetryable(e.status));
  if (exceptions.length > 0) {
    blocks.push({
      kind: 'paragraph',
      text: `Not as their status suggests: ${exceptions.map(exceptionText).join('; ')}.`,
    });
  }
  blocks.push(
    {
      kind: 'list',
      items: [
        'When the response has `Retry-After`, wait that many seconds, no less.',
        'Otherwise back off exponentially with full jitter: before retry n, wait a random time between 0 and min(cap, base × 2ⁿ), such as base 0.5 s and cap 30 s.',
        'Stop after a few attempts or at a deadline, and retry less when many requests fail at once: retries must not multiply the load of an outage.',
      ],
    },
    {
      kind: 'paragraph',
      text: '`GET`, `HEAD`, `PUT`, `DELETE` and `OPTIONS` are idempotent: sending them again is safe. A `POST` or `PATCH` may have taken effect before the error: send it again only with the same `Idempotency-Key` header (when the API supports one), or after a `429`, which refuses a request before it runs.',
    },
  );
  return { id: SECTION_IDS.retries, title: 'Retrying', blocks };
}

function exceptionText(entry: CatalogEntry): string {
  return `${codeLink(entry.code)} (${entry.status}) is ${entry.retryable ? 'retryable' : 'not retryable'}`;
}
