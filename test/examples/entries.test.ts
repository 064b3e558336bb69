import { describe, expect, it } from 'vitest';
import { rawRequest } from '../helpers/server.js';
import { startVault, VAULT_FRAMEWORKS } from '../helpers/vault-process.js';

// Every entry point `npm run example:*` starts: one process (node with tsx's loader, so a signal
// reaches the server itself), the listening line, requests, a clean stop on SIGTERM.
describe.each(VAULT_FRAMEWORKS)('examples/vault/%s.ts', (entry) => {
  it('listens on PORT=0, answers in ERRATA_FORMAT, answers what the HTTP parser refuses, stops on SIGTERM', async () => {
    const run = startVault(entry, { PORT: '0', HOST: '127.0.0.1', ERRATA_FORMAT: 'problem' });
    try {
      const url = await run.listening;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(health.headers.get('x-request-id')).toMatch(/^req_/);
      const missing = await fetch(`${url}/v1/secrets/ghost`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toBe('application/problem+json');
      expect(await missing.json()).toMatchObject({ code: 'secret_not_found', status: 404 });
      // A NUL byte in a header never reaches the app: Node's parser refuses it, and the entry's
      // clientError handler answers in the vault's format with a request id.
      const refused = await rawRequest(
        Number(new URL(url).port),
        'GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: \0\r\n\r\n',
      );
      expect(refused.status).toBe(400);
      expect(refused.headers['x-request-id']).toMatch(/^req_/);
      expect(refused.headers['content-type']).toBe('application/problem+json');
      expect(JSON.parse(refused.body)).toMatchObject({ code: 'invalid_request', status: 400 });
      expect(run.stdout().match(/listening on/g)).toHaveLength(1);
    } finally {
      await run.stop();
    }
    expect(await run.exited).toBe(0);
  });

  it('refuses a bad ERRATA_FORMAT with a one-line reason', async () => {
    const run = startVault(entry, { PORT: '0', ERRATA_FORMAT: 'xml' });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain('ERRATA_FORMAT must be one of');
  });
});

describe('examples/vault/node.ts with RATE_LIMIT', () => {
  it('admits RATE_LIMIT=2/60 requests per client, then answers 429 with Retry-After', async () => {
    const run = startVault('node', {
      PORT: '0',
      HOST: '127.0.0.1',
      RATE_LIMIT: '2/60',
      API_KEYS: 'k1',
    });
    try {
      const url = await run.listening;
      const first = await fetch(`${url}/healthz`);
      expect(first.status).toBe(200);
      expect(first.headers.get('x-ratelimit-limit')).toBe('2');
      expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const third = await fetch(`${url}/healthz`);
      expect(third.status).toBe(429);
      expect(third.headers.get('retry-after')).toMatch(/^(29|30)$/);
      expect(third.headers.get('x-request-id')).toMatch(/^req_/);
      expect(await third.json()).toMatchObject({ error: { code: 'rate_limited' } });
      // Another X-API-Key has its own budget.
      const keyed = await fetch(`${url}/healthz`, { headers: { 'x-api-key': 'k1' } });
      expect(keyed.status).toBe(200);
    } finally {
      await run.stop();
    }
    expect(await run.exited).toBe(0);
  });

  it.each([
    ['RATE_LIMIT', '10 per minute', 'RATE_LIMIT must be <count>/<seconds>'],
    ['RATE_LIMIT_HEADERS', 'draft', 'RATE_LIMIT_HEADERS must be one of legacy, ietf, both'],
    ['REDIS_URL', 'http://user:hunter2@x', 'REDIS_URL must be a redis:// or rediss:// URL'],
    ['RATE_LIMIT_STORE_TIMEOUT_MS', '0', 'RATE_LIMIT_STORE_TIMEOUT_MS must be a whole number'],
    ['RATE_LIMIT_STORE_TIMEOUT_MS', '1e3', 'RATE_LIMIT_STORE_TIMEOUT_MS must be a whole number'],
  ])('refuses a bad %s with a one-line reason', async (name, value, reason) => {
    const run = startVault('node', { PORT: '0', [name]: value });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain(reason);
    expect(run.stderr()).not.toContain('hunter2');
  });
});
