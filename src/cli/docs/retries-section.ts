// The retry guidance: which errors to retry, how long to wait, which requests are safe to resend.
import type { Catalog, CatalogEntry } from '../../catalog-types.js';
import type { Format } from '../../formats/types.js';
import type { ReferenceRetriesSection } from '../../reference-types.js';
import { defaultRetryable } from '../../status.js';
import { codeLink, returnedEntries } from './code-doc.js';
import { paragraphs, SECTION_IDS } from './format-section.js';
import { code } from './inline.js';
import type { Block, Section } from './types.js';

const ADVICE: Block[] = [
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
];

/**
 * Which codes (or statuses) to retry, and how; the standard page's when `spec` is left out.
 * @example retriesSection(catalog, formats.problem).blocks[0]
 */
export function retriesSection(
  catalog: Catalog,
  format: Format,
  spec?: ReferenceRetriesSection,
  id: string = SECTION_IDS.retries,
): Section {
  const entries = returnedEntries(catalog);
  const by = spec?.by ?? (spec === undefined || format.guide.carriesCode ? 'codes' : 'statuses');
  const blocks: Block[] = paragraphs(spec?.intro);
  blocks.push(...(by === 'codes' ? byCode(entries) : byStatus(entries)));
  if (spec?.advice !== false) blocks.push(...ADVICE);
  blocks.push(...paragraphs(spec?.outro));
  return { id, title: spec?.title ?? 'Retrying', blocks };
}

function byCode(entries: readonly CatalogEntry[]): Block[] {
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
  return blocks;
}

function exceptionText(entry: CatalogEntry): string {
  return `${codeLink(entry.code)} (${entry.status}) is ${entry.retryable ? 'retryable' : 'not retryable'}`;
}

/** For bodies without a code: the statuses worth retrying, and the codes that differ within one. */
function byStatus(entries: readonly CatalogEntry[]): Block[] {
  const statuses = new Map<number, CatalogEntry[]>();
  for (const entry of entries)
    statuses.set(entry.status, [...(statuses.get(entry.status) ?? []), entry]);
  const sorted = [...statuses].sort(([a], [b]) => a - b);
  const retryable = sorted.filter(([, list]) => list.some((e) => e.retryable));
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text:
        retryable.length === 0
          ? 'No error is worth retrying unchanged: fix the request before sending it again.'
          : `Retry only responses with these statuses: ${retryable.map(([s]) => code(String(s))).join(', ')}. Any other error fails the same way until the request changes.`,
    },
  ];
  const mixed = retryable.filter(([, list]) => list.some((e) => !e.retryable));
  for (const [status, list] of mixed) {
    const final = list.filter((e) => !e.retryable).map((e) => codeLink(e.code));
    blocks.push({
      kind: 'paragraph',
      text: `A ${code(String(status))} is final when it is ${final.join(' or ')}: the message says which.`,
    });
  }
  return blocks;
}
