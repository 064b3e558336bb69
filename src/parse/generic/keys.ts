/**
 * The member names APIs use for each part of an error, most telling first. The recogniser is
 * these tables plus type checks: a name here is a candidate, the value decides.
 */

/** Machine codes. `type`, `reason`, `name` and `status` only count when the value is code-like. */
export const CODE_KEYS = [
  'code',
  'error_code',
  'errorCode',
  'ErrorCode',
  'Code',
  'errcode',
  'err_code',
  'error_type',
  'errorType',
  'id',
  'type',
  'reason',
  'status',
  '__type',
  'name',
  'error',
  // Bitbucket Data Center's Java exception class.
  'exceptionName',
  // HubSpot's machine category (`VALIDATION_ERROR`), when nothing above is a code.
  'category',
] as const;

/** Lists of codes, the first of which is the error's (Checkout.com's `error_codes`). */
export const CODE_LIST_KEYS = ['error_codes', 'errorCodes', 'codes'] as const;

/** Human messages. */
export const MESSAGE_KEYS = [
  'message',
  'Message',
  'error_description',
  'errorMessage',
  'error_message',
  'ErrorMessage',
  'errorSummary',
  'ErrorDescription',
  'errorDescription',
  'detail',
  'details',
  'description',
  'msg',
  'reason',
  'faultstring',
  'error_msg',
  'errorMsg',
  // Figma: `{ status, err }` (an object under `err` is a wrapper instead).
  'err',
  'error',
  'title',
  // Lists of messages, and Shopify's `{ errors: "…" }`: the first string.
  'error_messages',
  'errorMessages',
  'messages',
  'errors',
] as const;

/** Request and trace ids in a body. */
export const REQUEST_ID_KEYS = [
  'request_id',
  'requestId',
  'RequestId',
  'requestID',
  'RequestID',
  'request-id',
  'x-request-id',
  'x_request_id',
  'errorId',
  'error_id',
  'debug_id',
  'correlationId',
  'correlation_id',
  'correlationID',
  'trace_id',
  'traceId',
  'traceID',
  'fbtrace_id',
  'pspReference',
  'incident_id',
  'incidentId',
  // DocuSign's support reference.
  'reference_id',
  'referenceId',
] as const;

/** Retry delays in a body, in seconds unless the name says milliseconds. */
export const RETRY_KEYS = [
  'retry_after',
  'retryAfter',
  'retry_after_seconds',
  'retryAfterSeconds',
  'retry_in',
  'retry_in_seconds',
  'retryInSeconds',
  'retryDelay',
  // Hugging Face's model-loading 503: seconds until the model is ready.
  'estimated_time',
] as const;
export const RETRY_MS_KEYS = ['retry_after_ms', 'retryAfterMs', 'retry_after_millis'] as const;

/** Where a violation names its field. */
export const FIELD_KEYS = [
  'field',
  'param',
  'parameter',
  'pointer',
  'path',
  'loc',
  'location',
  'property',
  'propertyPath',
  'property_path',
  'attribute',
  'key',
  'fieldName',
  'field_name',
  'target',
  'invalidField',
  // HubSpot's `in` (not an OpenAPI location: those are dropped by pathOf).
  'in',
] as const;

/**
 * Members of the error itself that name the one field or parameter it is about (Stripe's and
 * OpenAI's `param`, Azure Storage's `QueryParameterName`). Not `path` or `target`: beside an
 * error (not inside a violation) those are often the request's path or the resource.
 */
export const OWN_FIELD_KEYS = ['param', 'parameter', 'field', 'QueryParameterName'] as const;

/** Lists of errors, each item one error or one violation. */
export const LIST_KEYS = [
  'errors',
  'Errors',
  'error',
  'messages',
  'errorMessages',
  'errorCauses',
  'causes',
  'fieldViolations',
  'field_errors',
  'fieldErrors',
  'violations',
  'invalid_params',
  'invalidParams',
  'details',
] as const;

