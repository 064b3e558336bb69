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
  /**
   * The language of `message` (BCP 47): set when a translated catalog localized the error, or
   * from a response's `Content-Language` or AIP-193 `LocalizedMessage` (client side).
   */
  locale?: string;
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
  declare readonly status: number;
  declare readonly code: Code;
  declare readonly title: string;
  declare readonly details: Details | undefined;
  declare readonly fields: FieldViolation[] | undefined;
  declare requestId: string | undefined;
  declare readonly retryAfter: number | undefined;
  declare readonly retryable: boolean;
  declare readonly expose: boolean;
  declare readonly headers: Record<string, string>;
  declare readonly type: string | undefined;
  declare readonly docUrl: string | undefined;
  declare readonly format: string | undefined;
  declare readonly raw: unknown;
  declare readonly locale: string | undefined;

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
    assign(this, init, status, title);
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
    if (this.locale !== undefined) out.locale = this.locale;
    return out;
  }
}

/** Returns the object it is given, so a subclass's private field lands on that object. */
class Stamp {
  constructor(target: object) {
    // biome-ignore lint/correctness/noConstructorReturn: the override is the point: see MessageSlot
    return target;
  }
}

/**
 * The message of an ApiError made by `quickApiError`, kept in a private field: as invisible to
 * keys, spread, JSON and equality checks as Error's own non-enumerable `message`, which only
 * Object.defineProperty could add (about 150 ns; the whole error costs 15 this way).
 */
class MessageSlot extends Stamp {
  #message: string;
  constructor(target: object, message: string) {
    super(target);
    this.#message = message;
  }
  static read(target: object): string | undefined {
    return #message in target ? target.#message : undefined;
  }
}

/** An object whose prototype is ApiError's, made without running any constructor. */
function Shell(): void {}
Shell.prototype = ApiError.prototype;

/** The property an assignment to `message` or `stack` gives an error made by `quickApiError`. */
function ownValue(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    writable: true,
    enumerable: false,
    configurable: true,
  });
}

// Read through the prototype only by errors made by `quickApiError`: Error's constructor gives
// every other ApiError its own `message` and `stack`, which hide these.
Object.defineProperty(ApiError.prototype, 'message', {
  get(this: object) {
    return MessageSlot.read(this) ?? '';
  },
  set(this: object, value: unknown) {
    ownValue(this, 'message', value);
  },
  configurable: true,
});
Object.defineProperty(ApiError.prototype, 'stack', {
  // What a constructed ApiError's stack says when no trace is captured: `ApiError: <message>`.
  get(this: object) {
    return Error.prototype.toString.call(this);
  },
  set(this: object, value: unknown) {
    ownValue(this, 'stack', value);
  },
  configurable: true,
});

// `[object Error]` from Object.prototype.toString, as for a constructed ApiError (whose own tag is
// Error's): equality checks (vitest, Jest) and `isError` helpers compare it. Only for errors made
// by `quickApiError`, so a constructed one prints as it always did.
Object.defineProperty(ApiError.prototype, Symbol.toStringTag, {
  get(this: object) {
    return MessageSlot.read(this) === undefined ? undefined : 'Error';
  },
  configurable: true,
});

/** A type with its readonly members writable (what building an ApiError member by member needs). */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** ApiErrorInit whose members may also be `undefined` (absent): one shape for every caller. */
type LooseInit = { [K in keyof ApiErrorInit]?: ApiErrorInit[K] | undefined } & { status: number };

/**
 * `new ApiError(init)` without Error's constructor, which costs about 400 ns even with no stack
 * trace: what parsing a response uses. Same prototype, members, `message`, `name` and `toJSON`;
 * `instanceof Error` and `isApiError` hold. The differences: `message` and `stack` are read
 * through the prototype (own once assigned), `stack` is always `ApiError: <message>`,
 * `util.types.isNativeError` is false, structuredClone copies a plain object, and util.inspect
 * names it `ApiError [Error]`. With `ApiError.captureStackTraces` or a `cause` it is
 * `new ApiError(init)`.
 * @example quickApiError({ status: 404, code: 'secret_not_found' }) instanceof ApiError // true
 */
export function quickApiError(init: LooseInit): ApiError {
  if (ApiError.captureStackTraces || init.cause !== undefined) {
    return new ApiError(init as ApiErrorInit);
  }
  const status = isErrorStatus(init.status) ? init.status : 500;
  const title = init.title ?? statusPhrase(status);
  const error = shellApiError(init.message ?? title);
  assign(error, init, status, title);
  return error as ApiError;
}

/**
 * An ApiError with only its message and name, made without any constructor, for a caller that
 * assigns every other member itself in `assign`'s order (status, code, title, details, fields,
 * requestId, retryAfter, retryable, expose, headers, type, docUrl, format, raw, locale).
 * @example const e = shellApiError('Nicht gefunden'); e.status = 404; // …
 */
export function shellApiError(message: string): Mutable<ApiError> {
  const error = new (Shell as unknown as new () => Mutable<ApiError>)();
  new MessageSlot(error, message);
  error.name = 'ApiError';
  return error;
}

/** The members both kinds of ApiError get, in one order (so they share their layout). */
function assign(error: object, init: LooseInit, status: number, title: string): void {
  const e = error as Mutable<ApiError>;
  e.status = status;
  e.code = init.code ?? codeForStatus(status);
  e.title = title;
  e.details = init.details;
  e.fields = init.fields;
  e.requestId = init.requestId;
  e.retryAfter = init.retryAfter;
  e.retryable = init.retryable ?? defaultRetryable(status);
  e.expose = init.expose ?? defaultExpose(status);
  e.headers = init.headers ?? {};
  e.type = init.type;
  e.docUrl = init.docUrl;
  e.format = init.format;
  e.raw = init.raw;
  e.locale = init.locale;
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
