import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { errataFrameworkErrors } from '../../../src/server/nestjs/index.js';

/** The platforms every Nest test runs on. */
export const PLATFORMS = ['express', 'fastify'] as const;

export type Platform = (typeof PLATFORMS)[number];

/** A Nest app listening on 127.0.0.1 and a port the OS picked. */
export type RunningNest = { url: string; app: INestApplication; close(): Promise<void> };

/**
 * Create a Nest app of `module` on a platform (Nest's body parser off, logger off) and listen
 * on 127.0.0.1:0.
 * @example const nest = await startNest('fastify', AppModule); await nest.close();
 */
export async function startNest(
  platform: Platform,
  module: Type<unknown> | DynamicModule,
  setup?: (app: INestApplication) => void,
): Promise<RunningNest> {
  const options = { logger: false as const, abortOnError: false, bodyParser: false };
  const app =
    platform === 'fastify'
      ? await NestFactory.create(
          module,
          new FastifyAdapter({ frameworkErrors: errataFrameworkErrors }),
          options,
        )
      : await NestFactory.create(module, new ExpressAdapter(), options);
  setup?.(app);
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as Server;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    close: async () => {
      server.closeAllConnections();
      await app.close();
    },
  };
}
