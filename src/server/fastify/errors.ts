import { type ApiError, type FieldViolation, isApiError } from '../../api-error.js';
import type { Catalog } from '../../catalog-types.js';
import type { StandardSchemaV1 } from '../../standard-schema.js';
import { statusLikeError } from '../status-error.js';
import { issuesToFields } from '../validate.js';

// How errata/fastify reads Fastify's own errors (FST_* codes, AJV validation errors, errors of
// plugins carrying a `statusCode`) as the catalog's errors. Anything it cannot read stays as is
// and becomes the generic internal_error through `failure()`.

type FastifyLikeError = {
  code?: unknown;
  statusCode?: unknown;
  validation?: unknown;
  validationContext?: unknown;
};

/** A JSON pointer (`/items/0/qty`) as a path; all-digit segments become array indices. */
function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .slice(pointer.startsWith('/') ? 1 : 0)
    .split('/')
    .map((segment) => {
      const key = segment.replaceAll('~1', '/').replaceAll('~0', '~');
      return /^(?:0|[1-9]\d{0,8})$/.test(key) ? Number(key) : key;
    });
}

/** The property an AJV error of these keywords names below its instance path. */
const NAMED_PROPERTY: Readonly<Record<string, string>> = {
  required: 'missingProperty',
  dependencies: 'missingProperty',
  dependentRequired: 'missingProperty',
  additionalProperties: 'additionalProperty',
  propertyNames: 'propertyName',
  unevaluatedProperties: 'unevaluatedProperty',
};

/**
 * Field violations from the `validation` array Fastify attaches to a failed schema validation:
 * AJV errors (`instancePath`, `keyword`, `params`) or Standard Schema issues (`path`). Paths are
 * relative to the validated part (body, querystring, params or headers), like Standard Schema
 * paths: AJV's `required` points at the missing property itself.
 * @example validationFields([{ instancePath: '', keyword: 'required', params: { missingProperty: 'value' }, message: "must have required property 'value'" }])
 * // [{ path: ['value'], message: "must have required property 'value'", code: 'required' }]
 */
export function validationFields(validation: readonly unknown[]): FieldViolation[] {
  const fields: FieldViolation[] = [];
  for (const entry of validation) {
    if (typeof entry !== 'object' || entry === null) continue;
    const issue = entry as Record<string, unknown>;
    if (Array.isArray(issue.path) && typeof issue.instancePath !== 'string') {
      fields.push(...issuesToFields([issue as unknown as StandardSchemaV1.Issue]));
      continue;
    }
    const pointer =
      typeof issue.instancePath === 'string'
        ? issue.instancePath
        : typeof issue.dataPath === 'string'
          ? issue.dataPath.replaceAll('.', '/')
          : '';
    const path = pointerToPath(pointer);
    const keyword = typeof issue.keyword === 'string' ? issue.keyword : undefined;
    const params = issue.params as Record<string, unknown> | undefined;
    const named = keyword === undefined ? undefined : NAMED_PROPERTY[keyword];
    if (named !== undefined && typeof params?.[named] === 'string') path.push(params[named]);
    const message = typeof issue.message === 'string' ? issue.message : 'Invalid value';
    fields.push(keyword === undefined ? { path, message } : { path, message, code: keyword });
  }
  return fields;
}

/**
 * The ApiError for an error Fastify (or a Fastify plugin) raised, or `undefined` for anything
 * that must become the generic internal_error:
 *
 * | Fastify error | role |
 * |---|---|
 * | `FST_ERR_CTP_INVALID_MEDIA_TYPE` | `unsupported_media_type` 415 |
 * | `FST_ERR_CTP_BODY_TOO_LARGE` | `payload_too_large` 413 (with `Connection: close`) |
 * | `FST_ERR_CTP_EMPTY_JSON_BODY`, `FST_ERR_CTP_INVALID_JSON_BODY`, a `SyntaxError` with status 400, `FST_ERR_CTP_INVALID_CONTENT_LENGTH`, `FST_ERR_BAD_URL` | `invalid_request` 400 |
 * | `FST_ERR_MAX_PARAM_LENGTH` | `invalid_request` 400 |
 * | a validation error (`error.validation`, AJV or custom compilers) | `validation_error` 422 with fields |
 * | `FST_ERR_NOT_FOUND` | `not_found` 404 |
 * | any other Error with a `status`/`statusCode` of 400..499 | `statusLikeError`, the rule every adapter shares: the catalog's error of that status, its own message only with `expose: true`, its `headers` kept |
 *
 * 5xx errors and non-Error values are not mapped (the generic 500, reported to `onError`).
 *
 * ApiErrors are returned unchanged.
 */
export function fastifyApiError(error: unknown, catalog: Catalog): ApiError | undefined {
  if (isApiError(error)) return error;
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as FastifyLikeError;
  if (Array.isArray(e.validation)) {
    return catalog.roleError('validation_error', { fields: validationFields(e.validation) });
  }
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return catalog.roleError('unsupported_media_type', {
        message: 'The request body has a content type this endpoint does not accept.',
      });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return catalog.roleError('payload_too_large', {
        message: 'The request body is larger than this endpoint accepts.',
        // The unread rest of the body must not be read just to reuse the connection.
        headers: { connection: 'close' },
      });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return catalog.roleError('invalid_request', {
        message: 'The request body is empty; send a JSON value.',
      });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return catalog.roleError('invalid_request', {
        message: 'The request body is not valid JSON.',
      });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return catalog.roleError('invalid_request', {
        message: 'The request body does not match its Content-Length.',
      });
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return catalog.roleError('invalid_request', {
        message: 'The request target is malformed.',
      });
    case 'FST_ERR_NOT_FOUND':
      return catalog.roleError('not_found');
  }
  if (error instanceof SyntaxError && e.statusCode === 400) {
    return catalog.roleError('invalid_request', { message: 'The request body is not valid JSON.' });
  }
  // Everything else: the rule every adapter shares (4xx mapped, 5xx and non-Errors not).
  return statusLikeError(error, catalog);
}
