import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { from, type Observable, switchMap } from 'rxjs';
import type { Format } from '../../formats/types.js';
import type { Settings } from '../settings.js';
import { jsonBody } from './body.js';
import { ERRATA_FORMAT, ERRATA_JSON, type ErrataJsonOptions } from './decorators.js';
import { assignRequestId, pinFormat, rawRequestOf, rawResponseOf } from './request.js';

/**
 * errata's global interceptor for Nest (registered by `ErrataModule.forRoot()`), run for every
 * route after its guards: sets the request id (when the server is not attached, where it is set
 * before Nest sees the request), pins the route's `@ErrataFormat()` for its errors, and reads
 * the JSON body (`@ErrataJson()` routes require one) before the pipes see `@Body()`.
 * @example new ErrataInterceptor(settings, reflector) // ErrataModule does this
 */
export class ErrataInterceptor implements NestInterceptor {
  readonly #settings: Settings;
  readonly #reflector: Reflector;

  constructor(settings: Settings, reflector: Reflector) {
    this.#settings = settings;
    this.#reflector = reflector;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<unknown>();
    const req = rawRequestOf(request);
    assignRequestId(this.#settings, req, rawResponseOf(http.getResponse<unknown>()));
    const targets = [context.getHandler(), context.getClass()];
    const format = this.#reflector.getAllAndOverride<Format | undefined>(ERRATA_FORMAT, targets);
    if (format !== undefined) pinFormat(req, format);
    const json = this.#reflector.getAllAndOverride<ErrataJsonOptions | undefined>(
      ERRATA_JSON,
      targets,
    );
    const pending = jsonBody(this.#settings, request, json);
    if (pending === undefined) return next.handle();
    return from(pending).pipe(switchMap(() => next.handle()));
  }
}
