import type { Format, FormatName } from '../../formats/types.js';
import type { HeaderMode } from '../../rate-limit/headers.js';
import type { ReferenceColumn } from '../../reference-types.js';

/** Text with `code` spans and [links](#anchor); see inline.ts. */
export type Inline = string;

/** A piece of the page the Markdown and HTML renderers both know how to write. */
export type Block =
  /** A paragraph; `strong` is written in bold before the text (a label such as `Message:`). */
  | { kind: 'paragraph'; text: Inline; strong?: Inline }
  | { kind: 'list'; items: Inline[] }
  /** A table; `anchors[i]` are codes whose anchors row i carries (a status table's codes). */
  | { kind: 'table'; caption: string; head: string[]; rows: Inline[][]; anchors?: string[][] }
  /** A verbatim block: a whole response (`http`), a JSON body (`json`), other text (`text`). */
  | { kind: 'http' | 'json' | 'text'; caption: string; text: string }
  /** One group's table of codes (each row at its code's anchor). */
  | { kind: 'codes'; group: GroupDoc }
  /** One code as a sub-section of its own (entries layout). */
  | { kind: 'entry'; entry: EntryDoc };

/** A section of the page: a heading (none when `title` is '') and its blocks. */
export type Section = { id: string; title: string; blocks: Block[] };

/** A column of a code table: one of the reference columns, or the standard page's Meaning. */
export type ColumnDoc = { key: ReferenceColumn | 'meaning'; header: string };

/**
 * The column of a code table that carries a code's untranslated note (`CodeDoc.note`): the one
 * with its title (Meaning, Title), else its Description, else its Code, else the first.
 * @example noteColumn([{ key: 'status', header: 'HTTP' }, { key: 'title', header: 'Title' }]) // 1
 */
export function noteColumn(columns: readonly ColumnDoc[]): number {
  for (const key of ['meaning', 'title', 'description', 'code'] as const) {
    const at = columns.findIndex((column) => column.key === key);
    if (at !== -1) return at;
  }
  return 0;
}

/** One group's table of codes. */
export type GroupDoc = {
  /** Unique on the page (`category/<name>`, `group/<name>`): no code anchor has a `/`. */
  id: string;
  /** Heading and caption. */
  name: string;
  /** Whether the group has a heading of its own (not when it is the section's only table). */
  heading: boolean;
  /** Paragraphs under the heading. */
  intro: Inline[];
  columns: ColumnDoc[];
  codes: CodeDoc[];
};

/** A code written as a sub-section: its heading and what follows it. */
export type EntryDoc = {
  anchor: string;
  alias: string | undefined;
  code: string;
  status: number;
  deprecated: boolean;
  /** Whether this is the code's first place on the page (it then carries the anchors). */
  anchored: boolean;
  /** Said under the heading when the code is shown in the catalog's own language. */
  note: Inline | undefined;
  blocks: Block[];
};

/** One code, ready to be written as a table row. */
export type CodeDoc = {
  /** `codeAnchor(code)`: the id problem `type` URIs and `docUrl`s point at. */
  anchor: string;
  /**
   * The code itself when it differs from its anchor (`VALIDATION_ERROR`, `auth.expired`): a
   * problem `type` of `typeBase + code` with a `#` typeBase ends in it, so it is an id too.
   */
  alias: string | undefined;
  /** Whether this row is the code's first place on the page (it then carries the anchors). */
  anchored: boolean;
  code: string;
  status: number;
  /** The reason phrase servers send with the status. */
  phrase: string;
  /** The title in the page's language (the catalog's own when it has no translation). */
  title: string;
  /** Said when the code is shown in the catalog's own language for want of a translation. */
  note: Inline | undefined;
  description: Inline;
  /** Lines of the standard page's Meaning cell after the title. */
  meaning: Inline[];
  causes: Inline[];
  resolution: Inline[];
  retryable: boolean;
  /** How to retry a retryable code ('' when it is not): after `Retry-After`, or with backoff. */
  retryNote: Inline;
  /** Since / deprecated, or '' when neither. */
  lifecycle: Inline;
  deprecated: boolean;
};

/** Everything on the page, independent of Markdown or HTML. */
export type DocsModel = {
  title: string;
  lead: Inline[];
  sections: Section[];
  /** Where the skip link goes: the first code table's section (else the first section). */
  skipTo: { id: string; label: string };
  /** Whether the page has a table of contents. */
  contents: boolean;
  /** Whether the page comes from `catalog.reference` (it then uses the extra style rules). */
  custom: boolean;
  /** Whether the page is in one of the catalog's translations (`--locale`): its notes' style. */
  translated?: boolean;
};

/** What `errata docs` takes besides the catalog. */
export type DocsOptions = {
  /** The wire format the API sends errors in (a name, or a configured or custom format). @default catalog.format, else 'problem' */
  wire?: FormatName | Format | undefined;
  /** Page title. @default catalog.reference.title, else 'Error reference' */
  title?: string | undefined;
  /** Which rate-limit headers the API sends (as its limiter's `headers` option). @default the page's, else 'legacy' */
  rateLimitHeaders?: HeaderMode | undefined;
  /**
   * The page's language: one of `catalog.locales`. Titles, messages and examples come from its
   * translation, code by code, else from the catalog's own language with a note saying so.
   * @default the catalog's own locale
   * @example 'de'
   */
  locale?: string | undefined;
};
