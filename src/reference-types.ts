// The layout of a catalog's error reference page (`errata docs`), as plain data on the catalog.
// Only types live here (core stays free of the CLI): src/cli/docs/ builds and writes the page.
// Every text is inline markup: `code` spans and [links](#anchor); anything else is escaped.
import type { FieldViolation } from './api-error.js';

/**
 * The layout of a catalog's error reference page: sections in order, each of a kind that errata
 * fills from the catalog. Without it `errata docs` writes its standard page.
 * @example
 * defineCatalog({ errors, reference: { title: 'Errors', intro: ['Every failure has a `message`.'], sections: [
 *   { kind: 'format', title: 'Response shape', message: 'What went wrong, for people' },
 *   { kind: 'statuses', extraStatuses: [{ status: 200, description: 'Request succeeded' }], statusStyle: 'code' },
 *   { kind: 'examples', title: 'Example error responses', json: 'compact' },
 *   { kind: 'retries' },
 * ] } });
 */
export type ReferencePage = {
  /** Page title (the CLI's `--title` overrides it). @default 'Error reference' */
  readonly title?: string;
  /** Paragraphs under the title, in the team's own words. @default errata's lead paragraphs */
  readonly intro?: readonly string[];
  /** The page's sections, in order. @default errata's standard layout (format, headers, retries, codes) */
  readonly sections?: readonly ReferenceSection[];
  /** Add a table of contents under the intro (with `sections`; the standard page always has one). @default false */
  readonly contents?: boolean;
};

/** One section of the page; `kind` says what errata fills it with. */
export type ReferenceSection =
  | ReferenceFormatSection
  | ReferenceCodesSection
  | ReferenceStatusesSection
  | ReferenceHeadersSection
  | ReferenceRetriesSection
  | ReferenceExamplesSection
  | ReferenceProseSection;

/** What every section may say besides its content. */
export type ReferenceSectionBase = {
  /**
   * The section's heading; `''` writes none (a codes section's group headings then take its level).
   * @default per kind: 'Response format', 'Error codes', 'Status codes', 'Headers', 'Retrying', 'Examples'
   */
  readonly title?: string;
  /** The section's anchor (`id`). @default `doc/` + a slug of the title (else of the kind), made unique on the page */
  readonly id?: string;
  /** Paragraphs before the section's content. @example ['All errors share one shape.'] */
  readonly intro?: readonly string[];
  /** Paragraphs after the section's content. @example ['Branch on `status`, show `detail`.'] */
  readonly outro?: readonly string[];
};

/**
 * One rendered error body, for a format section. The error is built like `catalog.error(code,
 * details, { message, fields, retryAfter })` and rendered through the catalog's format with a
 * fixed request id and timestamp, so the page is deterministic.
 */
export type ReferenceSample = {
  /** The code to render. @default the validation role's code, else the first returned code */
  readonly code?: string;
  /** Start from one of the code's `examples`: its index or its title. @example 'Missing title' */
  readonly example?: number | string;
  /** The occurrence's message. @default the example's, else the entry's message for the details */
  readonly message?: string;
  /** The occurrence's details (checked against the code's schema when it has one). */
  readonly details?: unknown;
  /** Validation violations. @example [{ path: ['name'], message: 'must not be empty' }] */
  readonly fields?: readonly FieldViolation[];
  /** Seconds in `Retry-After` (and in the body when the format carries it). @example 42 */
  readonly retryAfter?: number;
  /** The request id in the body. @default 'req_8ZQ4K2M7' */
  readonly requestId?: string;
  /** The timestamp of formats that carry one. @default '2026-01-01T00:00:00.000Z' */
  readonly timestamp?: string;
  /** JSON Pointer to the part of the body to show. @default '' (the whole body) @example '/error' */
  readonly pointer?: string;
  /** Show the body only, or the whole response (status line and headers). @default 'body' */
  readonly show?: 'body' | 'response';
  /** How the JSON body is laid out. @default 'pretty' */
  readonly json?: ReferenceJson;
};

/**
 * JSON body layout: `pretty` (indented by two, a member a line) or `compact` (one line, spaced:
 * `{ "code": "VALIDATION_ERROR", "field": "title" }`). @example 'compact'
 */
export type ReferenceJson = 'pretty' | 'compact';

/** A part of a code's entry (entries layout). */
export type ReferencePart = 'message' | 'description' | 'causes' | 'resolution' | 'examples';

/** Labels of an entry's parts, written in bold with a colon after. @example { examples: 'Example errors' } */
export type ReferenceLabels = Readonly<Partial<Record<ReferencePart, string>>>;

