import { categoryOf, type ErrorCategory } from './category.js';
import {
  codeForStatus,
  defaultExpose,
  defaultRetryable,
  isErrorStatus,
  statusPhrase,
} from './status.js';

/** One validation violation: where (a path into the input), what, and an optional code. */
export type FieldViolation = {
  /** Path into the request input, e.g. `['items', 0, 'qty']`. */
  path: (string | number)[];
  /** What is wrong with the value, for people. */
  message: string;
  /** A stable machine code for the violation (e.g. `too_small`). */
  code?: string;
};

/** Everything an ApiError can be built from. Only `status` is required. */
export type ApiErrorInit<Code extends string = string, Details = unknown> = {
  /** HTTP status (400..599). */
  status: number;
  /** Stable machine code. @default codeForStatus(status), e.g. `not_found` */
  code?: Code;
  /** Message for people. @default the title, else the status phrase */
  message?: string;
  /** Short constant summary of the code. @default the status phrase */
  title?: string;
  /** Structured data about this occurrence, typed by the catalog entry. */
  details?: Details;
  /** Validation violations. */
  fields?: FieldViolation[];
  /** The request id this error belongs to. */
  requestId?: string;
  /** Seconds the client should wait before retrying. */
  retryAfter?: number;
  /** Whether retrying the same request may succeed. @default true for 408, 429, 502, 503, 504 */
  retryable?: boolean;
  /** Whether message, details and fields may reach the client. @default status < 500 */
  expose?: boolean;
  /** Extra response headers (e.g. `WWW-Authenticate`). */
  headers?: Record<string, string>;
  /** Problem type URI (RFC 9457). Absent means `about:blank`. */
  type?: string;
  /** Link to the documentation of this code. */
  docUrl?: string;
  /** What caused this error. Kept server-side: never serialized. */
  cause?: unknown;
  /** Wire format the error was parsed from (client side). */
  format?: string;
  /** The body as received (client side). */
  raw?: unknown;
};

const BRAND = Symbol.for('errata.ApiError');

/**
 * The one error type of errata, on both sides of the wire.
 * @example
 * throw new ApiError({ status: 404, code: 'secret_not_found', message: "Secret 'db' not found" });
 */
export class ApiError<Code extends string = string, Details = unknown> extends Error {
  /** Whether new ApiErrors record a stack trace (they cost microseconds each). @default false */
  static captureStackTraces = false;

  override name = 'ApiError' as const;
  readonly status: number;
  readonly code: Code;
  readonly title: string;
  readonly details: Details | undefined;
  readonly fields: FieldViolation[] | undefined;
  requestId: string | undefined;
  readonly retryAfter: number | undefined;
  readonly retryable: boolean;
  readonly expose: boolean;
  readonly headers: Record<string, string>;
  readonly type: string | undefined;
  readonly docUrl: string | undefined;
  readonly format: string | undefined;
  readonly raw: unknown;

  constructor(init: ApiErrorInit<Code, Details>) {
    const status = isErrorStatus(init.status) ? init.status : 500;
    const title = init.title ?? statusPhrase(status);
    // Capturing a stack costs several microseconds, more than rendering the whole response.
    // An ApiError is an expected outcome, not a bug: its stack says nothing useful, and a
    // 500's real stack lives on its `cause`. Opt in with `ApiError.captureStackTraces = true`.
    const limit = Error.stackTraceLimit;
    if (!ApiError.captureStackTraces) Error.stackTraceLimit = 0;
    try {
      super(init.message ?? title, init.cause === undefined ? undefined : { cause: init.cause });
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.status = status;
    this.code = init.code ?? (codeForStatus(status) as Code);
    this.title = title;
    this.details = init.details;
    this.fields = init.fields;
    this.requestId = init.requestId;
    this.retryAfter = init.retryAfter;
    this.retryable = init.retryable ?? defaultRetryable(status);
    this.expose = init.expose ?? defaultExpose(status);
    this.headers = init.headers ?? {};
    this.type = init.type;
    this.docUrl = init.docUrl;
    this.format = init.format;
    this.raw = init.raw;
    // `cause` is set by Error itself and is non-enumerable, so JSON.stringify never sees it.
  }

  /**
   * What kind of failure this is (`not_found`, `validation`, `rate_limited`, `quota`, …), from
   * the status and the code, so a client branches the same way on any API's errors.
   * @example if (error.category === 'rate_limited') await sleep(error.retryAfter ?? 1);
   */
  get category(): ErrorCategory {
    return categoryOf(this.status, this.code);
  }

  /** Brand checked by `isApiError`, so errors from another realm or package copy are recognised. */
  get [BRAND](): true {
    return true;
  }

  /** A safe JSON view (what a client may see); never includes `cause` or the stack. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {
      status: this.status,
      code: this.code,
      title: this.title,
    };
    if (this.expose) {
      out.message = this.message;
      if (this.details !== undefined) out.details = this.details;
      if (this.fields !== undefined) out.fields = this.fields;
    }
    if (this.requestId !== undefined) out.requestId = this.requestId;
    if (this.retryAfter !== undefined) out.retryAfter = this.retryAfter;
    out.retryable = this.retryable;
    return out;
  }
}

/**
 * Whether a value is an ApiError (from any realm or copy of errata), optionally with one code.
 * @example if (isApiError(e, 'secret_not_found')) console.log(e.details);
 */
export function isApiError<Code extends string = string>(
  value: unknown,
  code?: Code,
): value is ApiError<Code> {
  if (typeof value !== 'object' || value === null) return false;
  try {
    if (!(value instanceof ApiError) && (value as Record<symbol, unknown>)[BRAND] !== true) {
      return false;
    }
    return code === undefined || (value as ApiError).code === code;
  } catch {
    // A Proxy or getter that throws when inspected is not an ApiError, and must not break the
    // error handler that asked.
    return false;
  }
}
