import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleProcess, startExample } from '../helpers/vault-process.js';

// A Next.js App Router route handler on errata/fetch (`wrap`), built with `next build` and served
// by `next start`: test/fixtures/next-app/app/api/secrets/[name]/route.ts, importing errata's
// build (dist/) as an app imports the package.
const NEXT = fileURLToPath(new URL('../../node_modules/next/dist/bin/next', import.meta.url));
const APP = 'test/fixtures/next-app';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let next: ExampleProcess;
let url: string;

beforeAll(async () => {
  const build = spawnSync(process.execPath, [NEXT, 'build', APP], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    timeout: 170_000,
  });
  if (build.status !== 0) throw new Error(`next build failed:\n${build.stdout}\n${build.stderr}`);
  next = startExample(APP, { NEXT_TELEMETRY_DISABLED: '1' }, [
    process.execPath,
    NEXT,
    'start',
    '-p',
    '0',
    '-H',
    '127.0.0.1',
  ]);
  for (let i = 0; i < 300; i++) {
    const found = /Local:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(next.stdout())?.[1];
    if (found !== undefined) {
      url = found;
      return;
    }
    if (!next.alive()) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`next start did not listen:\n${next.stdout()}\n${next.stderr()}`);
}, 180_000);

afterAll(async () => {
  await next?.stop();
});

describe('a Next.js route handler wrapped by errata/fetch (next build, next start)', () => {
  it("answers the handler's success with an X-Request-ID", async () => {
    const res = await fetch(`${url}/api/secrets/db`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await res.json()).toEqual({ name: 'db', value: 's3cret' });
  });

  it('renders a thrown catalog error in the app format, echoing a safe request id', async () => {
    const res = await fetch(`${url}/api/secrets/ghost`, { headers: { 'x-request-id': 'next-1' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-request-id')).toBe('next-1');
    expect(await res.json()).toEqual({
      error: {
        code: 'secret_not_found',
        message: 'No secret is stored under that name.',
        request_id: 'next-1',
      },
    });
  });

  it('negotiates problem+json and replaces an unsafe request id', async () => {
    const res = await fetch(`${url}/api/secrets/ghost`, {
      headers: { accept: 'application/problem+json', 'x-request-id': 'bad id\u00e9' },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^req_/);
    expect(await res.json()).toMatchObject({ code: 'secret_not_found', request_id: id });
  });

  it('answers a crash with a generic 500 and leaks nothing; onError gets the original', async () => {
    const res = await fetch(`${url}/api/secrets/db`, {
      method: 'PUT',
      headers: { 'x-crash': '1' },
    });
    expect(res.status).toBe(500);
    const id = res.headers.get('x-request-id') as string;
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: 'internal_error', message: 'Internal error', request_id: id },
    });
    expect(text).not.toContain('hunter2');
    for (let i = 0; i < 50 && !next.stderr().includes(`[${id}]`); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(next.stderr()).toContain(`[${id}] Error: db password is hunter2`);
  });

  it('runs a write through', async () => {
    const res = await fetch(`${url}/api/secrets/api-key`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: 'k' }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
  });
});
