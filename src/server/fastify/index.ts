/**
 * errata/fastify: a Fastify 5 plugin applying errata's server rules to every route.
 *
 * `app.register(errataFastify, { catalog, format })` (not encapsulated, like fastify-plugin
 * plugins): every response carries `X-Request-ID` (also `request.requestId`); errors render in
 * the negotiated wire format through `setErrorHandler`; Fastify's own errors (FST_* codes, AJV
 * validation) become the catalog's; unknown routes answer 404 and known paths with another
 * method 405 with `Allow` through `setNotFoundHandler`; JSON bodies are parsed safely; route
 * schemas may be Standard Schemas (Zod, Valibot, ArkType). Unless `attach: false`, the plugin
 * also takes over `app.server` (`attachServer`): Fastify's `clientErrorHandler` is replaced, and
 * headers slower than `headersTimeout` and bodies stalled for `bodyTimeout` get a 408.
 */
import { errataFastify } from './plugin.js';

export { attachServer } from '../attach.js';
export { DEFAULT_BODY_LIMIT, isJsonContentType, safeJsonParse } from '../body.js';
export { clientErrorHandler } from '../client-error.js';
export {
  generateRequestId,
  isSafeRequestId,
  MAX_REQUEST_ID_LENGTH,
  type RequestIdOptions,
  resolveRequestId,
} from '../request-id.js';
export type { ErrorInfo } from '../settings.js';
export { type StatusErrorOptions, statusError } from '../status-error.js';
export { issuesToFields, validate } from '../validate.js';
export { fastifyApiError, validationFields } from './errors.js';
export { preferLocale } from './locale.js';
export type { ErrataFastify, ErrataFastifyOptions, ErrataRouteConfig } from './options.js';
export { errataFastify } from './plugin.js';
export { isStandardSchema, type StandardSchemaProvider } from './schema.js';
export { errataFrameworkErrors, errataGenReqId } from './server-options.js';
export default errataFastify;
