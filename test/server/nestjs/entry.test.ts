import { describe, expect, it } from 'vitest';
import { rawRequest } from '../../helpers/server.js';
import { startExample } from '../../helpers/vault-process.js';
import { PLATFORMS } from './start.js';

// examples/vault/nestjs.ts as `npm run example:nestjs` starts it (node with tsx's loader), on
// each platform: the listening line, requests, what Node's parser refuses, a clean stop.
describe.each(PLATFORMS)('examples/vault/nestjs.ts on NEST_PLATFORM=%s', (platform) => {
  it('listens on PORT=0, answers in ERRATA_FORMAT and what the parser refuses, stops on SIGTERM', async () => {
    const run = startExample('examples/vault/nestjs.ts', {
      PORT: '0',
      HOST: '127.0.0.1',
      ERRATA_FORMAT: 'problem',
      NEST_PLATFORM: platform,
      RATE_LIMIT: '5/60',
    });
    try {
      const url = await run.listening;
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(health.headers.get('x-request-id')).toMatch(/^req_/);
      expect(health.headers.get('x-ratelimit-limit')).toBe('5');
      const missing = await fetch(`${url}/v1/secrets/ghost`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toBe('application/problem+json');
      expect(await missing.json()).toMatchObject({ code: 'secret_not_found', status: 404 });
      const refused = await rawRequest(
        Number(new URL(url).port),
        'GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: \0\r\n\r\n',
      );
      expect(refused.status).toBe(400);
      expect(refused.headers['x-request-id']).toMatch(/^req_/);
      expect(refused.headers['content-type']).toBe('application/problem+json');
      expect(run.stdout().match(/listening on/g)).toHaveLength(1);
    } finally {
      await run.stop();
    }
    expect(await run.exited).toBe(0);
  });
});

it('refuses NEST_PLATFORM other than express or fastify with a one-line reason', async () => {
  const run = startExample('examples/vault/nestjs.ts', { PORT: '0', NEST_PLATFORM: 'koa' });
  expect(await run.exited).toBe(1);
  expect(run.stderr()).toContain('NEST_PLATFORM must be express or fastify');
});
