/**
 * errata/node: error handling for plain `node:http` servers, with a tiny router.
 *
 * Every response carries `X-Request-ID`; ApiErrors render in the negotiated wire format; an
 * Error with a 4xx `status`/`statusCode` becomes the catalog's error of that status
 * (`statusLikeError`, the rule of every adapter); anything else thrown becomes the catalog's
 * `internal_error` and goes to `onError`;
 * unknown routes answer 404, known paths with another method 405 with `Allow`.
 */

export { attachServer } from '../attach.js';
export {
  DEFAULT_BODY_LIMIT,
  isJsonContentType,
  readBody,
  readJson,
  safeJsonParse,
} from '../body.js';
export { type ClientErrorListener, clientErrorHandler } from '../client-error.js';
export {
  generateRequestId,
  isSafeRequestId,
  MAX_REQUEST_ID_LENGTH,
  type RequestIdOptions,
  resolveRequestId,
} from '../request-id.js';
export { abort, canRespond, type OutgoingResponse, send } from '../respond.js';
export type { Method, PathParams } from '../router.js';
export type { ErrataOptions, ErrorInfo } from '../settings.js';
export { issuesToFields, validate } from '../validate.js';
export { type ErrataApp, errata } from './app.js';
export type { Context, Handler, Reply, RouteHandlers } from './handler.js';
export { preferLocale } from './locale.js';
export type { NodeErrataOptions, NodeRateLimit, RouteOptions } from './options.js';
export type { NodeListener } from './serve.js';
