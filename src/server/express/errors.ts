import type { ApiError } from '../../api-error.js';
import type { Catalog } from '../../catalog-types.js';
import { isErrorStatus } from '../../status.js';
import { BAD_ENCODING_MESSAGE } from '../router.js';
import { statusLikeError } from '../status-error.js';

// Errors Express and its ecosystem raise, as cataloged ApiErrors: body-parser's typed errors
// (`entity.parse.failed`, `entity.too.large`, …), the router's URIError for a bad
// percent-encoding; then any http-errors-style Error through `statusLikeError`, the rule every
// adapter shares.

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
 * - A URIError with status 400 (the router decoding a param) is `invalid_request` with
 *   `BAD_ENCODING_MESSAGE`, as in every adapter.
 * - Anything else goes through `statusLikeError` (shared by all adapters): Errors with a 4xx
 *   `status`/`statusCode` become the role for that status, else the catalog's code for it
 *   (401 `unauthorized`, 409 `conflict`, … `http_418`), with their own message only when
 *   `expose: true` (`createError(404, 'No such user')`) and their `headers` kept; 5xx errors and
 *   non-Error values are not mapped (a generic 500 reported to `onError`).
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
    return catalog.roleError('invalid_request', { message: BAD_ENCODING_MESSAGE, cause: error });
  }
  // Everything else: the rule every adapter shares (4xx mapped, 5xx and non-Errors not).
  return statusLikeError(error, catalog);
}
