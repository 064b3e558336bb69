import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Change } from '../../../src/cli/diff/change.js';
import { cli } from '../../helpers/cli.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const WIRE = 'test/cli/fixtures/wire';
const tmp = useTempDir('errata-diff-wire-');

type Report = { breaking: boolean; changes: Change[] };

// The first run loads the fixture modules and errata's sources through jiti (seconds on a busy
// machine); the process keeps them for the others.
describe('errata diff on the wire contract', { timeout: 120_000 }, () => {
  it('reports a moved typeBase as breaking, in text and JSON (it passed as "no changes")', async () => {
    const run = await cli(['diff', `${WIRE}/typebase-v1.ts`, `${WIRE}/typebase-v2.ts`]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^BREAKING {2}vault_not_found +problem type changed: https:\/\/api\.example\.com\/errors\/vault_not_found → https:\/\/errors\.example\.com\/vault_not_found, so clients branching on type miss it$/m,
    );
    // The code with a type of its own keeps it.
    expect(run.stdout).not.toContain('resource_limit_exceeded');
    const json = await cli([
      'diff',
      `${WIRE}/typebase-v1.ts`,
      `${WIRE}/typebase-v2.ts`,
      '--format',
      'json',
    ]);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.breaking).toBe(true);
    expect(report.changes).toContainEqual({
      kind: 'type-changed',
      code: 'vault_not_found',
      breaking: true,
      severity: 'breaking',
      message: expect.stringContaining('problem type changed'),
      before: 'https://api.example.com/errors/vault_not_found',
      after: 'https://errors.example.com/vault_not_found',
    });
  });

  it('reports renamed and dropped members of the format, and added ones as compatible', async () => {
    const args = ['diff', `${WIRE}/envelope-configured.ts`, `${WIRE}/envelope-default.ts`];
    const text = await cli(args);
    expect(text.code).toBe(1);
    expect(text.stdout.split('\n').slice(2)).toEqual([
      'BREAKING  wire format  member error.requestId renamed to error.request_id',
      'BREAKING  wire format  member error.retry_after left out of every body, so clients reading it get nothing',
      'ok        wire format  member error.doc_url added',
      '',
    ]);
    expect(text.stdout).toMatch(/: 2 breaking changes, 1 compatible change\n/);
    const json = JSON.parse((await cli([...args, '--format', 'json'])).stdout) as Report;
    expect(json.changes[0]).toEqual({
      kind: 'format-member-renamed',
      member: 'error.requestId',
      breaking: true,
      severity: 'breaking',
      message: 'member error.requestId renamed to error.request_id',
      before: 'error.requestId',
      after: 'error.request_id',
    });
    const markdown = (await cli([...args, '--format', 'markdown'])).stdout;
    expect(markdown).toContain(
      '| ❌ **breaking** | wire format | member `error.requestId` renamed to `error.request_id` |',
    );
  });

  it('compares a snapshot with the format it recorded, and a module in the --wire one', async () => {
    const lock = join(tmp.dir, 'errors.lock.json');
    const written = await cli(['snapshot', `${WIRE}/envelope-configured.ts`, '--out', lock]);
    expect(written.code).toBe(0);
    const same = await cli(['diff', lock, `${WIRE}/envelope-configured.ts`]);
    expect(same.stdout).toMatch(/: no changes\n$/);
    expect(same.code).toBe(0);
    const switched = await cli([
      'diff',
      lock,
      `${WIRE}/envelope-configured.ts`,
      '--wire',
      'problem',
    ]);
    expect(switched.code).toBe(1);
    expect(switched.stdout).toContain(
      'BREAKING  wire format  wire format switched: envelope → problem, so clients read every error body differently',
    );
    const bad = await cli(['diff', lock, lock, '--wire', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^errata diff: --wire must be one of problem, envelope/);
  });

  it('documents the wire rules in --help', async () => {
    const { stdout } = await cli(['diff', '--help']);
    expect(stdout).toContain('--wire FORMAT');
    expect(stdout).toMatch(/a code's problem type URI changed/);
    expect(stdout).toMatch(/contract\/1 snapshot records no format/);
  });
});
