import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src/catalog-types.js';
import { type CheckReport, runCheck } from '../../../src/cli/check/run.js';
import { wireShape } from '../../../src/cli/check/wire.js';
import { type Format, formats } from '../../../src/index.js';
import { errata } from '../../../src/server/node/index.js';
import { cli } from '../../helpers/cli.js';
import { startServer } from '../../helpers/server.js';
import { catalog as custom } from '../fixtures/wire/custom.js';
import { catalog as envelope } from '../fixtures/wire/envelope-configured.js';
import { catalog as typed } from '../fixtures/wire/problem-typed.js';

const WIRE = 'test/cli/fixtures/wire';

/** Run `errata check` against an errata/node app of `catalog`, rendering in `format`. */
async function checkServer(
  catalog: Catalog,
  format: Format | undefined,
  args: string[],
): Promise<{ code: number; stdout: string; report?: CheckReport }> {
  const app = errata(format === undefined ? { catalog } : { catalog, format });
  app.route('/v1/items/:id', { PUT: async (ctx) => ({ body: await ctx.json() }) });
  const server = await startServer(app);
  try {
    const run = await cli(['check', server.url, '--route', 'PUT:/v1/items/probe', ...args]);
    expect(run.stderr).toBe('');
    return run;
  } finally {
    await server.close();
  }
}

/** Every finding as `probe: check: message`. */
const findings = (stdout: string) =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith('  '))
    .map((line) => line.trim());

// Each run sends 17 probes, one a 2 MiB body; the first loads the catalog module through jiti.
describe('errata check holds a live API to its configured format', { timeout: 120_000 }, () => {
  it("passes an API that sends the catalog's envelope (request_id renamed)", async () => {
    const run = await checkServer(envelope as Catalog, undefined, [
      '--catalog',
      `${WIRE}/envelope-configured.ts`,
    ]);
    expect(findings(run.stdout)).toEqual([]);
    expect(run.stdout).toMatch(
      /^errata check http:\/\/127\.0\.0\.1:\d+\/ \(wire envelope \{"members":\{"request_id":"requestId","doc_url":false\},"retryAfter":"retry_after"\}, catalog /,
    );
    expect(run.stdout).toContain('17 probes, 0 failed, 0 findings.');
    expect(run.code).toBe(0);
  });

  it('finds the request id under its default name when the catalog renames it', async () => {
    const run = await checkServer(envelope as Catalog, formats.envelope, [
      '--catalog',
      `${WIRE}/envelope-configured.ts`,
    ]);
    expect(run.code).toBe(1);
    expect(findings(run.stdout)).toContain(
      'unknown-path (GET /errata-check/does-not-exist): malformed-body: envelope: `error.request_id` is sent where the format names it `requestId`; `error.doc_url` is sent, though the format leaves it out',
    );
  });

  it('passes an API in a custom format, held to its parse and schema', async () => {
    const run = await checkServer(custom as Catalog, undefined, [
      '--catalog',
      `${WIRE}/custom.ts`,
      '--json',
    ]);
    const report = JSON.parse(run.stdout) as CheckReport & { ok: boolean };
    expect(report.probes.filter((p) => p.findings.length > 0)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.wire).toBe('acme');
    expect(report.probes[0]).toMatchObject({ format: 'acme', code: 'not_found', status: 404 });
    // Accept: problem+json is still answered in problem, and checked as such.
    expect(report.probes[1]).toMatchObject({ probe: 'problem-json', format: 'problem' });
  });

  it('finds bodies that are not in the custom format', async () => {
    const run = await checkServer(custom as Catalog, formats.envelope, [
      '--catalog',
      `${WIRE}/custom.ts`,
    ]);
    expect(run.code).toBe(1);
    const first = findings(run.stdout).filter((f) => f.startsWith('unknown-path '));
    expect(first).toEqual([
      'unknown-path (GET /errata-check/does-not-exist): wire-format: the body is not in the acme format (it reads as envelope)',
      'unknown-path (GET /errata-check/does-not-exist): content-type: Content-Type is application/json, not application/vnd.acme.error+json',
      'unknown-path (GET /errata-check/does-not-exist): malformed-body: acme: `fault` is missing',
    ]);
  });

  it('holds problem bodies to the type strategy: the type is the code, no code member', async () => {
    const ok = await checkServer(typed as Catalog, undefined, [
      '--catalog',
      `${WIRE}/problem-typed.ts`,
    ]);
    expect(findings(ok.stdout)).toEqual([]);
    expect(ok.code).toBe(0);
    const plain = await checkServer(typed as Catalog, formats.problem, [
      '--catalog',
      `${WIRE}/problem-typed.ts`,
    ]);
    expect(plain.code).toBe(1);
    expect(findings(plain.stdout)).toEqual(
      expect.arrayContaining([
        'unknown-path (GET /errata-check/does-not-exist): malformed-body: problem: `code` is sent, though the format leaves it out; `request_id` is sent where the format names it `requestId`',
        "unknown-path (GET /errata-check/does-not-exist): problem-type: no code with status 404 has problem type about:blank (the catalog's: vault_not_found, vault_gone, not_found)",
      ]),
    );
  });

  it('takes --wire over the catalog format, keeping its options for the same name', async () => {
    const app = errata({ catalog: envelope as Catalog });
    const server = await startServer(app);
    try {
      const base = { url: new URL(server.url), catalog: envelope as Catalog, catalogFile: 'x' };
      const options = { ...base, routes: [], headers: [], maxBody: 1024, timeoutMs: 10_000 };
      const configured = await runCheck({ ...options, wire: envelope.format });
      expect(configured.findings).toBe(0);
      const plain = await runCheck({ ...options, wire: formats.envelope });
      expect(plain.findings).toBeGreaterThan(0);
      const same = await cli([
        'check',
        server.url,
        '--catalog',
        `${WIRE}/envelope-configured.ts`,
        '--wire',
        'envelope',
      ]);
      expect(same.stdout).toContain(' 0 findings.');
    } finally {
      await server.close();
    }
  });
});

describe('wireShape under options', () => {
  it('reads renamed members and flags default names the options changed', () => {
    const format = formats.success.with({
      members: { requestId: 'request_id' },
      timestamp: 'seconds',
    });
    const body = {
      success: false,
      error: { code: 'x', message: 'y' },
      meta: { request_id: 'r', timestamp: '2025-12-14T10:30:00Z' },
    };
    expect(wireShape(format, 404, body)).toEqual({ problems: [], code: 'x', carries: true });
    const old = { ...body, meta: { requestId: 'r', timestamp: '2025-12-14T10:30:00.123Z' } };
    expect(wireShape(format, 404, old).problems).toEqual([
      '`meta.timestamp` has fractions of a second; the format sends whole seconds',
      '`meta.requestId` is sent where the format names it `request_id`',
    ]);
    const bare = formats.problem.with({ members: { code: false } });
    const blank = { type: 'about:blank', title: 'Not Found', status: 404, detail: 'x' };
    expect(wireShape(bare, 404, blank)).toEqual({
      problems: [],
      code: undefined,
      carries: false,
      type: 'about:blank',
    });
  });
});