/** Objects that wrap the error itself. */
export const WRAPPER_KEYS = [
  'error',
  'Error',
  'fault',
  'err',
  'errorResponse',
  'message',
  // Qdrant: `{ status: { error: "Not found: …" }, time }`.
  'status',
] as const;

/** Objects that carry metadata next to the error. */
export const META_KEYS = [
  'meta',
  'metadata',
  'innerError',
  'innererror',
  'debug',
  'extensions',
  // Telegram's `parameters.retry_after`, Box's `context_info.errors`.
  'parameters',
  'context_info',
] as const;

/** Own members looked at per object: a hostile 100,000-key object costs no more than this. */
const MAX_KEYS = 256;

/**
 * A table of candidate names as name → rank (its place in the table).
 * @example ranks(['code', 'error_code']).get('error_code') // 1
 */
export function ranks(keys: readonly string[]): Map<string, number> {
  return new Map(keys.map((key, i) => [key, i]));
}

/**
 * The reading of the best-ranked member of `node` that `read` accepts: the same answer as trying
 * every candidate name in rank order, but walking only the members the object has (error objects
 * have a handful; the tables have dozens of names).
 * @example best({ msg: 'x' }, ranks(MESSAGE_KEYS), (key) => messageOf(node[key])) // 'x'
 */
export function best<T>(
  node: Readonly<Record<string, unknown>>,
  rank: ReadonlyMap<string, number>,
  read: (key: string) => T | undefined,
): T | undefined {
  let found: T | undefined;
  let at = Number.POSITIVE_INFINITY;
  let seen = 0;
  for (const key in node) {
    if (++seen > MAX_KEYS) break;
    const r = rank.get(key);
    if (r === undefined || r >= at || !Object.hasOwn(node, key)) continue;
    const value = read(key);
    if (value !== undefined) {
      found = value;
      at = r;
    }
  }
  return found;
}

/** Longest code taken. */
const MAX_CODE = 100;

/**
 * A value that reads as a machine code: a token without spaces (`card_declined`,
 * `INVALID_ARGUMENT`, `ValidationException`, `E1234`, `1142`), or a whole number. A number equal to
 * the HTTP status only restates it.
 */
export function codeOf(value: unknown, status: number): string | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value !== status && value >= 0 ? String(value) : undefined;
  }
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_CODE) return undefined;
  // AWS JSON names the exception with its namespace: `com.amazon…#ResourceNotFoundException`.
  const hash = value.lastIndexOf('#');
  const code = hash >= 0 ? value.slice(hash + 1) : value;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/.test(code)) return undefined;
  if (code === String(status)) return undefined;
  return code;
}

/** A value that reads as a message: a non-empty string with some letter in it. */
export function messageOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text !== '' && /\p{L}/u.test(text) ? text : undefined;
}

function isCapital(c: number): boolean {
  return c >= 65 && c <= 90;
}

function isCodeChar(c: number): boolean {
  return isCapital(c) || (c >= 48 && c <= 57) || c === 95;
}

/** Whether a message is only a code in capitals (`EMAIL_EXISTS`): then it is the code too. */
export function codeInMessage(message: string): { code: string; rest: string } | undefined {
  // Both forms open with a capital then a capital, digit or `_`: most messages fail here already.
  if (!isCapital(message.charCodeAt(0)) || !isCodeChar(message.charCodeAt(1))) return undefined;
  if (/^[A-Z][A-Z0-9_]{2,99}$/.test(message)) return { code: message, rest: message };
  // Firebase and gRPC style: `INVALID_ARGUMENT : The field is wrong`, `TOO_MANY_ATTEMPTS_TRY_LATER: …`.
  const m = /^([A-Z][A-Z0-9_]{2,99}) ?: ?(.+)$/s.exec(message);
  return m === null ? undefined : { code: m[1] as string, rest: (m[2] as string).trim() };
}
