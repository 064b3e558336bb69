// Code tables: the standard page's (one per category, by status) and a page's own codes
// sections (grouped by category, by status class or not at all; columns chosen and renamed).
import { codeAnchor } from '../../catalog.js';
import type { Catalog, CatalogEntry } from '../../catalog-types.js';
import type { Format } from '../../formats/types.js';
import type {
  ReferenceCodesSection,
  ReferenceColumn,
  ReferenceColumnSpec,
} from '../../reference-types.js';
import { codeDoc, humanize, returnedEntries } from './code-doc.js';
import { entryBlock } from './entry-doc.js';
import { paragraphs, SECTION_IDS } from './format-section.js';
import { code } from './inline.js';
import type { PageState } from './page-state.js';
import type { Block, ColumnDoc, GroupDoc, Section } from './types.js';

/**
 * Headers of columns a page does not rename.
 * @example COLUMN_HEADERS.status // 'HTTP'
 */
export const COLUMN_HEADERS: Readonly<Record<ReferenceColumn, string>> = {
  status: 'HTTP',
  phrase: 'Reason',
  code: 'Code',
  title: 'Title',
  description: 'Description',
  causes: 'Causes',
  resolution: 'Resolution',
  retryable: 'Retryable',
  since: 'Since',
};

const DEFAULT_COLUMNS: readonly ReferenceColumnSpec[] = [
  'status',
  'code',
  { column: 'description', header: 'Meaning' },
];

/**
 * The standard page's codes: every returned code, one table per category (categories by their
 * lowest status, codes by status), with HTTP, Code, Meaning, Retryable and, when any code has
 * one, Since.
 * @example standardCodesSection(catalog, formats.problem, new PageState()).id // 'doc/codes'
 */
export function standardCodesSection(catalog: Catalog, format: Format, page: PageState): Section {
  const entries = returnedEntries(catalog);
  const groups = groupsOf(entries, (e) => e.category);
  // Categories by their lowest status; Array.prototype.sort is stable, so ties keep catalog order.
  groups.sort((a, b) => lowest(a[1]) - lowest(b[1]));
  const docs = groups.map(([name, list]) => ({
    name,
    codes: byStatus(list).map((entry) => codeDoc(catalog, entry, format, page.language)),
  }));
  const lifecycle = docs.some((g) => g.codes.some((c) => c.lifecycle !== ''));
  const columns: ColumnDoc[] = [
    { key: 'status', header: 'HTTP' },
    { key: 'code', header: 'Code' },
    { key: 'meaning', header: 'Meaning' },
    { key: 'retryable', header: 'Retryable' },
  ];
  if (lifecycle) columns.push({ key: 'since', header: 'Since' });
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: `${entries.length} codes in ${groups.length} categories. Each code has a stable anchor: its lower-case form, such as ${code(`#${codeAnchor(entries[0]?.code ?? 'not_found')}`)}.`,
    },
  ];
  for (const group of docs) {
    for (const doc of group.codes) doc.anchored = page.claim(doc.code);
    blocks.push({
      kind: 'codes',
      group: {
        id: page.id(`category/${codeAnchor(group.name)}`),
        name: humanize(group.name),
        heading: true,
        intro: [],
        columns,
        codes: group.codes,
      },
    });
  }
  return { id: SECTION_IDS.codes, title: 'Error codes', blocks };
}

/**
 * The entries a codes section lists, in its order: reported ones or returned ones, narrowed to
 * the codes and categories it names.
 * @example sectionEntries(catalog, { kind: 'codes', reported: true })
 */
export function sectionEntries(catalog: Catalog, spec: ReferenceCodesSection): CatalogEntry[] {
  const pool =
    spec.reported === true
      ? catalog.entries().filter((e) => e.reported === true)
      : returnedEntries(catalog);
  for (const name of spec.codes ?? []) {
    if (!catalog.has(name)) {
      throw new TypeError(
        `reference: a codes section names ${JSON.stringify(name)}, which the catalog does not define`,
      );
    }
  }
  const codes = spec.codes === undefined ? undefined : new Set(spec.codes);
  const categories = spec.categories === undefined ? undefined : new Set(spec.categories);
  const chosen = pool.filter(
    (e) =>
      (codes === undefined || codes.has(e.code)) &&
      (categories === undefined || categories.has(e.category)),
  );
  return spec.order === 'status' ? byStatus(chosen) : chosen;
}

