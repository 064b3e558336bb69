import 'reflect-metadata';
import type { Server } from 'node:http';
import { Controller, Get } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../src/rate-limit/limiter.js';
import { rateLimitNest } from '../../../src/rate-limit/nestjs.js';
import { MemoryStore } from '../../../src/rate-limit/stores/memory.js';
import { ErrataModule } from '../../../src/server/nestjs/index.js';
import { rawRequest } from '../../helpers/server.js';
import { PLATFORMS, startNest } from './start.js';

@Controller()
class PingController {
  @Get('ping')
  ping() {
    return { pong: true };
  }
}

describe('ErrataModule.forRoot', () => {
  it('checks its options at start-up', () => {
    expect(() => ErrataModule.forRoot({ format: 'nope' as 'problem' })).toThrow(TypeError);
    expect(() => ErrataModule.forRoot({ bodyLimit: 0 })).toThrow(TypeError);
    expect(() => ErrataModule.forRoot({ attach: 'yes' as unknown as boolean })).toThrow(TypeError);
  });

  it("refuses Nest's Express JSON parser, which would read bodies errata must read", async () => {
    const app = await NestFactory.create(
      {
        module: class BodyParserModule {},
        imports: [ErrataModule.forRoot()],
        controllers: [PingController],
      },
      new ExpressAdapter(),
      { logger: false, abortOnError: false },
    );
    await expect(app.init()).rejects.toThrow(/bodyParser: false/);
    await app.close();
  });

  for (const platform of PLATFORMS) {
    it(`attaches the node server on ${platform}: a request Node refuses gets errata's 400`, async () => {
      const nest = await startNest(platform, {
        module: class AttachModule {},
        imports: [ErrataModule.forRoot({ format: 'problem' })],
        controllers: [PingController],
      });
      try {
        const { port } = (nest.app.getHttpServer() as Server).address() as { port: number };
        const res = await rawRequest(port, 'GET /ping HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n');
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toBe('application/problem+json');
        expect(res.headers['x-request-id']).toMatch(/^req_/);
        const ok = await fetch(`${nest.url}/ping`, { headers: { 'x-request-id': 'ping-1' } });
        expect(ok.status).toBe(200);
        expect(ok.headers.get('x-request-id')).toBe('ping-1');
      } finally {
        await nest.close();
      }
    });

    it(`answers 404 and 405 under a global prefix on ${platform}`, async () => {
      const nest = await startNest(
        platform,
        {
          module: class PrefixModule {},
          imports: [ErrataModule.forRoot({ format: 'problem' })],
          controllers: [PingController],
        },
        (app) => app.setGlobalPrefix('api'),
      );
      try {
        const missing = await fetch(`${nest.url}/api/nowhere`);
        expect(missing.status).toBe(404);
        expect(await missing.json()).toMatchObject({ code: 'not_found' });
        const wrong = await fetch(`${nest.url}/api/ping`, { method: 'DELETE' });
        expect(wrong.status).toBe(405);
        expect(wrong.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
        expect((await fetch(`${nest.url}/api/ping`)).status).toBe(200);
      } finally {
        await nest.close();
      }
    });

    it(`limits with rateLimitNest as a guard on ${platform}: headers, then a 429`, async () => {
      const limiter = createRateLimiter({
        policies: [{ name: 'api', limit: 2, window: 60 }],
        store: new MemoryStore(),
      });
      const nest = await startNest(platform, {
        module: class LimitedModule {},
        imports: [ErrataModule.forRoot({ format: 'envelope' })],
        controllers: [PingController],
        providers: [{ provide: APP_GUARD, useValue: rateLimitNest(limiter) }],
      });
      try {
        const first = await fetch(`${nest.url}/ping`);
        expect(first.status).toBe(200);
        expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
        expect((await fetch(`${nest.url}/ping`)).status).toBe(200);
        const refused = await fetch(`${nest.url}/ping`, { headers: { 'x-request-id': 'lim-1' } });
        expect(refused.status).toBe(429);
        expect(refused.headers.get('x-request-id')).toBe('lim-1');
        expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
        expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(await refused.json()).toMatchObject({
          error: { code: 'rate_limited', request_id: 'lim-1' },
        });
      } finally {
        await nest.close();
      }
    });
  }
});
