import { STATUS_CODES } from 'node:http';
import { type ApiError, isApiError } from '../../api-error.js';
import type { Catalog } from '../../catalog-types.js';
import { isErrorStatus } from '../../status.js';
import { bodyReaderError } from '../body-reader-errors.js';
import { BAD_ENCODING_MESSAGE } from '../router.js';
import { statusError, statusLikeError } from '../status-error.js';
import { ErrataValidationError, messageFields } from './validation.js';

// How errata/nestjs reads what Nest hands its exception filter as the catalog's errors: its
// HttpExceptions (thrown by apps, and made by the platform adapters' `mapException` from
// body-parser, router and Fastify errors, which then ride along as `cause`), the validation
// errors of its pipes, and errata's own. Whatever it cannot read becomes the generic
// internal_error through `failure()`.

/** What errata reads of an HttpException (also one from another copy of @nestjs/common). */
type HttpExceptionLike = Error & { getStatus(): unknown; getResponse(): unknown; cause?: unknown };

/**
 * Whether a value is an HttpException: duck-typed, so two copies of @nestjs/common agree.
 * @example isHttpException(new NotFoundException()) // true
 */
export function isHttpException(value: unknown): value is HttpExceptionLike {
  return (
    value instanceof Error &&
    typeof (value as Partial<HttpExceptionLike>).getStatus === 'function' &&
    typeof (value as Partial<HttpExceptionLike>).getResponse === 'function'
  );
}

/** Longest message of an HttpException passed on to the client. */
const MAX_EXPOSED_MESSAGE = 1000;

/** Fastify error codes with the role and the message clients get. */
const FASTIFY: Readonly<Record<string, readonly [role: string, message: string]>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    'unsupported_media_type',
    'The request body has a content type this endpoint does not accept.',
  ],
  FST_ERR_CTP_BODY_TOO_LARGE: [
    'payload_too_large',
    'The request body is larger than this endpoint accepts.',
  ],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['invalid_request', 'The request body is empty; send a JSON value.'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['invalid_request', 'The request body is not valid JSON.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [
    'invalid_request',
    'The request body does not match its Content-Length.',
  ],
  FST_ERR_BAD_URL: ['invalid_request', 'The request target is malformed.'],
  FST_ERR_MAX_PARAM_LENGTH: ['invalid_request', 'The request target is malformed.'],
};

/** A role error; a 413 asks to close the connection (the rest of the body is never read). */
function roleOf(catalog: Catalog, role: string, message: string, cause: unknown): ApiError {
  const headers = role === 'payload_too_large' ? { connection: 'close' } : undefined;
  return catalog.roleError(
    role,
    headers === undefined ? { message, cause } : { message, cause, headers },
  );
}

/**
 * The error of a platform failure Nest's adapters wrap in an HttpException (`cause`): errata's
 * own words, never the platform's (body-parser quotes the body, `Unexpected token } in JSON`).
 */
function platformError(cause: unknown, catalog: Catalog): ApiError | undefined {
  if (typeof cause !== 'object' || cause === null) return undefined;
  const bodyReader = bodyReaderError(cause, catalog);
  if (bodyReader !== undefined) return bodyReader;
  const { code, status } = cause as { code?: unknown; status?: unknown };
  if (typeof code === 'string' && Object.hasOwn(FASTIFY, code)) {
    const [role, message] = FASTIFY[code] as readonly [string, string];
    return roleOf(catalog, role, message, cause);
  }
  if (cause instanceof URIError && status === 400) {
    return catalog.roleError('invalid_request', { message: BAD_ENCODING_MESSAGE, cause });
  }
  if (cause instanceof SyntaxError && status === 400) {
    return catalog.roleError('invalid_request', {
      message: 'The request body is not valid JSON.',
      cause,
    });
  }
  return undefined;
}

/** The message an HttpException shows clients: its own, unless it is only the status text. */
function exposedMessage(exception: HttpExceptionLike, status: number): string | undefined {
  const response = exception.getResponse();
  const given =
    typeof response === 'string'
      ? response
      : typeof (response as { message?: unknown } | null)?.message === 'string'
        ? ((response as { message: string }).message as string)
        : exception.message;
  if (typeof given !== 'string' || given === '' || given === STATUS_CODES[status]) return undefined;
  return given.slice(0, MAX_EXPOSED_MESSAGE);
}

/**
 * The ApiError for what Nest hands the exception filter, or undefined for anything that must
 * become the generic internal_error (then reported to `onError`):
 *
 * | thrown | answer |
 * |---|---|
 * | an ApiError | itself |
 * | `ErrataValidationError` (errata's schema pipe, `validationExceptionFactory`) | `validation_error` with its fields |
 * | an HttpException wrapping a platform error (`cause`: body-parser, router URIError, `FST_*`) | its role, in errata's words |
 * | a 400/422 HttpException whose `message` is a list (Nest's `ValidationPipe`, `StandardSchemaValidationPipe`) | `validation_error` with fields |
 * | any other HttpException | `statusError()` of its status: the role of that status, else the catalog's code for it (`conflict`, `forbidden`, `http_418`); its message shown unless it is 5xx or only the status text |
 * | an Error with a 4xx `status`/`statusCode` | `statusLikeError`, the rule every adapter shares |
 *
 * 5xx HttpExceptions map to their role (500 `internal_error`, 503 `service_unavailable`) with
 * the generic message; the filter reports them to `onError`.
 * @example nestApiError(new ConflictException('Locked'), catalog) // 409 conflict, 'Locked'
 */
export function nestApiError(exception: unknown, catalog: Catalog): ApiError | undefined {
  if (isApiError(exception)) return exception;
  if (exception instanceof ErrataValidationError) {
    return catalog.roleError('validation_error', { fields: exception.fields, cause: exception });
  }
  if (!isHttpException(exception)) {
    return platformError(exception, catalog) ?? statusLikeError(exception, catalog);
  }
  const platform = platformError(exception.cause, catalog);
  if (platform !== undefined) return platform;
  const given = exception.getStatus();
  const status = isErrorStatus(given) ? given : 500;
  if (status === 400 || status === 422) {
    const fields = messageFields(
      (exception.getResponse() as { message?: unknown } | null)?.message,
    );
    if (fields !== undefined) {
      return catalog.roleError('validation_error', { fields, cause: exception });
    }
  }
  return statusError(status, catalog, {
    cause: exception,
    message: exposedMessage(exception, status),
  });
}
