import { describe, expect, it } from 'vitest';
import { runtimeCommand } from '../helpers/runtimes.js';
import { startExample } from '../helpers/vault-process.js';

// `npm run example:bun` and `npm run example:deno`: examples/vault/fetch.ts on the runtimes' own
// servers, with the environment every entry reads. (Their HTTP parsers answer what they refuse
// themselves: no attachServer there, unlike the Node entries in entries.test.ts.)
describe.each(['bun', 'deno'] as const)('examples/vault/fetch.ts on %s', (runtime) => {
  it('listens on PORT=0, answers in ERRATA_FORMAT, limits with RATE_LIMIT, stops on SIGTERM', async () => {
    const run = startExample(
      'examples/vault/fetch.ts',
      { PORT: '0', HOST: '127.0.0.1', ERRATA_FORMAT: 'problem', RATE_LIMIT: '2/60' },
      runtimeCommand(runtime),
    );
    try {
      const url = await run.listening;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
      const missing = await fetch(`${url}/v1/secrets/ghost`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toBe('application/problem+json');
      expect(missing.headers.get('x-request-id')).toMatch(/^req_/);
      expect(missing.headers.get('x-ratelimit-remaining')).toBe('1');
      expect(await missing.json()).toMatchObject({ code: 'secret_not_found', status: 404 });
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const limited = await fetch(`${url}/healthz`);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await limited.json()).toMatchObject({ code: 'rate_limited', status: 429 });
      expect(run.stdout().match(/listening on/g)).toHaveLength(1);
    } finally {
      await run.stop();
    }
    expect(await run.exited).toBe(0);
  });

  it('refuses a bad ERRATA_FORMAT with a one-line reason', async () => {
    const run = startExample(
      'examples/vault/fetch.ts',
      { PORT: '0', ERRATA_FORMAT: 'xml' },
      runtimeCommand(runtime),
    );
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain('ERRATA_FORMAT must be one of');
  });
});
