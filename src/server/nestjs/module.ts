import 'reflect-metadata';
import { type DynamicModule, Module } from '@nestjs/common';
import {
  APP_FILTER,
  APP_INTERCEPTOR,
  HttpAdapterHost,
  ModulesContainer,
  Reflector,
} from '@nestjs/core';
import { settingsOf } from '../settings.js';
import { ErrataExceptionFilter } from './filter.js';
import { ErrataInterceptor } from './interceptor.js';
import type { ErrataNest, ErrataNestOptions } from './options.js';
import { ErrataPlatform } from './platform.js';
import { assignRequestId, rawRequestOf } from './request.js';

/**
 * Injection token of the module's `ErrataNest` (catalog, `requestIdOf`).
 * @example constructor(@Inject(ERRATA) private readonly errata: ErrataNest) {}
 */
export const ERRATA = Symbol('errata');

/**
 * errata's Nest module. `ErrataModule.forRoot(options)` (global) registers the exception filter
 * (APP_FILTER) and the interceptor (APP_INTERCEPTOR), provides `ERRATA`, and prepares the
 * platform when the app initialises (see `ErrataNestOptions.attach`). Options are checked now:
 * a bad format, body limit or request-id option throws a TypeError at start-up.
 * @example
 * @Module({ imports: [ErrataModule.forRoot({ catalog, format: 'envelope' })], controllers: [SecretsController] })
 * class AppModule {}
 */
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest module is a class; forRoot() is Nest's convention.
export class ErrataModule {
  /**
   * The module with its providers, for `imports` of the application's root module.
   * @example ErrataModule.forRoot({ catalog, format: 'problem', onError: (err, info) => log.error({ err, ...info }) })
   */
  static forRoot(options: ErrataNestOptions = {}): DynamicModule {
    const settings = settingsOf(options);
    if (options.attach !== undefined && typeof options.attach !== 'boolean') {
      throw new TypeError('errata: attach must be a boolean.');
    }
    const attach = options.attach ?? true;
    const platform = Symbol('errata.platform');
    const errata: ErrataNest = {
      catalog: settings.catalog,
      requestIdOf: (request) => assignRequestId(settings, rawRequestOf(request)),
    };
    return {
      module: ErrataModule,
      global: true,
      providers: [
        { provide: ERRATA, useValue: errata },
        {
          provide: platform,
          useFactory: (host: HttpAdapterHost, modules: ModulesContainer) =>
            new ErrataPlatform(
              settings,
              host,
              { [Symbol.iterator]: () => modules.values() },
              attach,
            ),
          inject: [HttpAdapterHost, ModulesContainer],
        },
        {
          provide: APP_FILTER,
          useFactory: (view: ErrataPlatform) => {
            const filter = new ErrataExceptionFilter(settings, view);
            view.useFilter(filter);
            return filter;
          },
          inject: [platform],
        },
        {
          provide: APP_INTERCEPTOR,
          useFactory: (reflector: Reflector) => new ErrataInterceptor(settings, reflector),
          inject: [Reflector],
        },
      ],
      exports: [ERRATA],
    };
  }
}

// Applied as a call, not `@Module()`: errata's sources need no decorator compiler option.
Module({})(ErrataModule);
