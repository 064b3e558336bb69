import { ApiError } from '../api-error.js';

/**
 * Why a request got no response:
 * - `refused`: the connection failed, so nothing was sent (any method may be retried);
 * - `reset`: the connection broke after the request may have been sent;
 * - `timeout`: no answer within the per-attempt timeout;
 * - `deadline`: the deadline across all attempts passed.
 */
export type NetworkErrorKind = 'refused' | 'reset' | 'timeout' | 'deadline';

const KINDS: Readonly<
  Record<NetworkErrorKind, { status: number; code: string; title: string; message: string }>
> = {
  refused: {
    status: 503,
    code: 'connection_failed',
    title: 'Connection failed',
    message: 'Could not connect to the server',
  },
  reset: {
    status: 503,
    code: 'connection_reset',
    title: 'Connection reset',
    message: 'The connection closed before a response arrived',
  },
  timeout: {
    status: 504,
    code: 'request_timeout',
    title: 'Request timeout',
    message: 'No response arrived within the request timeout',
  },
  deadline: {
    status: 504,
    code: 'deadline_exceeded',
    title: 'Deadline exceeded',
    message: 'The request deadline passed before a response arrived',
  },
};

/** A system error code worth showing: `ECONNREFUSED`, `UND_ERR_SOCKET`… never driver prose. */
const SAFE_CODE = /^[A-Z][A-Z0-9_]{1,39}$/;

/**
 * The ApiError of a request that got no response (`format: 'network'`, `cause` = what fetch
 * threw). Its message names at most the system error code: driver messages can carry hosts,
 * addresses and credentials from a connection string.
 * @example throw networkError(error, 'refused'); // 503 connection_failed
 */
export function networkError(cause: unknown, kind: NetworkErrorKind): ApiError {
  const spec = KINDS[kind];
  const code = kind === 'refused' || kind === 'reset' ? systemCode(cause) : undefined;
  return new ApiError({
    status: spec.status,
    code: spec.code,
    title: spec.title,
    message: code === undefined ? `${spec.message}.` : `${spec.message} (${code}).`,
    retryable: kind !== 'deadline',
    // The message is ours and safe, so it may be shown even though the status is 5xx.
    expose: true,
    format: 'network',
    cause,
  });
}

const REFUSED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EAI_FAIL',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  // Bun
  'ConnectionRefused',
  'FailedToOpenSocket',
]);

const RESET = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  // An established socket may time out after the request went out: not known to be unsent.
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  // Bun
  'ConnectionClosed',
]);

const TIMEOUT = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * Failures that retrying cannot fix (a certificate the client rejects, an argument undici
 * refuses): configuration or programming errors, which fetch's own error describes best.
 */
const FATAL =
  /^(?:ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_INVALID_|UND_ERR_INVALID_ARG|UND_ERR_NOT_SUPPORTED)/;

/** What fetch implementations reject with when the network failed, whatever the cause. */
const FETCH_FAILED =
  /^(?:fetch failed|failed to fetch|networkerror when attempting to fetch resource\.?|load failed|network request failed|network error)$/i;

/**
 * The kind of network failure a fetch rejection reports, or `undefined` when it is no network
 * failure (an invalid URL or header, a rejected certificate, an abort): those are thrown as is.
 * Reads undici's `TypeError('fetch failed')` and its `cause.code` (also inside an AggregateError
 * from dual-stack connects), and Bun's and browsers' spellings. A failure whose cause is unknown
 * counts as `reset`: the request may have been sent.
 * @example classifyFetchError(error) // 'refused' for ECONNREFUSED
 */
export function classifyFetchError(error: unknown): NetworkErrorKind | undefined {
  const codes = errorCodes(error);
  for (const code of codes) {
    if (FATAL.test(code)) return undefined;
  }
  for (const code of codes) {
    if (REFUSED.has(code)) return 'refused';
    if (TIMEOUT.has(code)) return 'timeout';
    if (RESET.has(code)) return 'reset';
  }
  const messages = errorMessages(error);
  if (messages.some((m) => /other side closed|socket hang up/i.test(m))) return 'reset';
  if (messages.some((m) => /connection refused/i.test(m))) return 'refused';
  if (messages.some((m) => FETCH_FAILED.test(m.trim()))) return 'reset';
  return undefined;
}

/** Codes of a response the runtime refused to hold: the server answered, too much to read. */
const OVERSIZED = new Set(['UND_ERR_HEADERS_OVERFLOW', 'UND_ERR_RES_EXCEEDED_MAX_SIZE']);

/**
 * Whether fetch failed because the response's headers (or whole size) passed the runtime's
 * bound (undici's 16 KiB of headers by default): no network failure, and no retry will shrink
 * them.
 * @example if (oversizedResponse(error)) throw responseError('response_too_large', …);
 */
export function oversizedResponse(error: unknown): boolean {
  return errorCodes(error).some((code) => OVERSIZED.has(code));
}

/** Errors along the cause chain (and inside AggregateErrors), bounded against cycles. */
function chain(error: unknown): object[] {
  const out: object[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && out.length < 16) {
    const item = queue.shift();
    if (typeof item !== 'object' || item === null || out.includes(item)) continue;
    out.push(item);
    try {
      const { cause, errors } = item as { cause?: unknown; errors?: unknown };
      queue.push(cause);
      if (Array.isArray(errors)) queue.push(...errors.slice(0, 8));
    } catch {
      // A getter that throws (a hostile or odd error object) ends this branch, nothing more.
    }
  }
  return out;
}

function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (const item of chain(error)) {
    try {
      const code = (item as { code?: unknown }).code;
      if (typeof code === 'string' && code.length > 0 && code.length <= 64) codes.push(code);
    } catch {
      // ignored, as above
    }
  }
  return codes;
}

function errorMessages(error: unknown): string[] {
  const messages: string[] = [];
  for (const item of chain(error)) {
    try {
      const message = (item as { message?: unknown }).message;
      if (typeof message === 'string') messages.push(message.slice(0, 200));
    } catch {
      // ignored, as above
    }
  }
  return messages;
}

/** The first system error code of a cause chain that is safe to put in a message. */
function systemCode(cause: unknown): string | undefined {
  return errorCodes(cause).find((code) => SAFE_CODE.test(code));
}
