import { type CustomDecorator, SetMetadata } from '@nestjs/common';
import { negotiateFormat } from '../../formats/index.js';
import type { Format, FormatName } from '../../formats/types.js';
import { checkBodyLimit } from '../settings.js';

/**
 * Metadata key of `@ErrataFormat()`: the route's (or controller's) resolved Format.
 * @example reflector.getAllAndOverride(ERRATA_FORMAT, [context.getHandler(), context.getClass()])
 */
export const ERRATA_FORMAT = 'errata:format';

/**
 * Metadata key of `@ErrataJson()`: the route's JSON body options.
 * @example reflector.get(ERRATA_JSON, context.getHandler()) // { limit: undefined }
 */
export const ERRATA_JSON = 'errata:json';

/**
 * Options of `@ErrataJson()`.
 * @example @ErrataJson({ limit: 1024 })
 */
export type ErrataJsonOptions = {
  /**
   * Largest body accepted, in bytes (a positive integer); larger ones get 413. On Fastify, the
   * body was read by the platform's parser already, with the module's `bodyLimit`.
   * @default the module's `bodyLimit` (64 KiB unless set)
   * @example @ErrataJson({ limit: 1024 * 1024 })
   */
  limit?: number | undefined;
};

/**
 * Pin the wire format of the errors of a route (on a method) or of every route of a controller
 * (on the class): it wins over the app's format and `Accept`, also for the 405 of its path.
 * The format is checked now, so a wrong name fails at start-up.
 * @example @Get('legacy') @ErrataFormat('stripe') legacy() { … }
 */
export function ErrataFormat(format: FormatName | Format): CustomDecorator<string> {
  return SetMetadata(ERRATA_FORMAT, negotiateFormat({ route: format }));
}

/**
 * Require a JSON body on a route: 415 `unsupported_media_type` unless the content type is JSON
 * (UTF-8), 400 `invalid_request` when the body is empty or malformed, 413 `payload_too_large`
 * past the limit. Without it, a JSON body is still parsed (errata's safe parser) when the
 * request has one, and a route may take other content types.
 * @example @Put(':name') @ErrataJson() write(@Body(new ErrataSchemaPipe(schema)) body: Input) { … }
 */
export function ErrataJson(options: ErrataJsonOptions = {}): CustomDecorator<string> {
  if (options.limit !== undefined) checkBodyLimit(options.limit, '@ErrataJson({ limit })');
  return SetMetadata(ERRATA_JSON, { limit: options.limit });
}
