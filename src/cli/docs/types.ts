import type { FormatName } from '../../formats/types.js';
import type { HeaderMode } from '../../rate-limit/headers.js';

/** Text with `code` spans and [links](#anchor); see inline.ts. */
export type Inline = string;

/** A piece of prose the Markdown and HTML renderers both know how to write. */
export type Block =
  | { kind: 'paragraph'; text: Inline }
  | { kind: 'list'; items: Inline[] }
  | { kind: 'table'; caption: string; head: string[]; rows: Inline[][] }
  | { kind: 'http'; caption: string; text: string };

/** A section of the page before the code tables. */
export type Section = { id: string; title: string; blocks: Block[] };

/** One code, ready to be written as a table row. */
export type CodeDoc = {
  /** `codeAnchor(code)`: the id problem `type` URIs and `docUrl`s point at. */
  anchor: string;
  /**
   * The code itself when it differs from its anchor (`VALIDATION_ERROR`, `auth.expired`): a
   * problem `type` of `typeBase + code` with a `#` typeBase ends in it, so it is an id too.
   */
  alias: string | undefined;
  code: string;
  status: number;
  title: string;
  /** Lines of the meaning cell after the title. */
  meaning: Inline[];
  retryable: boolean;
  /** How to retry a retryable code ('' when it is not): after `Retry-After`, or with backoff. */
  retryNote: Inline;
  /** Since / deprecated, or '' when neither. */
  lifecycle: Inline;
  deprecated: boolean;
};

/** One category's table. */
export type CategoryDoc = { id: string; name: string; codes: CodeDoc[] };

/** Everything on the page, independent of Markdown or HTML. */
export type DocsModel = {
  title: string;
  lead: Inline[];
  sections: Section[];
  codesId: string;
  codesIntro: Inline[];
  categories: CategoryDoc[];
  /** Whether any code has a since or deprecated note (else the column is left out). */
  lifecycle: boolean;
};

/** What `errata docs` takes besides the catalog. */
export type DocsOptions = {
  /** The wire format the API sends errors in. */
  wire: FormatName;
  /** Page title. @default 'Error reference' */
  title?: string | undefined;
  /** Which rate-limit headers the API sends (as its limiter's `headers` option). @default 'legacy' */
  rateLimitHeaders?: HeaderMode | undefined;
};