/** How one code's entry differs from its codes section. @example { labels: { examples: 'Response includes' } } */
export type ReferenceEntryOptions = {
  /** Labels of this code's parts, over the section's `labels`. @default the section's */
  readonly labels?: ReferenceLabels;
  /** Layout of this code's example bodies. @default the section's `json` */
  readonly json?: ReferenceJson;
};

/**
 * A sample error body and, optionally, where each part of an error is in the API's format.
 * @example { kind: 'format', title: 'Envelope', code: 'secret_not_found', details: { path: 'a/b' }, requestId: 'req_abc' }
 */
export type ReferenceFormatSection = ReferenceSectionBase &
  ReferenceSample & {
    readonly kind: 'format';
    /** Add the table of where the code, message, fields, details and request id are. @default false */
    readonly guide?: boolean;
  };

/** A column of a code table or of a code's entry. */
export type ReferenceColumn =
  | 'status'
  | 'phrase'
  | 'code'
  | 'title'
  | 'description'
  | 'causes'
  | 'resolution'
  | 'retryable'
  | 'since';

/**
 * A column, by name or with its own header.
 * Default headers: status 'HTTP', phrase 'Reason', code 'Code', title 'Title', description
 * 'Description', causes 'Causes', resolution 'Resolution', retryable 'Retryable', since 'Since'.
 * @example { column: 'resolution', header: 'What to do' }
 */
export type ReferenceColumnSpec =
  | ReferenceColumn
  | { readonly column: ReferenceColumn; readonly header?: string };

/** How one group of a codes section differs from the section's defaults. */
export type ReferenceGroup = {
  /** The group's heading. @default the category humanized ('not_found' → 'Not found'), or 'Client errors (4xx)' / 'Server errors (5xx)' */
  readonly title?: string;
  /** The group's own columns (table layout). @default the section's columns */
  readonly columns?: readonly ReferenceColumnSpec[];
  /** Paragraphs under the group's heading. */
  readonly intro?: readonly string[];
};

/**
 * The catalog's codes: tables (grouped by category, by status class, or one table) or one
 * entry per code (Message, Causes, Resolution, examples). Every code gets its stable anchor
 * (`codeAnchor(code)`) where it first appears as a row or an entry.
 * @example { kind: 'codes', group: 'status-class', columns: ['code', 'phrase', 'description', 'causes'], groups: { '5xx': { columns: ['code', 'phrase', 'description', { column: 'resolution', header: 'What to do' }] } } }
 */
export type ReferenceCodesSection = ReferenceSectionBase & {
  readonly kind: 'codes';
  /** One table per group, or one sub-section per code. @default 'table' */
  readonly layout?: 'table' | 'entries';
  /**
   * Table layout: one table per `category` (in catalog order), per status class (`4xx`, `5xx`),
   * or one (`none`, headed by the section unless `groups.all.title` says otherwise).
   * @default 'category'
   */
  readonly group?: 'category' | 'status-class' | 'none';
  /** Codes (and groups, by their first code) in catalog order or by status (stable). @default 'catalog' */
  readonly order?: 'catalog' | 'status';
  /** Table columns. @default ['status', 'code', { column: 'description', header: 'Meaning' }] */
  readonly columns?: readonly ReferenceColumnSpec[];
  /** Per-group headings and columns, keyed by category name, `'4xx'`/`'5xx'`, or `'all'` (group 'none'). */
  readonly groups?: Readonly<Record<string, ReferenceGroup>>;
  /**
   * `true`: only codes marked `reported` (reported elsewhere, e.g. a webhook log); otherwise only
   * codes the API returns. Reported codes never appear in other sections.
   * @default false
   */
  readonly reported?: boolean;
  /** Only these codes (in the section's order, not this list's). @default every code (returned or reported, see `reported`) */
  readonly codes?: readonly string[];
  /** Only codes of these categories. @default every category */
  readonly categories?: readonly string[];
  /**
   * Entries layout: the parts under each code's heading (`CODE (status)`), in order. 'message'
   * is the entry's message when it is a string, else its title; 'examples' renders each of the
   * code's `examples` through the format.
   * @default ['message', 'description', 'causes', 'resolution', 'examples']
   */
  readonly parts?: readonly ReferencePart[];
  /**
   * Entries layout: labels of the parts. The description has no label unless one is given; an
   * example with a `title` is introduced by it.
   * @default { message: 'Message', causes: 'Causes', resolution: 'Resolution', examples: 'Examples' }
   * @example { examples: 'Example errors' }
   */
  readonly labels?: ReferenceLabels;
  /** Entries layout: JSON Pointer to the part of example bodies to show. @default '' @example '/error' */
  readonly pointer?: string;
  /** Entries layout: how example bodies are laid out. @default 'pretty' */
  readonly json?: ReferenceJson;
  /**
   * Entries layout: per-code labels and body layout, by code (the catalog must define it).
   * @example { RATE_LIMITED: { labels: { examples: 'Response includes' } }, VALIDATION_ERROR: { json: 'compact' } }
   */
  readonly byCode?: Readonly<Record<string, ReferenceEntryOptions>>;
};

