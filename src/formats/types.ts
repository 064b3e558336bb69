import type { ApiError } from '../api-error.js';

/** Names of the wire formats errata renders and parses. */
export type FormatName =
  | 'problem'
  | 'envelope'
  | 'message'
  | 'success'
  | 'laravel'
  | 'google'
  | 'jsonapi'
  | 'stripe';

/** What a format may use besides the error itself. */
export type RenderContext = {
  /** Request id to put in the body (when the format has a place for it) and in `X-Request-ID`. */
  requestId?: string | undefined;
  /** Problem `instance`: a URI reference for this occurrence (e.g. the request path). */
  instance?: string | undefined;
  /** ErrorInfo domain (`google`). @default the catalog's domain, else 'errata' */
  domain?: string | undefined;
  /**
   * The catalog the error comes from: the `google` format takes its domain, the `problem` format's
   * `type: 'about:blank'` its typeBase (to tell a derived type URI from an entry's own).
   */
  catalog?:
    | {
        readonly domain: string;
        readonly typeBase?: string | undefined;
        /** The language of the catalog's own messages (`google` sends LocalizedMessage only for others). */
        readonly locale?: string | undefined;
      }
    | undefined;
  /** Timestamp for formats that carry one (`success`). @default the current time */
  timestamp?: string | undefined;
  /** `Retry-After` seconds for a 429/503 that does not say. @default 1 */
  defaultRetryAfter?: number | undefined;
};

/** A rendered error response. */
export type RenderedError = {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The serialized body. */
  body: string;
};

/** Response headers as a parser sees them: a plain record, a `Headers`, or absent. */
export type HeadersLike =
  | Headers
  | Readonly<Record<string, string | readonly string[] | undefined>>
  | undefined;

/** One error response as received. */
export type ParseInput = {
  status: number;
  headers?: HeadersLike;
  /** The body text (already bounded by the caller or by the parser). */
  body?: string | undefined;
};

/** What a shape parser gets: the decoded JSON (or undefined) and the response around it. */
export type ShapeInput = {
  status: number;
  /** Lower-case content type without parameters, '' when absent. */
  contentType: string;
  /** JSON value of the body, `undefined` when it is not JSON. */
  json: unknown;
  /**
   * At most how deep `json` nests (arrays and objects): an upper bound (the count of brackets
   * when it is small, else the measured depth), when the parser took one; lets a short, shallow
   * body skip being walked for bounds.
   */
  jsonDepth?: number | undefined;
  /** The body text, bounded. */
  text: string;
  /** Request id found in the response headers. */
  headerRequestId: string | undefined;
  /** Retry-After (or rate-limit reset) seconds found in the headers. */
  headerRetryAfter: number | undefined;
  /** Response headers, lower-cased names. */
  headers: Readonly<Record<string, string>>;
};

/** Where a client finds each part of an error in one wire format (inline Markdown: `code` spans). */
export type WireGuide = {
  /** One phrase naming the format. @example 'RFC 9457 problem details' */
  summary: string;
  /** The member holding the stable code, or how to branch without one. */
  code: string;
  /** The member holding the human-readable message. */
  message: string;
  /** Where field-level violations go. */
  fields: string;
  /** Where a code's structured details go ('not sent…' when they are not). */
  details: string;
  /** Where the request id is, besides the `X-Request-ID` header. */
  requestId: string;
  /** Whether the body names the code (otherwise clients branch on the status). */
  carriesCode: boolean;
};

/** A JSON Schema (draft 2020-12) as plain data. */
export type JsonSchemaObject = { readonly [key: string]: unknown };

/** The facts of one catalog code a format's body schema may use. */
export type SchemaEntry = {
  readonly code: string;
  readonly status: number;
  readonly title: string;
  /** JSON Schema of the code's details, when it has one and it converts. */
  readonly details?: JsonSchemaObject | undefined;
};

/** One wire format: render an ApiError, and recognise and parse bodies of its shape. */
export type Format = {
  /** A built-in format's name (also when configured), or a custom format's own. */
  readonly name: string;
  /** Content type of rendered bodies. */
  readonly contentType: string;
  /** What this format cannot carry (for the docs). */
  readonly drops: readonly string[];
  /**
   * The options the format was configured with, as JSON data (`{}` for a built-in's defaults).
   * `errata snapshot` records them: a change is a change of the wire contract.
   */
  readonly options: Readonly<Record<string, unknown>>;
  /** Where each part of an error is, for the reference page. */
  readonly guide: WireGuide;
  /**
   * JSON Schema of an error body: of any error without an entry, of one code's bodies with it.
   * Built-in formats leave it out (the CLI knows their shapes, options included); a custom
   * format made with `defineFormat` declares it, and OpenAPI, snapshot/diff and check use it.
   */
  schema?(entry?: SchemaEntry): JsonSchemaObject;
  /** Render an error to a complete response. */
  render(error: ApiError, context?: RenderContext): RenderedError;
  /** Parse a body of this format; `undefined` when the shape is not this format's. */
  parse(input: ShapeInput): ApiError | undefined;
};
