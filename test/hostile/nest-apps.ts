import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ErrataJson, ErrataModule } from '../../src/server/nestjs/index.js';
import type { NodeErrataOptions } from '../../src/server/node/index.js';
import type { RunningServer } from '../helpers/server.js';
import { type Platform, startNest } from '../server/nestjs/start.js';

// The hostile battery's tiny app (`GET /t` answers `ok`, `POST /echo` echoes its JSON) on
// errata/nestjs, on either platform.

@Controller()
class HostileController {
  @Get('t')
  t(): string {
    return 'ok';
  }

  @Post('echo')
  @HttpCode(200) // Nest answers a POST with 201 by default; the battery's apps echo with 200
  @ErrataJson()
  echo(@Body() body: unknown): unknown {
    return body;
  }
}

/**
 * Start the battery's app on NestJS over `platform`, with the battery's options.
 * @example const app = await startNestAdapter('fastify', OPTIONS);
 */
export async function startNestAdapter(
  platform: Platform,
  options: NodeErrataOptions,
): Promise<RunningServer> {
  const { rateLimit: _, idempotency: __, ...shared } = options;
  const nest = await startNest(platform, {
    module: class HostileModule {},
    imports: [ErrataModule.forRoot(shared)],
    controllers: [HostileController],
  });
  const port = Number(new URL(nest.url).port);
  return { url: nest.url, port, server: nest.app.getHttpServer(), close: nest.close };
}
