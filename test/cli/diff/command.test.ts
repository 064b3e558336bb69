import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../../src/cli/diff/change.js';
import { cli } from '../../helpers/cli.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const FIXTURES = 'test/cli/fixtures/contracts';
type Report = { breaking: boolean; changes: Change[] };

const tmp = useTempDir('errata-diff-');
/** Snapshots of the fixtures, taken once, so that most cases diff two JSON files. */
const lock = { break: '', compatible: '' };
beforeAll(async () => {
  lock.break = join(tmp.dir, 'v2-break.json');
  lock.compatible = join(tmp.dir, 'v2-compatible.json');
  expect((await cli(['snapshot', `${FIXTURES}/v2-break.ts`, '--out', lock.break])).code).toBe(0);
  expect(
    (await cli(['snapshot', `${FIXTURES}/v2-compatible.ts`, '--out', lock.compatible])).code,
  ).toBe(0);
}, 120_000);

const V1 = `${FIXTURES}/v1.lock.json`;

async function report(oldFile: string, newFile: string): Promise<Report & { code: number }> {
  const run = await cli(['diff', oldFile, newFile, '--format', 'json']);
  return { code: run.code, ...(JSON.parse(run.stdout) as Report) };
}

// The first load of a catalog module transpiles it and errata's sources (seconds on a busy
// machine, once a file: the process keeps them); later runs reuse them.
describe('errata diff', { timeout: 120_000 }, () => {
  it('finds no change between a catalog and its committed snapshot, either way round', async () => {
    for (const [a, b] of [
      [V1, `${FIXTURES}/v1.ts`],
      [`${FIXTURES}/v1.ts`, V1],
    ] as const) {
      const run = await cli(['diff', a, b]);
      expect(run).toEqual({ code: 0, stdout: `errata diff ${a} → ${b}: no changes\n`, stderr: '' });
    }
  });

  it('detects every kind of breaking change, and exits 1', async () => {
    const { code, breaking, changes } = await report(V1, lock.break);
    expect(code).toBe(1);
    expect(breaking).toBe(true);
    expect(changes.every((c) => c.breaking)).toBe(true);
    const seen = changes.map((c) => [c.kind, c.role ?? c.field ?? c.code]);
    expect(seen).toEqual([
      ['code-renamed', 'cart_locked'],
      ['code-removed', 'coupon_expired'],
      ['retryable-changed', 'gateway_slow'],
      ['status-changed', 'order_not_found'],
      ['details-field-required', 'details.region'],
      ['details-field-narrowed', 'details.available'],
      ['details-field-narrowed', 'details.reason'],
      ['details-field-added', 'details.restock_date'],
      ['details-field-changed', 'details.tags[]'],
      ['details-field-removed', 'details.warehouse'],
      ['details-field-narrowed', 'details.decline_code'],
      ['code-renamed', 'server_error'],
      ['role-remapped', 'internal_error'],
    ]);
    expect(changes[0]).toMatchObject({
      message: 'renamed (removed cart_locked, added basket_locked)',
      before: 'cart_locked',
      after: 'basket_locked',
    });
    expect(changes.find((c) => c.kind === 'status-changed')).toMatchObject({
      before: 404,
      after: 410,
    });
  });

  it('reports compatible changes and exits 0', async () => {
    const { code, breaking, changes } = await report(V1, lock.compatible);
    expect(code).toBe(0);
    expect(breaking).toBe(false);
    expect(changes.map((c) => [c.kind, c.field ?? c.code])).toEqual([
      ['deprecated-changed', 'cart_locked'],
      ['code-added', 'order_locked'],
      ['category-changed', 'order_not_found'],
      ['since-changed', 'order_not_found'],
      ['title-changed', 'order_not_found'],
      ['details-field-added', 'details.hint'],
      ['details-field-widened', 'details.tags[]'],
      ['details-field-reworded', 'details.warehouse'],
      ['details-field-widened', 'details.decline_code'],
    ]);
  });

  it('compares catalog modules with each other directly', async () => {
    const run = await cli(['diff', `${FIXTURES}/v1.ts`, `${FIXTURES}/v2-break.ts`]);
    expect(run.code).toBe(1);
    const fromLock = await cli(['diff', V1, lock.break]);
    expect(run.stdout.split('\n').slice(1)).toEqual(fromLock.stdout.split('\n').slice(1));
  });

  it('writes text: a summary line, then one aligned line per change', async () => {
    const { stdout } = await cli(['diff', V1, lock.break]);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      `errata diff ${V1} → ${lock.break}: 13 breaking changes, 0 compatible changes`,
    );
    expect(lines[1]).toBe('');
    expect(lines).toContain('BREAKING  order_not_found      status changed: 404 → 410');
    expect(lines).toContain(
      'BREAKING  role internal_error  remapped: server_error → unexpected_error',
    );
    expect(lines).toContain(
      'BREAKING  payment_declined     details.decline_code: type narrowed: value "fraud" removed',
    );
    const ok = await cli(['diff', V1, lock.compatible]);
    expect(ok.stdout).toContain(
      'ok        order_not_found   details.hint: optional field added (string)\n',
    );
  });

  it('writes Markdown for a pull-request comment', async () => {
    const { code, stdout } = await cli(['diff', V1, lock.break, '--format', 'markdown']);
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.slice(0, 6)).toEqual([
      '### errata diff: ❌ breaking changes',
      '',
      `\`${V1}\` → \`${lock.break}\`: 13 breaking changes, 0 compatible changes.`,
      '',
      '| | Code | Change |',
      '| --- | --- | --- |',
    ]);
    expect(lines).toContain(
      '| ❌ **breaking** | `out_of_stock` | `details.reason`: type narrowed: string → "sold_out" \\| "discontinued" |',
    );
    expect(lines).toContain(
      '| ❌ **breaking** | `cart_locked` | renamed (removed `cart_locked`, added `basket_locked`) |',
    );
    // Every row has exactly the table's three cells.
    for (const row of lines.slice(6)) expect(row.split(/(?<!\\)\|/).length).toBe(5);
    const same = await cli(['diff', V1, V1, '--format', 'markdown']);
    expect(same.stdout).toBe(
      `### errata diff: ✅ no changes\n\n\`${V1}\` → \`${V1}\`: no changes.\n`,
    );
  });

  it('writes the same bytes every time, and to --out', async () => {
    const first = await cli(['diff', V1, lock.break, '--format', 'json']);
    const second = await cli(['diff', V1, lock.break, '--format', 'json']);
    expect(second.stdout).toBe(first.stdout);
    const out = join(tmp.dir, 'report', 'diff.json');
    const written = await cli(['diff', V1, lock.break, '--format', 'json', '--out', out]);
    expect(written).toEqual({ code: 1, stdout: '', stderr: '' });
    expect(await readFile(out, 'utf8')).toBe(first.stdout);
  });

  it('picks catalogs with --export', async () => {
    const several = `${FIXTURES}/several.ts`;
    const run = await cli(['diff', several, lock.compatible, '--export', 'publicErrors']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('BREAKING  thing_missing');
    const ambiguous = await cli(['diff', several, V1]);
    expect(ambiguous.code).toBe(2);
  });

  it('exits 2 with one line on bad usage', async () => {
    const broken = join(tmp.dir, 'broken.json');
    await writeFile(broken, '{"errata": "contract/1", "codes": {');
    const wrongShape = join(tmp.dir, 'wrong-shape.json');
    await writeFile(
      wrongShape,
      JSON.stringify({
        errata: 'contract/1',
        codes: { a: { status: 'x', title: 'A', category: 'c', retryable: false, expose: true } },
        roles: {},
      }),
    );
    const otherJson = join(tmp.dir, 'package.json');
    await writeFile(otherJson, '{"name": "x"}');
    const cases: [string[], RegExp][] = [
      [['diff'], /expected <old> <new>, got 0/],
      [['diff', V1], /expected <old> <new>, got 1/],
      [['diff', V1, `${FIXTURES}/nope.json`], /no such snapshot: .*nope\.json/],
      [['diff', `${FIXTURES}/nope.ts`, V1], /no such catalog module: .*nope\.ts/],
      [['diff', broken, V1], /broken\.json is not valid JSON/],
      [
        ['diff', V1, wrongShape],
        /is not an errata snapshot: codes\.a: "status" has the wrong type/,
      ],
      [['diff', otherJson, V1], /is not an errata snapshot: "errata" must be "contract\/1"/],
      [['diff', V1, V1, '--format', 'yaml'], /--format must be one of text, json, markdown/],
      [['diff', V1, V1, '--colour'], /Unknown option '--colour'/],
    ];
    for (const [argv, reason] of cases) {
      const { code, stdout, stderr } = await cli(argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^errata diff: [^\n]+\n$/);
      expect(stderr).toMatch(reason);
    }
  });

  it('has --help that states the rules', async () => {
    const { code, stdout } = await cli(['diff', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: errata diff <old> <new>/);
    expect(stdout).toContain('Breaking (exit 1):');
  });
});
