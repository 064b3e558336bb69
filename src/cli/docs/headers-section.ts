// The headers section: request id, caching, Retry-After, rate limits, the codes' own headers.
import type { Catalog } from '../../catalog-types.js';
import type { Format } from '../../formats/types.js';
import type { HeaderMode } from '../../rate-limit/headers.js';
import type { ReferenceHeader, ReferenceHeadersSection } from '../../reference-types.js';
import { codeLink, returnedEntries } from './code-doc.js';
import { paragraphs, SECTION_IDS } from './format-section.js';
import { headerCase } from './header-case.js';
import { code } from './inline.js';
import type { Block, Inline, Section } from './types.js';

/** A header row: the header, when it is sent, what it means. */
type Row = [header: Inline, on: Inline, meaning: Inline];

const LIMITED = 'rate-limited routes';
const EVERY = 'every response';

const RATE_LIMIT_ROWS: Readonly<Record<'legacy' | 'ietf', Row[]>> = {
  legacy: [
    [
      '`X-RateLimit-Limit`',
      LIMITED,
      'Requests allowed in the current window of the tightest limit.',
    ],
    ['`X-RateLimit-Remaining`', LIMITED, 'Requests left in that window.'],
    ['`X-RateLimit-Reset`', LIMITED, 'When that window resets, in Unix epoch seconds.'],
  ],
  ietf: [
    [
      '`RateLimit-Policy`',
      LIMITED,
      'Each limit, such as `"burst";q=100;w=60`: a quota `q` per window of `w` seconds.',
    ],
    [
      '`RateLimit`',
      LIMITED,
      'What is left of each limit, such as `"burst";r=42;t=17`: `r` requests remain, `t` seconds until it is full again.',
    ],
  ],
};

const ALL: readonly ReferenceHeader[] = [
  'request-id',
  'content-type',
  'cache-control',
  'retry-after',
  'rate-limit',
  'allow',
  'entry-headers',
];

/**
 * The headers the API sends; the standard page's when `spec` is left out.
 * @example headersSection(catalog, formats.problem, 'legacy').blocks
 */
export function headersSection(
  catalog: Catalog,
  format: Format,
  mode: HeaderMode,
  spec?: ReferenceHeadersSection,
  id: string = SECTION_IDS.headers,
): Section {
  const rows: Row[] = [];
  for (const header of spec?.include ?? ALL) {
    rows.push(...headerRows(catalog, format, mode, header, spec));
  }
  const blocks: Block[] = paragraphs(spec?.intro);
  if (spec?.layout === 'list') blocks.push(...listBlocks(rows));
  else {
    blocks.push({
      kind: 'table',
      caption: 'Headers sent with errors',
      head: ['Header', 'Sent on', 'Meaning'],
      rows,
    });
  }
  blocks.push(...paragraphs(spec?.outro));
  return { id, title: spec?.title ?? 'Headers', blocks };
}

function headerRows(
  catalog: Catalog,
  format: Format,
  mode: HeaderMode,
  header: ReferenceHeader,
  spec: ReferenceHeadersSection | undefined,
): Row[] {
  switch (header) {
    case 'request-id':
      return [
        [
          '`X-Request-ID`',
          EVERY,
          'Identifies the request. A safe `X-Request-ID` you send is echoed back, otherwise the API makes one. Quote it when you report a problem.',
        ],
      ];
    case 'content-type':
      return [
        ['`Content-Type`', 'every error', code(format.contentType)],
        ...languageRows(catalog),
      ];
    case 'cache-control':
      return [['`Cache-Control`', 'every error', '`no-store`: an error is never cached.']];
    case 'retry-after': {
      const on = spec === undefined ? '`429` and `503`' : retryAfterStatuses(catalog);
      return on === ''
        ? []
        : [['`Retry-After`', on, 'Seconds to wait before retrying (an integer).']];
    }
    case 'rate-limit': {
      const rows: Row[] = [];
      if (mode === 'legacy' || mode === 'both') rows.push(...RATE_LIMIT_ROWS.legacy);
      if (mode === 'ietf' || mode === 'both') rows.push(...RATE_LIMIT_ROWS.ietf);
      const on = spec?.rateLimitOn === 'every-response' ? EVERY : LIMITED;
      return rows.map(([name, , meaning]) => [name, on, meaning]);
    }
    case 'allow': {
      const allow = catalog.roles.method_not_allowed;
      if (allow === undefined || !catalog.has(allow)) return [];
      const status = catalog.get(allow)?.status ?? 405;
      return [
        ['`Allow`', `${code(String(status))} ${codeLink(allow)}`, 'The methods the path accepts.'],
      ];
    }
    case 'entry-headers':
      return entryHeaderRows(catalog);
  }
}

/**
 * What a catalog with translations sends with every error (beside `Content-Type`, whose row
 * brings them: the reference's header keys have none of their own): the language of the
 * message, and `Vary` when `Accept-Language` chose it.
 */
function languageRows(catalog: Catalog): Row[] {
  if (catalog.locales.length < 2) return [];
  const locales = catalog.locales.map(code).join(', ');
  return [
    [
      '`Content-Language`',
      'every error',
      `The language of the message: one of ${locales}, the best match for the request's \`Accept-Language\`; \`${catalog.locale}\` for a code not translated into it.`,
    ],
    [
      '`Vary`',
      'every error',
      'Includes `Accept-Language` when that header chose the language: a cache keeps one answer per language.',
    ],
  ];
}

/** The statuses whose responses carry `Retry-After`: 429 and 503, as the catalog has them. */
function retryAfterStatuses(catalog: Catalog): Inline {
  const statuses = [
    ...new Set(
      returnedEntries(catalog)
        .filter((e) => e.status === 429 || e.status === 503)
        .map((e) => e.status),
    ),
  ].sort((a, b) => a - b);
  return statuses.map((s) => code(String(s))).join(' and ');
}

/** The catalog's own per-code headers, one row per header name. */
function entryHeaderRows(catalog: Catalog): Row[] {
  const own = new Map<string, { codes: string[]; values: Set<string> }>();
  for (const entry of returnedEntries(catalog)) {
    for (const [name, value] of Object.entries(entry.headers)) {
      const key = headerCase(name);
      const seen = own.get(key) ?? { codes: [], values: new Set<string>() };
      seen.codes.push(entry.code);
      seen.values.add(value);
      own.set(key, seen);
    }
  }
  return [...own]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, { codes, values }]) => [
      code(name),
      codes.map(codeLink).join(', '),
      `Value: ${[...values].map(code).join(' or ')}.`,
    ]);
}

/** The rows as lists, one per "sent on", in the order first met. */
function listBlocks(rows: readonly Row[]): Block[] {
  const byWhen = new Map<Inline, Inline[]>();
  for (const [name, on, meaning] of rows) {
    const items = byWhen.get(on) ?? [];
    items.push(`${name}: ${meaning}`);
    byWhen.set(on, items);
  }
  return [...byWhen].flatMap(([on, items]): Block[] => [
    { kind: 'paragraph', text: `On ${on}:` },
    { kind: 'list', items },
  ]);
}
