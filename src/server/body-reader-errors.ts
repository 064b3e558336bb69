/**
 * Errors raw-body raises (through Express's body-parser, Koa's @koa/bodyparser and co-body), as
 * cataloged ApiErrors: typed http-errors (`err.type`: `entity.too.large`, …) mapped by type to
 * roles with errata's own messages, never the reader's, which quote the body.
 */
import type { ApiError } from '../api-error.js';
import type { Catalog } from '../catalog-types.js';
import { isErrorStatus } from '../status.js';

/** raw-body / body-parser error types (`err.type`) with the role and the message clients get. */
const BODY_READER: Readonly<Record<string, readonly [role: string, message: string]>> = {
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

/**
 * The error status (`status`, else `statusCode`) of an http-errors style value, if any.
 * @example errorStatusOf({ statusCode: 404 }) // 404
 */
export function errorStatusOf(error: object): number | undefined {
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  if (isErrorStatus(status)) return status;
  if (isErrorStatus(statusCode)) return statusCode;
  return undefined;
}

/**
 * The ApiError for a body reader's typed error, or undefined when its `type` is not one. A 413
 * also closes the connection: the rest of the body is never read.
 * @example bodyReaderError(createHttpError(413, { type: 'entity.too.large' }), catalog) // payload_too_large
 */
export function bodyReaderError(error: object, catalog: Catalog): ApiError | undefined {
  const type = (error as { type?: unknown }).type;
  const known =
    typeof type === 'string' && Object.hasOwn(BODY_READER, type) ? BODY_READER[type] : undefined;
  if (known === undefined) return undefined;
  const [role, message] = known;
  const options: { message: string; cause: unknown; headers?: Record<string, string> } = {
    message,
    cause: error,
  };
  if (role === 'payload_too_large') options.headers = { connection: 'close' };
  return catalog.roleError(role, options);
}
