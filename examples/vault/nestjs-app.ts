import 'reflect-metadata';
import {
  Body,
  type CanActivate,
  Controller,
  Delete,
  type DynamicModule,
  type ExecutionContext,
  Get,
  Headers,
  type INestApplication,
  Inject,
  type LoggerService,
  type LogLevel,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  Param,
  Post,
  Put,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import { APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import express from 'express';
import { idempotencyNest } from '../../src/idempotency/nestjs.js';
import { type RateLimitNest, rateLimitNest } from '../../src/rate-limit/nestjs.js';
import {
  ErrataJson,
  ErrataModule,
  ErrataSchemaPipe,
  errataFrameworkErrors,
} from '../../src/server/nestjs/index.js';
import { vaultCatalog } from './catalog.js';
import { vaultIdempotency } from './idempotency.js';
import {
  DebugController,
  type PlatformResponse,
  RATE_LIMIT,
  reply,
  VAULT,
  VERSIONS,
} from './nestjs-routes.js';
import {
  API_KEY_HEADER,
  type ListQuery,
  listQuerySchema,
  type PutSecret,
  putSecretSchema,
  type VaultAppOptions,
  VaultService,
  vaultRateLimiting,
} from './service.js';
import { type AppendVersion, appendVersionSchema, VersionLog } from './versions.js';

/** The platform under Nest: `@nestjs/platform-express` or `@nestjs/platform-fastify`. */
export type VaultNestPlatform = 'express' | 'fastify';

/** Options of the Nest vault: the shared ones, plus Nest's logger. */
export type VaultNestOptions = VaultAppOptions & {
  /**
   * Nest's `logger` option (its start-up lines and its own errors; request failures go to
   * `onError`).
   * @default false
   * @example logger: ['error', 'warn']
   */
  logger?: LoggerService | LogLevel[] | false | undefined;
};

/** A bad name (or maintenance) is reported before the body is read (on Express: see README). */
class NameFirst implements CanActivate {
  constructor(@Inject(VAULT) private readonly vault: VaultService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ params: { name: string } }>();
    this.vault.checkName(request.params.name);
    return true;
  }
}

@Controller()
class HealthController {
  constructor(@Inject(VAULT) private readonly vault: VaultService) {}

  @Get('healthz')
  health(@Res() res: PlatformResponse): void {
    reply(res, this.vault.health());
  }
}

@Controller('v1/secrets')
class SecretsController {
  constructor(
    @Inject(VAULT) private readonly vault: VaultService,
    @Inject(VERSIONS) private readonly log: VersionLog,
  ) {}

  @Get()
  list(
    @Query(new ErrataSchemaPipe(listQuerySchema)) query: ListQuery,
    @Res() res: PlatformResponse,
  ): void {
    reply(res, this.vault.list(query));
  }

  @Get(':name')
  read(@Param('name') name: string, @Res() res: PlatformResponse): void {
    reply(res, this.vault.read(name));
  }

  @Put(':name')
  @UseGuards(NameFirst)
  @ErrataJson()
  write(
    @Param('name') name: string,
    @Body(new ErrataSchemaPipe(putSecretSchema)) body: PutSecret,
    @Headers('if-match') ifMatch: string | undefined,
    @Res() res: PlatformResponse,
  ): void {
    reply(res, this.vault.write(name, body, ifMatch));
  }

  @Delete(':name')
  remove(
    @Param('name') name: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res() res: PlatformResponse,
  ): void {
    reply(res, this.vault.remove(name, ifMatch));
  }

  @Get(':name/versions')
  versions(@Param('name') name: string, @Res() res: PlatformResponse): void {
    reply(res, this.log.list(name));
  }

  @Post(':name/versions')
  @UseGuards(NameFirst)
  @ErrataJson()
  append(
    @Param('name') name: string,
    @Body(new ErrataSchemaPipe(appendVersionSchema)) body: AppendVersion,
    @Res() res: PlatformResponse,
  ): void {
    reply(res, this.log.append(name, body));
  }
}

/** The vault's module: its routes, and the rate limit as middleware on every request. */
@Module({ controllers: [HealthController, SecretsController, DebugController] })
class VaultModule implements NestModule {
  constructor(@Inject(RATE_LIMIT) private readonly limit: RateLimitNest | null) {}

  configure(consumer: MiddlewareConsumer): void {
    // Middleware, not a guard: every request counts, unknown paths included, as in the other
    // vaults; headers on every response.
    if (this.limit !== null) consumer.apply(this.limit.middleware).forRoutes('{*path}');
  }
}

function vaultModule(options: VaultNestOptions): DynamicModule {
  const vault = new VaultService({ now: options.now, maintenance: options.maintenance });
  const limits = vaultRateLimiting(options);
  // Every request counts, per known X-API-Key (else per client IP), and every address has a
  // ceiling whatever keys it sends.
  const limit =
    limits === undefined
      ? null
      : rateLimitNest(limits.limiter, {
          by: (req) => limits.identity(req.headers[API_KEY_HEADER]),
          ipCeiling: limits.ipCeiling,
        });
  // An interceptor: after the rate limiter (middleware) and guards, before pipes; on Express it
  // reads the JSON body (within the vault's 64 KB) when errata's interceptor did not yet.
  const idempotent = vaultIdempotency(options.idempotency);
  const idempotency =
    idempotent === undefined
      ? []
      : [
          {
            provide: APP_INTERCEPTOR,
            useValue: idempotencyNest({ ...idempotent, bodyLimit: 64 * 1024 }),
          },
        ];
  return {
    module: VaultModule,
    imports: [
      ErrataModule.forRoot({
        catalog: vaultCatalog,
        format: options.format ?? 'envelope',
        onError: options.onError,
        bodyLimit: 64 * 1024,
      }),
    ],
    providers: [
      { provide: VAULT, useValue: vault },
      { provide: VERSIONS, useValue: new VersionLog(vault, options.now) },
      { provide: RATE_LIMIT, useValue: limit },
      ...idempotency,
    ],
  };
}

/**
 * The vault API as a NestJS app (not yet listening) on the Express or Fastify platform, with
 * the behaviour of `createVaultApp` (errata/node): `GET /healthz`, `GET /v1/secrets`,
 * `GET|PUT|DELETE /v1/secrets/:name`, `GET|POST /v1/secrets/:name/versions`, and debug routes
 * that fail on purpose; `idempotency` (`IDEMPOTENCY`) adds Idempotency-Key on writes
 * (`idempotencyNest`).
 * @example
 * const app = await createVaultNestApp({ format: 'problem' }, 'fastify');
 * await app.listen(3000, '127.0.0.1');
 */
export async function createVaultNestApp(
  options: VaultNestOptions = {},
  platform: VaultNestPlatform = 'express',
): Promise<INestApplication> {
  const module = vaultModule(options);
  const nestOptions = { logger: options.logger ?? false, abortOnError: false, bodyParser: false };
  if (platform === 'fastify') {
    const { FastifyAdapter } = await import('@nestjs/platform-fastify');
    const adapter = new FastifyAdapter({
      // Malformed URLs answer in the vault's format with an X-Request-ID too.
      frameworkErrors: errataFrameworkErrors,
      routerOptions: {
        // The refused name of a long path is part of the error (invalid_path), not a 404.
        maxParamLength: 16_384,
        // Query parameters as node:http's vault reads them: a repeated one keeps its last value.
        querystringParser: (query: string) => Object.fromEntries(new URLSearchParams(query)),
      },
    });
    return NestFactory.create(module, adapter, nestOptions);
  }
  const { ExpressAdapter } = await import('@nestjs/platform-express');
  // Routing as errata/node does it: case-sensitive, `/a/` is not `/a`, no automatic ETags, no
  // X-Powered-By, the query as flat strings. Set before the adapter exists: Express builds its
  // router with the settings of that moment.
  const server = express();
  server.set('case sensitive routing', true);
  server.set('strict routing', true);
  server.set('etag', false);
  server.disable('x-powered-by');
  server.set('query parser', (text: string) => Object.fromEntries(new URLSearchParams(text)));
  return NestFactory.create(module, new ExpressAdapter(server), nestOptions);
}
