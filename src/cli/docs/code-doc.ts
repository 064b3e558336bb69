// One catalog entry as the facts every layout writes: its anchors, status and reason phrase,
// meaning, causes, resolution, retry note and lifecycle.
import { codeAnchor } from '../../catalog.js';
import type { Catalog, CatalogEntry } from '../../catalog-types.js';
import { upperSnake } from '../../code-case.js';
import type { Format } from '../../formats/types.js';
import { reasonPhrase, statusPhrase } from '../../status.js';
import { code } from './inline.js';
import type { PageLanguage } from './language.js';
import { describeDetails } from './schema.js';
import type { CodeDoc, Inline } from './types.js';

/**
 * The phrase shown next to a status: what Node's servers send, else the class's generic phrase.
 * @example phraseOf(422) // 'Unprocessable Entity'
 */
export function phraseOf(status: number): string {
  return reasonPhrase(status) ?? statusPhrase(status);
}

/**
 * `not_found` -> `Not found`, `rate-limit` -> `Rate limit`.
 * @example humanize('rate_limit') // 'Rate limit'
 */
export function humanize(name: string): string {
  const words = name.replace(/[_-]+/g, ' ').trim();
  return words === '' ? name : words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The ids a code is found at: its anchor and, when it differs, the code as written (a problem
 * `type` of `typeBase + code` with a `#` typeBase ends in it).
 * @example codeIds('TOKEN_EXPIRED') // ['token_expired', 'TOKEN_EXPIRED']
 */
export function codeIds(name: string): string[] {
  const anchor = codeAnchor(name);
  return anchor === name ? [anchor] : [anchor, name];
}

/**
 * A link to a code's anchor.
 * @example codeLink('NOT_FOUND') // '[`NOT_FOUND`](#not_found)'
 */
export function codeLink(name: string): Inline {
  return `[${code(name)}](#${codeAnchor(name)})`;
}

/**
 * The codes the API returns: every entry but the reported ones (they are not sent as responses,
 * so only a codes section with `reported: true` lists them).
 * @example returnedEntries(catalog).map((e) => e.code)
 */
export function returnedEntries(catalog: Catalog): CatalogEntry[] {
  return catalog.entries().filter((e) => e.reported !== true);
}

/**
 * The code of a row or heading, its title in the page's language; `anchored` is decided by the
 * page (first place only).
 * @example codeDoc(catalog, catalog.get('not_found'), formats.problem, page.language).phrase // 'Not Found'
 */
export function codeDoc(
  catalog: Catalog,
  entry: CatalogEntry,
  format: Format,
  language: PageLanguage,
): CodeDoc {
  const anchor = codeAnchor(entry.code);
  return {
    anchor,
    alias: entry.code === anchor ? undefined : entry.code,
    anchored: true,
    code: entry.code,
    status: entry.status,
    phrase: phraseOf(entry.status),
    title: language.title(entry),
    note: language.note(entry),
    description: entry.description,
    meaning: meaningLines(catalog, entry, format),
    causes: [...entry.causes],
    resolution: [...entry.resolution],
    retryable: entry.retryable,
    retryNote: retryNote(entry),
    lifecycle: lifecycleText(catalog, entry),
    deprecated: entry.deprecated !== false,
  };
}

/** The standard page's Meaning cell after the title: description, then what the wire adds. */
function meaningLines(catalog: Catalog, entry: CatalogEntry, format: Format): Inline[] {
  const meaning: Inline[] = [];
  if (entry.description !== '') meaning.push(entry.description);
  if (format.name === 'google' && upperSnake(entry.code) !== entry.code) {
    meaning.push(`Reason on the wire: ${code(upperSnake(entry.code))}.`);
  }
  // The format section gives the typeBase pattern; only a type that departs from it is news.
  if (
    format.name === 'problem' &&
    entry.type !== undefined &&
    entry.type !== `${catalog.typeBase}${entry.code}`
  ) {
    meaning.push(`Problem type: ${code(entry.type)}.`);
  }
  const sendsDetails = !format.guide.details.startsWith('not sent');
  if (!entry.expose) {
    meaning.push('The title is sent as the message: nothing about the cause is exposed.');
  } else if (entry.details !== undefined && sendsDetails) {
    meaning.push(`Details: ${describeDetails(entry.details)}.`);
  }
  const headers = Object.entries(entry.headers).map(([name, value]) => code(`${name}: ${value}`));
  if (headers.length > 0) meaning.push(`Headers: ${headers.join(', ')}.`);
  const ownAnchor =
    catalog.docsUrl === undefined ? undefined : `${catalog.docsUrl}#${codeAnchor(entry.code)}`;
  if (entry.docUrl !== undefined && entry.docUrl !== ownAnchor) {
    meaning.push(`More: [${entry.docUrl}](${entry.docUrl})`);
  }
  return meaning;
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