/** A column of a status table. */
export type ReferenceStatusColumn = 'status' | 'phrase' | 'codes' | 'description' | 'retryable';

/**
 * One row per HTTP status the API returns (ascending), plus non-error statuses the team lists.
 * Default headers: status 'Status', phrase 'Reason', codes 'Codes', description 'Description',
 * retryable 'Retryable'. Codes that no codes section lists get their anchors in these rows.
 * The phrase is the reason phrase servers send (`reasonPhrase`). 'description' joins the
 * descriptions (else titles) of the status's codes; 'codes' lists its codes (for an extra
 * status, its description).
 * @example { kind: 'statuses', columns: ['status', { column: 'phrase', header: 'Code' }, { column: 'codes', header: 'Description' }], extraStatuses: [{ status: 204, description: 'Success (no body)' }] }
 */
export type ReferenceStatusesSection = ReferenceSectionBase & {
  readonly kind: 'statuses';
  /** Table columns. @default ['status', 'phrase', 'codes', 'description'] */
  readonly columns?: readonly (
    | ReferenceStatusColumn
    | { readonly column: ReferenceStatusColumn; readonly header?: string }
  )[];
  /**
   * Rows for statuses no code has (2xx), or a description replacing a status's own.
   * @example [{ status: 201, description: 'Resource created' }]
   */
  readonly extraStatuses?: readonly { readonly status: number; readonly description: string }[];
  /** Write the status numbers as plain text or as `code` spans. @default 'plain' */
  readonly statusStyle?: 'plain' | 'code';
};

/** A header (or group of headers) the headers section can document. */
export type ReferenceHeader =
  | 'request-id'
  | 'content-type'
  | 'cache-control'
  | 'retry-after'
  | 'rate-limit'
  | 'allow'
  | 'entry-headers';

/**
 * The headers the API sends: request id, rate-limit headers, `Retry-After`, and the catalog's
 * own per-code headers.
 * @example { kind: 'headers', include: ['request-id', 'rate-limit', 'retry-after'], layout: 'list' }
 */
export type ReferenceHeadersSection = ReferenceSectionBase & {
  readonly kind: 'headers';
  /** Which headers, in this order. @default every one that applies */
  readonly include?: readonly ReferenceHeader[];
  /** Which rate-limit headers the API sends (the CLI's `--rate-limit-headers` overrides it). @default 'legacy' */
  readonly rateLimit?: 'legacy' | 'ietf' | 'both' | 'none';
  /** Where the rate-limit headers are sent: on every response, or on rate-limited routes. @default 'limited-routes' */
  readonly rateLimitOn?: 'every-response' | 'limited-routes';
  /** A table (Header | Sent on | Meaning) or lists grouped by when they are sent. @default 'table' */
  readonly layout?: 'table' | 'list';
};

/**
 * Which errors to retry and how; by code, or by status when the format's bodies carry no code.
 * @example { kind: 'retries', advice: false }
 */
export type ReferenceRetriesSection = ReferenceSectionBase & {
  readonly kind: 'retries';
  /** Name codes or statuses. @default 'codes' when the format's body carries the code, else 'statuses' */
  readonly by?: 'codes' | 'statuses';
  /** Add backoff and idempotency advice. @default true */
  readonly advice?: boolean;
};

/**
 * Every code's `examples`, rendered through the format, each under its title (else the code's
 * title) and status.
 * @example { kind: 'examples', title: 'Example error responses' }
 */
export type ReferenceExamplesSection = ReferenceSectionBase & {
  readonly kind: 'examples';
  /** Only these codes' examples. @default every returned code that has examples, in catalog order */
  readonly codes?: readonly string[];
  /** JSON Pointer to the part of each body to show. @default '' */
  readonly pointer?: string;
  /** Body only or the whole response. @default 'body' */
  readonly show?: 'body' | 'response';
  /** How each body is laid out. @default 'pretty' */
  readonly json?: ReferenceJson;
};

/**
 * The team's own words: paragraphs, then a list.
 * @example { kind: 'prose', title: 'Related', items: ['[Rate limiting](../rate-limiting): caps per category'] }
 */
export type ReferenceProseSection = ReferenceSectionBase & {
  readonly kind: 'prose';
  /** The section's heading. */
  readonly title: string;
  /** Paragraphs. */
  readonly paragraphs?: readonly string[];
  /** A bulleted list after the paragraphs. */
  readonly items?: readonly string[];
};
