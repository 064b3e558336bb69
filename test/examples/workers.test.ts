import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleProcess, startExample } from '../helpers/vault-process.js';

// errata/fetch on Cloudflare's Workers runtime: the vault bundled as a Worker module by esbuild
// (test/runtimes/vault-worker.ts) and served by workerd, the open-source runtime Workers run on.
const WORKERD = fileURLToPath(new URL('../../node_modules/.bin/workerd', import.meta.url));
const ENTRY = fileURLToPath(new URL('../runtimes/vault-worker.ts', import.meta.url));

let dir: string;
let workerd: ExampleProcess;
let url: string;

/** A port free right now (workerd takes a fixed address, not port 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        resolve(typeof address === 'object' && address !== null ? address.port : 0),
      );
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'errata-workerd-'));
  // A Worker bundle: ESM, no Node built-ins to resolve (errata/fetch imports none).
  await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['worker', 'browser'],
    outfile: join(dir, 'worker.js'),
    logLevel: 'error',
  });
  const port = await freePort();
  writeFileSync(
    join(dir, 'config.capnp'),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .vault) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const vault :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed "worker.js") ],
  compatibilityDate = "2025-06-01",
);
`,
  );
  workerd = startExample(join(dir, 'config.capnp'), {}, [WORKERD, 'serve']);
  for (let i = 0; i < 200; i++) {
    if (/Listening on/.test(workerd.stdout() + workerd.stderr())) {
      url = `http://127.0.0.1:${port}`;
      return;
    }
    if (!workerd.alive()) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`workerd did not listen:\n${workerd.stdout()}\n${workerd.stderr()}`);
}, 60_000);

afterAll(async () => {
  await workerd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('errata/fetch on workerd (the Workers runtime)', () => {
  it('answers a catalog error in the app format with a safe id echoed and rate-limit headers', async () => {
    const res = await fetch(`${url}/v1/secrets/ghost`, { headers: { 'x-request-id': 'cf-1' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-request-id')).toBe('cf-1');
    expect(res.headers.get('x-ratelimit-limit')).toBe('1000');
    expect(await res.json()).toMatchObject({
      error: { code: 'secret_not_found', request_id: 'cf-1' },
    });
  });

  it('writes, validates (422 with fields), and answers 405 with Allow', async () => {
    const put = (body: unknown) =>
      fetch(`${url}/v1/secrets/db`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await put({ value: 's3cret' })).status).toBe(201);
    const invalid = await put({ value: '' });
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toMatchObject({ error: { code: 'validation_error' } });
    const post = await fetch(`${url}/v1/secrets/db`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE, OPTIONS');
  });

  it('answers a crash with a generic 500 in problem+json on Accept, and onError hears it', async () => {
    const res = await fetch(`${url}/v1/debug/crash`, {
      headers: { accept: 'application/problem+json' },
    });
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const id = res.headers.get('x-request-id') as string;
    const text = await res.text();
    expect(text).not.toContain('hunter2');
    expect(JSON.parse(text)).toMatchObject({ code: 'internal_error', request_id: id });
    const heard = (await (await fetch(`${url}/__test/errors`)).json()) as string[];
    expect(heard.some((line) => line.startsWith(`${id}: connect ECONNREFUSED`))).toBe(true);
  });
});
