import type { ApiError } from '../api-error.js';
import type { Catalog } from '../catalog-types.js';
import { isErrorStatus } from '../status.js';
import { statusError } from './status-error.js';

// Errors Express and its ecosystem raise, as cataloged ApiErrors: body-parser's typed errors
// (`entity.parse.failed`, `entity.too.large`, …), the router's URIError for a bad
// percent-encoding, and any http-errors-style value (`status`/`statusCode` 4xx).

/** body-parser error types (`err.type`) with the role and the message clients get. */
const BODY_PARSER: Readonly<Record<string, readonly [role: string, message: string]>> = {
  'entity.parse.failed': ['invalid_request', 'The request body is not valid JSON.'],
  'entity.too.large': ['payload_too_large', 'The request body is too large.'],
  'encoding.unsupported': [
    'unsupported_media_type',
    'The request body has an unsupported Content-Encoding.',
  ],
  'charset.unsupported': ['unsupported_media_type', 'The request body has an unsupported charset.'],
  'request.size.invalid': [
    'invalid_request',
    'The request body does not have the length its Content-Length announced.',
  ],
  'request.aborted': ['invalid_request', 'The request was aborted before its body was complete.'],
  'parameters.too.many': ['payload_too_large', 'The request body has too many parameters.'],
};

/** Longest http-errors message passed on to the client. */
const MAX_MESSAGE = 1000;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Headers of an http-errors value (`createError(401, { headers: { 'WWW-Authenticate': … } })`)
 * that may go out with the error: valid names and values, and none describing the body.
 */
function headersOf(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  let out: Record<string, string> | undefined;
  for (const [name, field] of Object.entries(value)) {
    if (typeof field !== 'string' && typeof field !== 'number') continue;
    const lower = name.toLowerCase();
    const text = String(field);
    if (!TOKEN.test(name) || !FIELD_VALUE.test(text) || lower.startsWith('content-')) continue;
    if (lower === 'transfer-encoding' || lower === 'connection') continue;
    out ??= {};
    out[lower] = text;
  }
  return out;
}

function statusOf(error: object): number | undefined {
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  if (isErrorStatus(status)) return status;
  if (isErrorStatus(statusCode)) return statusCode;
  return undefined;
}

/**
 * The ApiError for an error Express's ecosystem raised, or undefined when the value is not one
 * (then it is an unknown failure: a generic 500).
 *
 * - body-parser errors map by `type` to roles with errata's own messages (never body-parser's,
 *   which quote the body: `Unexpected token } in JSON at position 14`).
 * - A URIError with status 400 (the router decoding a param) is `invalid_request`.
 * - Other values with a 4xx `status`/`statusCode` become the role for that status, else the
 *   catalog's code for it (`codeForStatus`: 401 `unauthorized`, 409 `conflict`, …), else a code
 *   like `http_418`. The message is passed on only when the value says so with `expose: true`
 *   (the http-errors contract: `createError(404, 'No such user')`), bounded; otherwise the
 *   entry's message. Their `headers` (e.g. `WWW-Authenticate`) are kept.
 * - 503 and 504 become `service_unavailable` / `upstream_timeout` with their generic messages;
 *   other 5xx values are not mapped.
 */
export function frameworkError(error: unknown, catalog: Catalog): ApiError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = statusOf(error);
  if (status === undefined) return undefined;
  const type = (error as { type?: unknown }).type;
  const known =
    typeof type === 'string' && Object.hasOwn(BODY_PARSER, type) ? BODY_PARSER[type] : undefined;
  if (known !== undefined) {
    const [role, message] = known;
    const options: { message: string; cause: unknown; headers?: Record<string, string> } = {
      message,
      cause: error,
    };
    // The rest of a body too large is not read: the connection cannot be reused.
    if (role === 'payload_too_large') options.headers = { connection: 'close' };
    return catalog.roleError(role, options);
  }
  if (status === 400 && error instanceof URIError) {
    return catalog.roleError('invalid_request', {
      message: 'The request path holds an invalid percent-encoding.',
      cause: error,
    });
  }
  if (status >= 500) {
    // Only the statuses with a role (503, 504, …) stay; any other 5xx is the generic 500.
    return status === 503 || status === 504
      ? statusError(status, catalog, { cause: error })
      : undefined;
  }
  const given = (error as { message?: unknown }).message;
  const exposed =
    (error as { expose?: unknown }).expose === true && typeof given === 'string' && given !== ''
      ? given.slice(0, MAX_MESSAGE)
      : undefined;
  const headers = headersOf((error as { headers?: unknown }).headers);
  // http-errors' convention: a message is for clients only when `expose` is true.
  return statusError(status, catalog, { cause: error, headers, message: exposed });
}
