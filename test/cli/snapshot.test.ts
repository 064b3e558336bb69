import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Snapshot, snapshotProblem } from '../../src/cli/shared/contract.js';
import { cli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

const FIXTURES = 'test/cli/fixtures/contracts';
const tmp = useTempDir('errata-snapshot-');

// The first run loads a catalog module and errata's sources through jiti (seconds on a busy
// machine); the process keeps them, so later runs of the same module cost nothing.
describe('errata snapshot', { timeout: 120_000 }, () => {
  it('writes the same bytes on every run, to stdout and to --out', async () => {
    const first = await cli(['snapshot', `${FIXTURES}/v1.ts`]);
    const second = await cli(['snapshot', `${FIXTURES}/v1.ts`]);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    expect(second.stdout).toBe(first.stdout);
    const out = join(tmp.dir, 'nested', 'errors.lock.json');
    const written = await cli(['snapshot', `${FIXTURES}/v1.ts`, '--out', out]);
    expect(written).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await readFile(out, 'utf8')).toBe(first.stdout);
    expect(first.stdout.endsWith('}\n')).toBe(true);
    expect(first.stdout).toMatch(/^\{\n {2}"errata": "contract\/2",\n {2}"format": \{\n/);
  });

  it("records the vault example's codes, statuses, retryability, details and roles, sorted", async () => {
    const { code, stdout } = await cli(['snapshot', 'examples/vault/catalog.ts']);
    expect(code).toBe(0);
    const snap = JSON.parse(stdout) as Snapshot;
    expect(snapshotProblem(snap)).toBeUndefined();
    const codes = Object.keys(snap.codes);
    expect(codes).toEqual([...codes].sort());
    expect(codes).toEqual(
      expect.arrayContaining(['secret_not_found', 'maintenance_mode', 'not_found']),
    );
    expect(snap.codes.maintenance_mode).toEqual({
      status: 503,
      title: 'Maintenance in progress',
      category: 'availability',
      retryable: true,
      expose: false,
      type: 'https://vault.example.com/errors/maintenance_mode',
    });
    expect(snap.format).toEqual({
      name: 'problem',
      contentType: 'application/problem+json',
      options: {},
    });
    expect(snap.codes.secret_not_found?.details).toEqual({
      type: 'object',
      properties: { name: { type: 'string' } },
      required: ['name'],
    });
    expect(snap.codes.version_conflict?.details).toMatchObject({
      properties: { current_version: { type: 'integer' } },
    });
    expect(snap.roles).toMatchObject({
      internal_error: 'internal_error',
      rate_limited: 'rate_limited',
    });
    expect(Object.keys(snap.roles)).toEqual(Object.keys(snap.roles).sort());
  });

  it('records a role mapped to a catalog code, and since/deprecated only when set', async () => {
    const v1 = JSON.parse((await cli(['snapshot', `${FIXTURES}/v1.ts`])).stdout) as Snapshot;
    expect(v1.roles.internal_error).toBe('server_error');
    expect(v1.codes.cart_locked).not.toHaveProperty('deprecated');
    const v2 = JSON.parse(
      (await cli(['snapshot', `${FIXTURES}/v2-compatible.ts`])).stdout,
    ) as Snapshot;
    expect(v2.codes.cart_locked?.deprecated).toBe('use order_locked');
    expect(v2.codes.order_not_found?.since).toBe('2025-01-01');
  });

  it('records a details schema it cannot convert as {} with a note', async () => {
    const { stdout } = await cli(['snapshot', `${FIXTURES}/valibot.ts`]);
    const snap = JSON.parse(stdout) as Snapshot;
    expect(snap.codes.file_too_big?.details).toEqual({});
    expect(snap.codes.file_too_big?.detailsNote).toMatch(/^not convertible: .*valibot/);
  });

  it('picks one of several catalogs with --export, and asks for it otherwise', async () => {
    const picked = await cli(['snapshot', `${FIXTURES}/several.ts`, '--export', 'adminErrors']);
    expect(picked.code).toBe(0);
    expect((JSON.parse(picked.stdout) as Snapshot).codes.thing_missing?.status).toBe(410);
    const ambiguous = await cli(['snapshot', `${FIXTURES}/several.ts`]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/several catalogs \(adminErrors, publicErrors\).*--export/);
    const wrong = await cli(['snapshot', `${FIXTURES}/several.ts`, '--export', 'nope']);
    expect(wrong.code).toBe(2);
  });

  it("records the catalog's configured format, each code's problem type, and reported codes", async () => {
    const { stdout } = await cli(['snapshot', 'test/cli/fixtures/wire/envelope-configured.ts']);
    const snap = JSON.parse(stdout) as Snapshot;
    expect(snapshotProblem(snap)).toBeUndefined();
    // Options are written with sorted keys: the same options always give the same bytes.
    expect(stdout).toContain(
      '"options": {\n      "members": {\n        "doc_url": false,\n        "request_id": "requestId"\n      },\n      "retryAfter": "retry_after"\n    }',
    );
    expect(snap.format).toEqual({
      name: 'envelope',
      contentType: 'application/json',
      options: { members: { doc_url: false, request_id: 'requestId' }, retryAfter: 'retry_after' },
    });
    expect(snap.codes.webhook_failed).toMatchObject({ status: 502, reported: true });
    expect(snap.codes.secret_not_found).not.toHaveProperty('reported');
    const bare = JSON.parse(
      (await cli(['snapshot', 'test/cli/fixtures/wire/problem-bare.ts'])).stdout,
    ) as Snapshot;
    expect(bare.codes.resource_limit_exceeded?.type).toBe('resource_limit_exceeded');
    expect(bare.codes.vault_not_found?.type).toBe('about:blank');
    const typed = JSON.parse(
      (await cli(['snapshot', 'test/cli/fixtures/wire/problem-typed.ts'])).stdout,
    ) as Snapshot;
    expect(typed.codes.vault_gone?.type).toBe('vault_gone');
  });

  it("records a custom format's body schema, and --wire records a built-in instead", async () => {
    const custom = JSON.parse(
      (await cli(['snapshot', 'test/cli/fixtures/wire/custom.ts'])).stdout,
    ) as Snapshot;
    expect(custom.format).toEqual({
      name: 'acme',
      contentType: 'application/vnd.acme.error+json',
      schema: {
        type: 'object',
        required: ['fault'],
        properties: {
          fault: {
            type: 'object',
            required: ['id', 'text'],
            properties: {
              id: { type: 'string' },
              text: { type: 'string' },
              ref: { type: 'string' },
            },
          },
        },
      },
    });
    const wire = await cli(['snapshot', 'test/cli/fixtures/wire/custom.ts', '--wire', 'stripe']);
    expect((JSON.parse(wire.stdout) as Snapshot).format).toEqual({
      name: 'stripe',
      contentType: 'application/json',
      options: {},
    });
  });

  it('still reads contract/1 files, and refuses a malformed format', async () => {
    const legacy = JSON.parse(await readFile(`${FIXTURES}/v1.lock.json`, 'utf8')) as Snapshot;
    expect(legacy.errata).toBe('contract/1');
    expect(snapshotProblem(legacy)).toBeUndefined();
    const format = { name: 'problem', contentType: 'application/problem+json', options: {} };
    const current = { errata: 'contract/2', format, codes: {}, roles: {} };
    expect(snapshotProblem(current)).toBeUndefined();
    expect(snapshotProblem({ ...current, errata: 'contract/3' })).toMatch(
      /"contract\/1" or "contract\/2"/,
    );
    expect(snapshotProblem({ ...current, format: { name: 'problem' } })).toBe(
      'format: "contentType" is missing',
    );
    expect(snapshotProblem({ ...current, format: { ...format, schema: {} } })).toBe(
      'format: has both "options" and "schema"',
    );
    expect(
      snapshotProblem({ ...current, codes: { a: { ...legacy.codes.gateway_slow, type: 1 } } }),
    ).toMatch(/^codes\.a: "type" has the wrong type/);
  });

  it('exits 2 with one line on bad usage', async () => {
    for (const argv of [
      ['snapshot'],
      ['snapshot', 'a.ts', 'b.ts'],
      ['snapshot', `${FIXTURES}/missing.ts`],
      ['snapshot', `${FIXTURES}/v1.ts`, '--format', 'yaml'],
    ]) {
      const { code, stdout, stderr } = await cli(argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^errata snapshot: [^\n]+\n$/);
    }
  });

  it('has --help', async () => {
    const { code, stdout } = await cli(['snapshot', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: errata snapshot <catalog>/);
  });
});
