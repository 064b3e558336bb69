// What the sections of one page share while they are built: which codes already carry their
// anchor (a code is anchored where it first appears), and which ids are taken.
import { codeAnchor } from '../../catalog.js';
import type { PageLanguage } from './language.js';

/**
 * The anchors, ids and language of one page under construction.
 * @example const page = new PageState(pageLanguage(catalog, undefined)); page.claim('not_found') // true, then false
 */
export class PageState {
  readonly #anchored = new Set<string>();
  readonly #ids = new Set<string>();
  /** Codes a codes section will anchor: other tables (statuses) leave them to it. */
  readonly covered: ReadonlySet<string>;
  /** The language the page gives titles, messages and examples in. */
  readonly language: PageLanguage;

  constructor(language: PageLanguage, covered: Iterable<string> = []) {
    this.language = language;
    this.covered = new Set(covered);
  }

  /** True the first time a code is claimed: that place gets its anchor. */
  claim(code: string): boolean {
    if (this.#anchored.has(code)) return false;
    this.#anchored.add(code);
    this.#ids.add(codeAnchor(code));
    return true;
  }

  /**
   * An id not yet used on the page: the one asked for, else with `-2`, `-3`, … appended.
   * @example state.id('category/not_found')
   */
  id(wanted: string): string {
    let id = wanted;
    for (let n = 2; this.#ids.has(id); n++) id = `${wanted}-${n}`;
    this.#ids.add(id);
    return id;
  }
}

/**
 * A section id from its title: `doc/` and the title's words in lower case (a `/` keeps it apart
 * from every code anchor).
 * @example sectionSlug('Response shape') // 'doc/response-shape'
 */
export function sectionSlug(title: string, fallback: string): string {
  const slug = title
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `doc/${slug === '' ? fallback : slug}`;
}
