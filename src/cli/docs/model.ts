import { codeAnchor } from '../../catalog.js';
import type { Catalog, CatalogEntry } from '../../catalog-types.js';
import { upperSnake } from '../../code-case.js';
import type { FormatName } from '../../formats/types.js';
import { code } from './inline.js';
import { describeDetails } from './schema.js';
import { formatSection, headersSection, retriesSection, SECTION_IDS } from './sections.js';
import type { CodeDoc, DocsModel, DocsOptions, Inline } from './types.js';
import { WIRE_GUIDES } from './wire.js';

/**
 * The error reference of a catalog as data: prose sections, then one table per category.
 * Pure and deterministic: the same catalog and options give the same model.
 * @example const model = docsModel(vaultCatalog, { wire: 'problem' });
 */
export function docsModel(catalog: Catalog, options: DocsOptions): DocsModel {
  const entries = catalog.entries();
  const guide = WIRE_GUIDES[options.wire];
  const categories = categoriesOf(entries).map(([name, list]) => ({
    id: `category/${codeAnchor(name)}`,
    name: humanize(name),
    codes: list.map((entry) => codeDoc(catalog, entry, options.wire)),
  }));
  return {
    title: options.title ?? 'Error reference',
    lead: [
      'Every error the API returns, with its HTTP status, its stable code, what it means and whether retrying can succeed.',
      guide.carriesCode
        ? 'Branch on the code, not on the message: codes never change meaning, messages may be reworded.'
        : 'Error bodies carry no code: branch on the HTTP status. The codes below name each case here and in support requests.',
    ],
    sections: [
      formatSection(catalog, options.wire),
      headersSection(catalog, options.wire, options.rateLimitHeaders ?? 'legacy'),
      retriesSection(catalog),
    ],
    codesId: SECTION_IDS.codes,
    codesIntro: [
      `${entries.length} codes in ${categories.length} categories. Each code has a stable anchor: its lower-case form, such as ${code(`#${codeAnchor(entries[0]?.code ?? 'not_found')}`)}.`,
    ],
    categories,
    lifecycle: categories.some((c) => c.codes.some((doc) => doc.lifecycle !== '')),
  };
}

/** Categories ordered by their lowest status (ties: first defined), codes by status. */
function categoriesOf(entries: readonly CatalogEntry[]): [string, CatalogEntry[]][] {
  const groups = new Map<string, CatalogEntry[]>();
  for (const entry of entries) {
    const list = groups.get(entry.category);
    if (list === undefined) groups.set(entry.category, [entry]);
    else list.push(entry);
  }
  // Array.prototype.sort is stable, so definition order breaks ties in both sorts.
  const lowest = (list: readonly CatalogEntry[]) => Math.min(...list.map((e) => e.status));
  return [...groups]
    .map(([name, list]) => [name, [...list].sort((a, b) => a.status - b.status)] as const)
    .sort((a, b) => lowest(a[1]) - lowest(b[1]))
    .map(([name, list]) => [name, list]);
}

/**
 * `not_found` -> `Not found`, `rate-limit` -> `Rate limit`.
 * @example humanize('rate_limit') // 'Rate limit'
 */
export function humanize(name: string): string {
  const words = name.replace(/[_-]+/g, ' ').trim();
  return words === '' ? name : words.charAt(0).toUpperCase() + words.slice(1);
}

function codeDoc(catalog: Catalog, entry: CatalogEntry, wire: FormatName): CodeDoc {
  const anchor = codeAnchor(entry.code);
  const meaning: Inline[] = [];
  if (entry.description !== '') meaning.push(entry.description);
  if (wire === 'google' && upperSnake(entry.code) !== entry.code) {
    meaning.push(`Reason on the wire: ${code(upperSnake(entry.code))}.`);
  }
  // The format section gives the typeBase pattern; only a type that departs from it is news.
  if (
    wire === 'problem' &&
    entry.type !== undefined &&
    entry.type !== `${catalog.typeBase}${entry.code}`
  ) {
    meaning.push(`Problem type: ${code(entry.type)}.`);
  }
  const sendsDetails = !WIRE_GUIDES[wire].details.startsWith('not sent');
  if (!entry.expose) {
    meaning.push('The title is sent as the message: nothing about the cause is exposed.');
  } else if (entry.details !== undefined && sendsDetails) {
    meaning.push(`Details: ${describeDetails(entry.details)}.`);
  }
  const headers = Object.entries(entry.headers).map(([name, value]) => code(`${name}: ${value}`));
  if (headers.length > 0) meaning.push(`Headers: ${headers.join(', ')}.`);
  const ownAnchor = catalog.docsUrl === undefined ? undefined : `${catalog.docsUrl}#${anchor}`;
  if (entry.docUrl !== undefined && entry.docUrl !== ownAnchor) {
    meaning.push(`More: [${entry.docUrl}](${entry.docUrl})`);
  }
  return {
    anchor,
    alias: entry.code === anchor ? undefined : entry.code,
    code: entry.code,
    status: entry.status,
    title: entry.title,
    meaning,
    retryable: entry.retryable,
    retryNote: retryNote(entry),
    lifecycle: lifecycleText(catalog, entry),
    deprecated: entry.deprecated !== false,
  };
}

function retryNote(entry: CatalogEntry): Inline {
  if (!entry.retryable) return '';
  // Formats send Retry-After on 429 and 503 only; elsewhere it would be misread.
  if (entry.status !== 429 && entry.status !== 503) return 'with backoff';
  return entry.retryAfter === undefined
    ? 'after `Retry-After`'
    : `after \`Retry-After\` (default ${entry.retryAfter} s)`;
}

function lifecycleText(catalog: Catalog, entry: CatalogEntry): Inline {
  const parts: string[] = [];
  if (entry.since !== undefined) parts.push(`Since ${code(entry.since)}`);
  if (entry.deprecated === true) parts.push('Deprecated');
  else if (typeof entry.deprecated === 'string') {
    const instead = entry.deprecated;
    parts.push(
      catalog.has(instead)
        ? `Deprecated: use [${code(instead)}](#${codeAnchor(instead)})`
        : `Deprecated: ${instead}`,
    );
  }
  return parts.join('. ');
}
