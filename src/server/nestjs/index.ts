/**
 * errata/nestjs: errata's server rules for NestJS 12 apps, on `@nestjs/platform-express` and
 * `@nestjs/platform-fastify` alike.
 *
 * `ErrataModule.forRoot({ catalog, format })` registers a global exception filter and a global
 * interceptor, and prepares the platform when the app initialises: every response carries
 * `X-Request-ID`; errors render in the negotiated wire format (the app's, `Accept:
 * application/problem+json`, or a route's `@ErrataFormat()`); HttpExceptions become the
 * catalog's error of their status; validation failures (`ErrataSchemaPipe` with any Standard
 * Schema, Nest's `ValidationPipe` with class-validator) the `validation_error` role with fields;
 * anything else a generic 500 reported to `onError`; Nest's "no route" 404 becomes errata's 404,
 * or 405 with `Allow` on a path other methods answer; JSON bodies are read by errata (400, 413,
 * 415), and the node server is attached (`attachServer`) for what never reaches Nest.
 *
 * @example
 * import { ErrataJson, ErrataModule, ErrataSchemaPipe } from 'errata/nestjs';
 *
 * @Controller('v1/secrets')
 * class SecretsController {
 *   @Put(':name') @ErrataJson()
 *   write(@Param('name') name: string, @Body(new ErrataSchemaPipe(putSecret)) body: PutSecret) { … }
 * }
 *
 * @Module({ imports: [ErrataModule.forRoot({ catalog, format: 'envelope' })], controllers: [SecretsController] })
 * class AppModule {}
 *
 * // Express: errata reads JSON bodies itself, so Nest's parser must be off.
 * const app = await NestFactory.create(AppModule, { bodyParser: false });
 *
 * @nestjs/common, @nestjs/core, reflect-metadata and rxjs are optional peer dependencies; the
 * module imports no platform package. Nothing here needs `emitDecoratorMetadata`.
 */

export { attachServer } from '../attach.js';
export { DEFAULT_BODY_LIMIT, isJsonContentType, safeJsonParse } from '../body.js';
export { clientErrorHandler } from '../client-error.js';
export {
  generateRequestId,
  isSafeRequestId,
  MAX_REQUEST_ID_LENGTH,
  type RequestIdOptions,
} from '../request-id.js';
export type { ErrataOptions, ErrorInfo } from '../settings.js';
export { issuesToFields, validate } from '../validate.js';
export {
  ERRATA_FORMAT,
  ERRATA_JSON,
  ErrataFormat,
  ErrataJson,
  type ErrataJsonOptions,
} from './decorators.js';
export { isHttpException, nestApiError } from './errors.js';
export { ErrataExceptionFilter } from './filter.js';
export { errataFrameworkErrors } from './framework-errors.js';
export { ErrataInterceptor } from './interceptor.js';
export { preferLocale } from './locale.js';
export { ERRATA, ErrataModule } from './module.js';
export type { ErrataNest, ErrataNestOptions } from './options.js';
export { requestIdOf } from './request.js';
export { ErrataSchemaPipe } from './schema-pipe.js';
export {
  ErrataValidationError,
  messageFields,
  type ValidationErrorLike,
  validationExceptionFactory,
  validationFields,
} from './validation.js';
