// A page's statuses, examples and prose sections.
import type { Catalog, CatalogEntry } from '../../catalog-types.js';
import type { Format } from '../../formats/types.js';
import type {
  ReferenceExamplesSection,
  ReferenceProseSection,
  ReferenceStatusColumn,
  ReferenceStatusesSection,
} from '../../reference-types.js';
import { codeLink, phraseOf, returnedEntries } from './code-doc.js';
import { exampleBlocks } from './entry-doc.js';
import { paragraphs } from './format-section.js';
import { code } from './inline.js';
import type { PageLanguage } from './language.js';
import type { PageState } from './page-state.js';
import type { Block, Inline, Section } from './types.js';

const STATUS_HEADERS: Readonly<Record<ReferenceStatusColumn, string>> = {
  status: 'Status',
  phrase: 'Reason',
  codes: 'Codes',
  description: 'Description',
  retryable: 'Retryable',
};

type StatusRow = { status: number; entries: CatalogEntry[]; own: string | undefined };
type StatusStyle = ReferenceStatusesSection['statusStyle'];

/**
 * One row per status the API returns, ascending, with the non-error statuses the page adds.
 * Codes no codes section anchors get their anchor here.
 * @example statusesSection(catalog, { kind: 'statuses', extraStatuses: [{ status: 200, description: 'OK' }] }, 'doc/statuses', page)
 */
export function statusesSection(
  catalog: Catalog,
  spec: ReferenceStatusesSection,
  id: string,
  page: PageState,
): Section {
  const rows = new Map<number, StatusRow>();
  for (const entry of returnedEntries(catalog)) {
    const row = rows.get(entry.status) ?? { status: entry.status, entries: [], own: undefined };
    row.entries.push(entry);
    rows.set(entry.status, row);
  }
  for (const extra of spec.extraStatuses ?? []) {
    const row = rows.get(extra.status) ?? { status: extra.status, entries: [], own: undefined };
    row.own = extra.description;
    rows.set(extra.status, row);
  }
  const columns = (spec.columns ?? ['status', 'phrase', 'codes', 'description']).map((c) =>
    typeof c === 'string'
      ? { key: c, header: STATUS_HEADERS[c] }
      : { key: c.column, header: c.header ?? STATUS_HEADERS[c.column] },
  );
  const sorted = [...rows.values()].sort((a, b) => a.status - b.status);
  const anchors = sorted.map((row) =>
    row.entries.filter((e) => !page.covered.has(e.code) && page.claim(e.code)).map((e) => e.code),
  );
  const blocks: Block[] = paragraphs(spec.intro);
  blocks.push({
    kind: 'table',
    caption: spec.title ?? 'Status codes',
    head: columns.map((c) => c.header),
    rows: sorted.map((row) =>
      columns.map((c) => statusCell(row, c.key, spec.statusStyle, page.language)),
    ),
    anchors,
  });
  blocks.push(...paragraphs(spec.outro));
  return { id, title: spec.title ?? 'Status codes', blocks };
}

function statusCell(
  row: StatusRow,
  key: ReferenceStatusColumn,
  style: StatusStyle,
  language: PageLanguage,
): Inline {
  switch (key) {
    case 'status':
      return style === 'code' ? code(String(row.status)) : String(row.status);
    case 'phrase':
      return phraseOf(row.status);
    case 'codes':
      return row.entries.length === 0
        ? (row.own ?? '')
        : row.entries.map((e) => codeLink(e.code)).join(', ');
    case 'description':
      return row.own ?? row.entries.map((e) => e.description || language.title(e)).join(' ');
    case 'retryable': {
      if (row.entries.length === 0) return '';
      const yes = row.entries.filter((e) => e.retryable).length;
      return yes === 0 ? 'No' : yes === row.entries.length ? 'Yes' : 'Depends on the code';
    }
  }
}

/**
 * Every code's examples, rendered through the format in the page's language, each titled with
 * its status.
 * @example examplesSection(catalog, format, { kind: 'examples' }, 'doc/examples', page.language)
 */
export function examplesSection(
  catalog: Catalog,
  format: Format,
  spec: ReferenceExamplesSection,
  id: string,
  language: PageLanguage,
): Section {
  const only = spec.codes === undefined ? undefined : new Set(spec.codes);
  const blocks: Block[] = paragraphs(spec.intro);
  for (const entry of returnedEntries(catalog)) {
    if (only !== undefined && !only.has(entry.code)) continue;
    for (const example of entry.examples) {
      blocks.push(
        ...exampleBlocks(
          catalog,
          format,
          entry,
          example,
          true,
          {
            pointer: spec.pointer,
            show: spec.show,
            json: spec.json,
            acceptLanguage: language.acceptLanguage,
          },
          language,
        ),
      );
    }
  }
  blocks.push(...paragraphs(spec.outro));
  return { id, title: spec.title ?? 'Examples', blocks };
}

/**
 * The team's own words: paragraphs, then a list.
 * @example proseSection({ kind: 'prose', title: 'Debugging', items: ['Log the request id'] }, 'doc/debugging')
 */
export function proseSection(spec: ReferenceProseSection, id: string): Section {
  const blocks: Block[] = paragraphs(spec.intro);
  blocks.push(...paragraphs(spec.paragraphs));
  if (spec.items !== undefined && spec.items.length > 0) {
    blocks.push({ kind: 'list', items: [...spec.items] });
  }
  blocks.push(...paragraphs(spec.outro));
  return { id, title: spec.title, blocks };
}
