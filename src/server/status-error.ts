import { ApiError } from '../api-error.js';
import type { Catalog } from '../catalog-types.js';
import { codeForStatus } from '../status.js';

/** Statuses every catalog has a role for. */
const ROLE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'invalid_request',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_error',
  429: 'rate_limited',
  500: 'internal_error',
  503: 'service_unavailable',
  504: 'upstream_timeout',
};

/** What a framework's status error may pass on: its cause, its headers, a message it exposes. */
export type StatusErrorOptions = {
  cause?: unknown;
  headers?: Record<string, string> | undefined;
  /** A message the framework's own convention shows clients (never for 5xx). */
  message?: string | undefined;
};

/**
 * The catalog's error for a status a framework raised (http-errors, Fastify's `statusCode`,
 * Hono's HTTPException): the role of that status when there is one, else a generic error named
 * after the status as the catalog spells it (`unauthorized`, `conflict`, …). A 5xx never carries
 * the framework's message. One function for every adapter, so they map statuses alike.
 * @example statusError(404, catalog) // the catalog's not_found role
 */
export function statusError(
  status: number,
  catalog: Catalog,
  options: StatusErrorOptions = {},
): ApiError {
  const role = ROLE_BY_STATUS[status];
  const message = status >= 500 ? undefined : options.message;
  if (role !== undefined) {
    const roleOptions: { cause?: unknown; headers?: Record<string, string>; message?: string } = {};
    if (options.cause !== undefined) roleOptions.cause = options.cause;
    if (options.headers !== undefined) roleOptions.headers = options.headers;
    if (message !== undefined && message !== '') roleOptions.message = message;
    return catalog.roleError(role, roleOptions);
  }
  const init: ConstructorParameters<typeof ApiError>[0] = { status, code: codeForStatus(status) };
  if (options.cause !== undefined) init.cause = options.cause;
  if (options.headers !== undefined) init.headers = options.headers;
  if (message !== undefined && message !== '') init.message = message;
  return catalog.normalize(new ApiError(init));
}
