import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { rawRequest } from '../helpers/server.js';

// Every entry point `npm run example:*` starts: one process (node with tsx's loader, so a signal
// reaches the server itself), the listening line, a request, a clean stop on SIGTERM.
const ENTRIES = ['node', 'express', 'fastify', 'hono'] as const;

function start(entry: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', `examples/vault/${entry}.ts`], {
    cwd: new URL('../..', import.meta.url).pathname,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /^listening on (http:\/\/\S+)$/m.exec(stdout);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  return { child, listening, exited, output: () => ({ stdout, stderr }) };
}

describe.each(ENTRIES)('examples/vault/%s.ts', (entry) => {
  it('listens on PORT=0, answers in ERRATA_FORMAT, and stops on SIGTERM', async () => {
    const run = start(entry, { PORT: '0', HOST: '127.0.0.1', ERRATA_FORMAT: 'problem' });
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
      expect(run.output().stdout.match(/listening on/g)).toHaveLength(1);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGTERM');
    }
    expect(await run.exited).toBe(0);
  });

  it('refuses a bad ERRATA_FORMAT with a one-line reason', async () => {
    const run = start(entry, { PORT: '0', ERRATA_FORMAT: 'xml' });
    run.listening.catch(() => {});
    expect(await run.exited).toBe(1);
    expect(run.output().stderr).toContain('ERRATA_FORMAT must be one of');
  });
});

describe.each(ENTRIES)('examples/vault/%s.ts and requests the HTTP parser refuses', (entry) => {
  it('answers a NUL byte in a header in the vault format with a request id', async () => {
    const run = start(entry, { PORT: '0', HOST: '127.0.0.1', ERRATA_FORMAT: 'envelope' });
    try {
      const url = new URL(await run.listening);
      const answer = await rawRequest(
        Number(url.port),
        'GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: \0\r\n\r\n',
      );
      expect(answer.status).toBe(400);
      expect(answer.headers['x-request-id']).toMatch(/^req_/);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'invalid_request' } });
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGTERM');
    }
    await run.exited;
  });
});

describe('examples/vault/node.ts with RATE_LIMIT', () => {
  it('admits RATE_LIMIT=2/60 requests per client, then answers 429 with Retry-After', async () => {
    const run = start('node', { PORT: '0', HOST: '127.0.0.1', RATE_LIMIT: '2/60' });
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
      if (run.child.exitCode === null) run.child.kill('SIGTERM');
    }
    expect(await run.exited).toBe(0);
  });

  it.each([
    ['RATE_LIMIT', '10 per minute', 'RATE_LIMIT must be <count>/<seconds>'],
    ['RATE_LIMIT_HEADERS', 'draft', 'RATE_LIMIT_HEADERS must be one of legacy, ietf, both'],
    ['REDIS_URL', 'http://user:hunter2@x', 'REDIS_URL must be a redis:// or rediss:// URL'],
  ])('refuses a bad %s with a one-line reason', async (name, value, reason) => {
    const run = start('node', { PORT: '0', [name]: value });
    run.listening.catch(() => {});
    expect(await run.exited).toBe(1);
    expect(run.output().stderr).toContain(reason);
    expect(run.output().stderr).not.toContain('hunter2');
  });
});
