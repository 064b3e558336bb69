import 'reflect-metadata';
import type { IncomingMessage } from 'node:http';
import {
  Body,
  type CanActivate,
  Controller,
  type ExecutionContext,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ErrataJson, ErrataModule, preferLocale } from '../../../src/server/nestjs/index.js';
import { BODY_TIMEOUT_MS, localeCatalog, localeSuite } from '../locale-fixtures.js';
import { PLATFORMS, startNest } from './start.js';

// errata/nestjs on both platforms: the choice made in a Nest middleware (`app.use`: Express's
// req, or the node request under Fastify's middie), in a guard on the platform's request
// (Express's req, Fastify's FastifyRequest), or in the handler on `@Req()`.

type AnyRequest = { headers: Record<string, string | undefined> };

const userLocale = (req: AnyRequest, via: string) =>
  (req.headers['x-via'] ?? 'middleware') === via ? req.headers['x-user-locale'] : undefined;

class LocaleGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<AnyRequest>();
    const locale = userLocale(req, 'guard');
    if (locale !== undefined) preferLocale(req, locale);
    return true;
  }
}

@Controller()
class LocaleController {
  @Get('things/:id')
  thing(@Param('id') id: string, @Req() req: AnyRequest): never {
    const locale = userLocale(req, 'handler');
    if (locale !== undefined) preferLocale(req, locale);
    if (req.headers['x-forget'] !== undefined) preferLocale(req, undefined);
    throw localeCatalog.error('thing_not_found', { id });
  }

  @Post('slow/:id')
  @HttpCode(200)
  @ErrataJson()
  slow(@Body() body: unknown): unknown {
    return body;
  }

  @Get('vary/:id')
  vary(
    @Param('id') id: string,
    @Headers('x-vary') vary: string,
    @Res({ passthrough: true }) res: { header(name: string, value: string): unknown },
  ): never {
    // Express's res.header() and Fastify's reply.header() alike.
    res.header('vary', vary);
    throw localeCatalog.error('thing_not_found', { id });
  }
}

for (const platform of PLATFORMS) {
  localeSuite({
    name: `nestjs (${platform})`,
    views: ['middleware', 'guard', 'handler'],
    preferLocale,
    sample: () => ({ headers: {} }) as IncomingMessage,
    start: () =>
      startNest(
        platform,
        {
          module: class LocaleModule {},
          imports: [
            ErrataModule.forRoot({
              catalog: localeCatalog,
              format: 'envelope',
              onError: () => {},
              bodyTimeout: BODY_TIMEOUT_MS,
            }),
          ],
          controllers: [LocaleController],
          providers: [{ provide: APP_GUARD, useClass: LocaleGuard }],
        },
        (app) => {
          app.use((req: AnyRequest, _res: unknown, next: () => void) => {
            const locale = userLocale(req, 'middleware');
            if (locale !== undefined) preferLocale(req, locale);
            next();
          });
        },
      ),
  });
}
