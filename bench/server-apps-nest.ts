/**
 * bench:server's NestJS 12 apps, on @nestjs/platform-express (`nestjs`) and
 * @nestjs/platform-fastify (`nestjs-fastify`), loaded by bench/server-apps.ts only when asked
 * for. Same two routes as the other frameworks:
 *   GET /ok   -> 200 {"status":"ok"}
 *   GET /err  -> 404, the framework's error path
 * `native` throws NotFoundException to Nest's default exception filter; `errata` throws the
 * catalog error to errata/nestjs's (ErrataModule.forRoot, which also attaches the server).
 */
import 'reflect-metadata';
import type { Server } from 'node:http';
import {
  Controller,
  type DynamicModule,
  Get,
  type INestApplication,
  NotFoundException,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ErrataModule, errataFrameworkErrors } from '../src/server/nestjs/index.js';
import { benchCatalog } from './server-catalog.js';

@Controller()
class NativeController {
  @Get('ok')
  ok() {
    return { status: 'ok' };
  }

  @Get('err')
  err(): never {
    throw new NotFoundException('Secret not found');
  }
}

@Controller()
class ErrataController {
  @Get('ok')
  ok() {
    return { status: 'ok' };
  }

  @Get('err')
  err(): never {
    throw benchCatalog.error('secret_not_found');
  }
}

const nativeModule: DynamicModule = {
  module: class NativeModule {},
  controllers: [NativeController],
};

const errataModule: DynamicModule = {
  module: class ErrataBenchModule {},
  imports: [ErrataModule.forRoot({ catalog: benchCatalog, format: 'envelope' })],
  controllers: [ErrataController],
};

type Platform = 'express' | 'fastify';

/**
 * A Nest app listening on 127.0.0.1 and a free port; resolves with its node:http server. Native
 * apps keep Nest's defaults (Express's body parser on); errata's turns it off, as errata/nestjs
 * requires, and gives Fastify errata's `frameworkErrors`, as recommended.
 */
async function nest(platform: Platform, errata: boolean): Promise<Server> {
  const module = errata ? errataModule : nativeModule;
  const options = { logger: false as const, abortOnError: false };
  let app: INestApplication;
  if (platform === 'fastify') {
    const adapter = errata
      ? new FastifyAdapter({ frameworkErrors: errataFrameworkErrors })
      : new FastifyAdapter();
    app = await NestFactory.create(module, adapter, options);
  } else {
    app = await NestFactory.create(module, new ExpressAdapter(), {
      ...options,
      ...(errata ? { bodyParser: false } : {}),
    });
  }
  await app.listen(0, '127.0.0.1');
  return app.getHttpServer() as Server;
}

/** Builders by name: `<framework> native` and `<framework> errata`. */
export const builders: Record<string, () => Promise<Server>> = {
  'nestjs native': () => nest('express', false),
  'nestjs errata': () => nest('express', true),
  'nestjs-fastify native': () => nest('fastify', false),
  'nestjs-fastify errata': () => nest('fastify', true),
};
