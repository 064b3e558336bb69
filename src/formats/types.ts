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
  /** The catalog the error comes from (the `google` format takes its domain). */
  catalog?: { readonly domain: string } | undefined;
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
  /** The body text, bounded. */
  text: string;
  /** Request id found in the response headers. */
  headerRequestId: string | undefined;
  /** Retry-After (or rate-limit reset) seconds found in the headers. */
  headerRetryAfter: number | undefined;
  /** Response headers, lower-cased names. */
  headers: Readonly<Record<string, string>>;
};

/** One wire format: render an ApiError, and recognise and parse bodies of its shape. */
export type Format = {
  readonly name: FormatName;
  /** Content type of rendered bodies. */
  readonly contentType: string;
  /** What this format cannot carry (for the docs). */
  readonly drops: readonly string[];
  /** Render an error to a complete response. */
  render(error: ApiError, context?: RenderContext): RenderedError;
  /** Parse a body of this format; `undefined` when the shape is not this format's. */
  parse(input: ShapeInput): ApiError | undefined;
};
