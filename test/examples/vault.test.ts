import { type ChildProcess, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { vaultCatalog } from '../../examples/vault/catalog.js';
import { rawRequest } from '../helpers/server.js';
import { startVault } from '../helpers/vault.js';

// The vault's behaviour is pinned by the conformance suite (test/conformance/), run against every
// adapter. What stays here is specific to the node:http example: Node's own parser errors, the
// catalog, and the process `npm start` runs.

async function startNodeVault() {
  const errors: unknown[] = [];
  const server = await startVault('node', { onError: (error) => errors.push(error) });
  return { ...server, errors };
}

describe('vault: requests the HTTP parser refuses', () => {
  it('answers a NUL byte in a header and an oversized header block in the vault format', async () => {
    const vault = await startNodeVault();
    try {
      const nul = await rawRequest(
        vault.port,
        'GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: \0\r\n\r\n',
      );
      expect(nul.status).toBe(400);
      expect(nul.headers['content-type']).toBe('application/json');
      expect(nul.headers.connection).toBe('close');
      const requestId = nul.headers['x-request-id'];
      expect(requestId).toMatch(/^req_[A-Za-z0-9_-]{22}$/);
      expect(JSON.parse(nul.body)).toMatchObject({
        error: { code: 'invalid_request', request_id: requestId },
      });
      const huge = await rawRequest(
        vault.port,
        `GET /healthz HTTP/1.1\r\nHost: x\r\nCookie: ${'c'.repeat(40_000)}\r\n\r\n`,
      );
      expect(huge.status).toBe(431);
      expect(huge.headers['x-request-id']).toMatch(/^req_/);
      expect(JSON.parse(huge.body)).toMatchObject({
        error: { code: 'request_header_fields_too_large' },
      });
      expect(vault.errors).toHaveLength(0);
    } finally {
      await vault.close();
    }
  });
});

describe('vault: the catalog', () => {
  it('describes its codes in the catalog', () => {
    for (const code of ['secret_not_found', 'invalid_path', 'version_conflict', 'secret_expired']) {
      const entry = vaultCatalog.get(code);
      expect(entry?.description).not.toBe('');
      expect(entry?.category).not.toBe('general');
    }
    expect(vaultCatalog.get('secret_not_found')?.status).toBe(404);
    expect(vaultCatalog.get('secret_expired')?.status).toBe(410);
  });
});

/** Start `npm start`'s command and resolve with the URL it prints. */
function startProcess(env: Record<string, string>) {
  // One process (node with tsx's loader), not npx -> tsx -> node: a signal must reach the server
  // itself, and nothing may outlive the test.
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/vault/node.ts'], {
    cwd: new URL('../..', import.meta.url).pathname,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /^listening on (http:\/\/\S+)$/m.exec(stdout);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  return { child, listening, exited, output: () => ({ stdout, stderr }) };
}

async function stop(child: ChildProcess, exited: Promise<number | null>) {
  if (child.exitCode === null) child.kill('SIGTERM');
  return exited;
}

describe('vault: the process', () => {
  it('starts with PORT=0, prints the listening line, serves, and stops on SIGTERM', async () => {
    const run = startProcess({ PORT: '0', HOST: '127.0.0.1', ERRATA_FORMAT: 'problem' });
    try {
      const url = await run.listening;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(url).not.toMatch(/:0$/);
      const health = await fetch(`${url}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok' });
      const missing = await fetch(`${url}/v1/secrets/ghost`);
      expect(missing.headers.get('content-type')).toBe('application/problem+json');
      // node.ts attaches the clientError handler: a request Node's parser refuses is answered
      // in the vault's format too.
      const refused = await rawRequest(
        Number(new URL(url).port),
        'GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: \0\r\n\r\n',
      );
      expect(refused.status).toBe(400);
      expect(refused.headers['content-type']).toBe('application/problem+json');
      expect(refused.headers['x-request-id']).toMatch(/^req_/);
      expect(run.output().stdout.match(/listening on/g)).toHaveLength(1);
    } finally {
      await stop(run.child, run.exited);
    }
    expect(run.child.exitCode ?? run.child.signalCode).not.toBeNull();
  });

  it('refuses a bad ERRATA_FORMAT with a clear message', async () => {
    const run = startProcess({ PORT: '0', ERRATA_FORMAT: 'xml' });
    run.listening.catch(() => {});
    const code = await run.exited;
    expect(code).toBe(1);
    const { stderr, stdout } = run.output();
    expect(stderr).toContain('ERRATA_FORMAT must be one of problem, envelope, message');
    expect(stderr).toContain('"xml"');
    expect(stdout).not.toContain('listening on');
  });
});
