import 'reflect-metadata';
import { Readable } from 'node:stream';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Post,
  Query,
  Res,
  StreamableFile,
  UseInterceptors,
} from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { idempotencyNest } from '../../src/idempotency/nestjs.js';
import { ErrataJson, ErrataModule } from '../../src/server/nestjs/index.js';
import { PLATFORMS, startNest } from '../server/nestjs/start.js';
import { catalog, type Effects, handlers } from './fixtures.js';
import { idempotencyCases } from './middleware-cases.js';

const EFFECTS = Symbol('effects');

/** Express's `res` or Fastify's reply: both have `header(name, value)`. */
type HeaderSetter = { header(name: string, value: string): unknown };

@Controller()
class ThingsController {
  constructor(@Inject(EFFECTS) private readonly effects: Effects) {}

  @Post('things')
  @ErrataJson()
  things(@Body() body: unknown, @Res({ passthrough: true }) res: HeaderSetter) {
    const answer = handlers.things(this.effects, body);
    for (const [name, value] of Object.entries(answer.headers)) res.header(name, value);
    return answer.body;
  }

  @Get('things')
  list() {
    return { made: this.effects.made };
  }

  @Post('missing')
  missing(): never {
    return handlers.missing(this.effects);
  }

  @Post('boom')
  boom(): never {
    return handlers.boom(this.effects);
  }

  @Post('slow')
  async slow() {
    return (await handlers.slow(this.effects)).body;
  }

  @Post('big')
  @HttpCode(200)
  big(@Query('n') n: string) {
    return handlers.big(this.effects, Number(n)).body;
  }

  @Post('stream')
  @HttpCode(200)
  stream() {
    this.effects.runs++;
    return new StreamableFile(Readable.from(['first;', 'second']), { type: 'text/plain' });
  }
}

type Options = Parameters<typeof idempotencyNest>[0];

/** The shared test app on one platform, idempotencyNest a global interceptor. */
function nestApp(
  platform: (typeof PLATFORMS)[number],
  options: Options,
  effects: Effects,
  reported: unknown[] = [],
) {
  return startNest(platform, {
    module: class IdempotentModule {},
    imports: [
      ErrataModule.forRoot({ catalog, format: 'problem', onError: (e) => reported.push(e) }),
    ],
    controllers: [ThingsController],
    providers: [
      { provide: EFFECTS, useValue: effects },
      { provide: APP_INTERCEPTOR, useValue: idempotencyNest(options) },
    ],
  });
}

for (const platform of PLATFORMS) {
  idempotencyCases(`Nest (${platform})`, async ({ options, effects }) => {
    const nest = await nestApp(platform, { catalog, ...options }, effects);
    return { url: nest.url, close: () => nest.close() };
  });
}

describe('idempotencyNest', () => {
  const post = (url: string, key: string, body: unknown) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });

  for (const platform of PLATFORMS) {
    it(`stores a streamed answer as it was written, and replays it, on ${platform}`, async () => {
      const effects: Effects = { runs: 0, made: [], gate: Promise.resolve() };
      const reported: unknown[] = [];
      const nest = await nestApp(platform, { catalog }, effects, reported);
      try {
        const first = await post(`${nest.url}/stream`, 's1', {});
        expect(await first.text()).toBe('first;second');
        const again = await post(`${nest.url}/stream`, 's1', {});
        expect(again.headers.get('idempotent-replayed')).toBe('true');
        expect(again.headers.get('content-type')).toMatch(/^text\/plain/);
        expect(await again.text()).toBe('first;second');
        expect(effects.runs).toBe(1);
        // The replay ends the request: nothing writes to the finished response after it.
        expect(reported).toEqual([]);
      } finally {
        await nest.close();
      }
    });

    it(`refuses a keyed body past bodyLimit with errata's 413 on ${platform}`, async () => {
      const effects: Effects = { runs: 0, made: [], gate: Promise.resolve() };
      const nest = await nestApp(platform, { catalog, bodyLimit: 1024 }, effects);
      try {
        const res = await post(`${nest.url}/things`, 'b1', { name: 'x'.repeat(70_000) });
        expect(res.status).toBe(413);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(effects.runs).toBe(0);
      } finally {
        await nest.close();
      }
    });
  }

  @Controller('scoped')
  @UseInterceptors(idempotencyNest({ catalog }))
  class ScopedController {
    runs = 0;

    @Post()
    @ErrataJson()
    create(@Body() body: unknown) {
      this.runs++;
      return { body, runs: this.runs };
    }
  }

  for (const platform of PLATFORMS) {
    it(`works as a controller's interceptor, after errata read the body, on ${platform}`, async () => {
      const nest = await startNest(platform, {
        module: class ScopedModule {},
        imports: [ErrataModule.forRoot({ catalog, format: 'problem', onError: () => {} })],
        controllers: [ScopedController],
      });
      try {
        const key = `scoped-${platform}`;
        const first = await post(`${nest.url}/scoped`, key, { a: 1 });
        expect(first.status).toBe(201);
        const again = await post(`${nest.url}/scoped`, key, { a: 1 });
        expect(again.headers.get('idempotent-replayed')).toBe('true');
        expect(await again.json()).toEqual(await first.json());
        expect((await post(`${nest.url}/scoped`, key, { a: 2 })).status).toBe(422);
      } finally {
        await nest.close();
      }
    });
  }

  it('checks bodyLimit at start-up', () => {
    expect(() => idempotencyNest({ catalog, bodyLimit: 0 })).toThrow(TypeError);
  });
});