/**
 * A page's codes section: tables per group, or one sub-section per code.
 * @example codesSection(catalog, format, { kind: 'codes', group: 'status-class' }, 'doc/codes', page)
 */
export function codesSection(
  catalog: Catalog,
  format: Format,
  spec: ReferenceCodesSection,
  id: string,
  page: PageState,
): Section {
  const entries = sectionEntries(catalog, spec);
  // A misspelt code in byCode would silently leave its entry as the section has it.
  for (const name of Object.keys(spec.byCode ?? {})) {
    if (!catalog.has(name)) {
      throw new TypeError(
        `reference: a codes section's byCode names ${JSON.stringify(name)}, which the catalog does not define`,
      );
    }
  }
  const title = spec.title ?? 'Error codes';
  const blocks: Block[] = paragraphs(spec.intro);
  if (spec.layout === 'entries') {
    for (const entry of entries) blocks.push(entryBlock(catalog, format, entry, spec, page));
  } else {
    for (const group of tableGroups(catalog, format, spec, entries, title, page)) {
      blocks.push({ kind: 'codes', group });
    }
  }
  blocks.push(...paragraphs(spec.outro));
  return { id, title, blocks };
}

function tableGroups(
  catalog: Catalog,
  format: Format,
  spec: ReferenceCodesSection,
  entries: readonly CatalogEntry[],
  sectionTitle: string,
  page: PageState,
): GroupDoc[] {
  const by = spec.group ?? 'category';
  const keyOf =
    by === 'category'
      ? (e: CatalogEntry) => e.category
      : by === 'status-class'
        ? (e: CatalogEntry) => `${Math.floor(e.status / 100)}xx`
        : () => 'all';
  const groups = groupsOf(entries, keyOf);
  if (by === 'status-class') groups.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return groups.map(([key, list]) => {
    const own = spec.groups?.[key];
    const codes = list.map((entry) => {
      const doc = codeDoc(catalog, entry, format, page.language);
      doc.anchored = page.claim(entry.code);
      return doc;
    });
    const name = own?.title ?? defaultGroupTitle(by, key, sectionTitle);
    return {
      id: page.id(by === 'category' ? `category/${codeAnchor(key)}` : `group/${codeAnchor(key)}`),
      name,
      heading: by !== 'none' || own?.title !== undefined,
      intro: [...(own?.intro ?? [])],
      columns: columnDocs(own?.columns ?? spec.columns ?? DEFAULT_COLUMNS),
      codes,
    };
  });
}

function defaultGroupTitle(by: string, key: string, sectionTitle: string): string {
  if (by === 'category') return humanize(key);
  if (by === 'none') return sectionTitle;
  if (key === '4xx') return 'Client errors (4xx)';
  if (key === '5xx') return 'Server errors (5xx)';
  return `Status ${key}`;
}

/**
 * Column specs with their headers.
 * @example columnDocs(['status', { column: 'resolution', header: 'What to do' }])
 */
export function columnDocs(specs: readonly ReferenceColumnSpec[]): ColumnDoc[] {
  return specs.map((spec) =>
    typeof spec === 'string'
      ? { key: spec, header: COLUMN_HEADERS[spec] }
      : { key: spec.column, header: spec.header ?? COLUMN_HEADERS[spec.column] },
  );
}

/** Entries grouped by key, groups in the order of their first entry. */
function groupsOf(
  entries: readonly CatalogEntry[],
  keyOf: (entry: CatalogEntry) => string,
): [string, CatalogEntry[]][] {
  const groups = new Map<string, CatalogEntry[]>();
  for (const entry of entries) {
    const key = keyOf(entry);
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [entry]);
    else list.push(entry);
  }
  return [...groups];
}

/** Entries by status; the sort is stable, so catalog order breaks ties. */
function byStatus(entries: readonly CatalogEntry[]): CatalogEntry[] {
  return [...entries].sort((a, b) => a.status - b.status);
}

function lowest(list: readonly CatalogEntry[]): number {
  return Math.min(...list.map((e) => e.status));
}
