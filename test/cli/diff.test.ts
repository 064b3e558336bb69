import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractEntry, Snapshot } from '../../src/cli/contract.js';
import { type Change, diffSnapshots } from '../../src/cli/diff-report.js';
import type { JsonSchema } from '../../src/cli/json-schema.js';
import { cli } from '../helpers/cli.js';

const FIXTURES = 'test/cli/fixtures/diff';
type Report = { breaking: boolean; changes: Change[] };

let dir: string;
/** Snapshots of the fixtures, taken once: reading JSON is much faster than loading a module. */
const lock = { break: '', compatible: '' };
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'errata-diff-'));
  lock.break = join(dir, 'v2-break.json');
  lock.compatible = join(dir, 'v2-compatible.json');
  expect((await cli(['snapshot', `${FIXTURES}/v2-break.ts`, '--out', lock.break])).code).toBe(0);
  expect(
    (await cli(['snapshot', `${FIXTURES}/v2-compatible.ts`, '--out', lock.compatible])).code,
  ).toBe(0);
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const V1 = `${FIXTURES}/v1.lock.json`;

async function report(oldFile: string, newFile: string): Promise<Report & { code: number }> {
  const run = await cli(['diff', oldFile, newFile, '--format', 'json']);
  return { code: run.code, ...(JSON.parse(run.stdout) as Report) };
}

// Loading a catalog module transpiles it and errata's sources; a busy machine takes seconds.
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
    const out = join(dir, 'report', 'diff.json');
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
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"errata": "contract/1", "codes": {');
    const wrongShape = join(dir, 'wrong-shape.json');
    await writeFile(
      wrongShape,
      JSON.stringify({
        errata: 'contract/1',
        codes: { a: { status: 'x', title: 'A', category: 'c', retryable: false, expose: true } },
        roles: {},
      }),
    );
    const otherJson = join(dir, 'package.json');
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

describe('diffSnapshots', () => {
  const entry = (extra: Partial<ContractEntry> = {}): ContractEntry => ({
    status: 404,
    title: 'Thing missing',
    category: 'not_found',
    retryable: false,
    expose: true,
    ...extra,
  });
  const snap = (
    codes: Record<string, ContractEntry>,
    roles: Record<string, string> = {},
  ): Snapshot => ({
    errata: 'contract/1',
    codes,
    roles,
  });
  const kinds = (before: Snapshot, after: Snapshot) =>
    diffSnapshots(before, after).map(
      (c) => `${c.breaking ? '!' : ''}${c.kind} ${c.role ?? c.field ?? c.code}`,
    );
  const obj = (
    properties: Record<string, JsonSchema>,
    required: string[] = Object.keys(properties),
  ) => ({
    type: 'object',
    properties,
    required,
  });
  const details = (before: JsonSchema, after: JsonSchema) =>
    diffSnapshots(snap({ a: entry({ details: before }) }), snap({ a: entry({ details: after }) }));

  it('treats exposure turned off as breaking, and turned on as compatible', () => {
    expect(kinds(snap({ a: entry() }), snap({ a: entry({ expose: false }) }))).toEqual([
      '!expose-changed a',
    ]);
    expect(kinds(snap({ a: entry({ expose: false }) }), snap({ a: entry() }))).toEqual([
      'expose-changed a',
    ]);
  });

  it('treats details removed as breaking and details added as compatible', () => {
    const schema = obj({ id: { type: 'string' } });
    expect(kinds(snap({ a: entry({ details: schema }) }), snap({ a: entry() }))).toEqual([
      '!details-removed a',
    ]);
    expect(kinds(snap({ a: entry() }), snap({ a: entry({ details: schema }) }))).toEqual([
      'details-added a',
    ]);
  });

  it('flags details it cannot compare for a person, without calling them breaking', () => {
    const before = snap({ a: entry({ details: {}, detailsNote: 'not convertible' }) });
    const after = snap({ a: entry({ details: obj({ id: { type: 'string' } }) }) });
    expect(kinds(before, after)).toEqual(['details-not-comparable a']);
  });

  it('reports roles removed (breaking), added and remapped', () => {
    const codes = { a: entry(), b: entry() };
    expect(kinds(snap(codes, { x: 'a', y: 'a' }), snap(codes, { x: 'b', z: 'a' }))).toEqual([
      '!role-remapped x',
      '!role-removed y',
      'role-added z',
    ]);
  });

  it('takes a code respelt as a rename, even when more than its spelling changed', () => {
    const before = snap({ secret_not_found: entry() });
    const after = snap({
      SECRET_NOT_FOUND: entry({ status: 410 }),
      other_thing: entry({ status: 410 }),
    });
    expect(diffSnapshots(before, after).map((c) => c.message)).toEqual([
      'renamed (removed secret_not_found, added SECRET_NOT_FOUND)',
      'added (410 Thing missing)',
    ]);
  });

  it('does not guess a rename when several added codes look alike', () => {
    const before = snap({ gone: entry() });
    const after = snap({ one: entry(), two: entry() });
    expect(kinds(before, after)).toEqual([
      '!code-removed gone',
      'code-added one',
      'code-added two',
    ]);
  });

  it('reads a required field made optional as breaking: clients may not get it', () => {
    const changes = details(obj({ id: { type: 'string' } }), obj({ id: { type: 'string' } }, []));
    expect(changes.map((c) => [c.kind, c.breaking, c.message])).toEqual([
      ['details-field-optional', true, 'details.id: now optional, so clients may not get it'],
    ]);
  });

  it('walks nested objects and array items down to the field', () => {
    const before = obj({ user: obj({ id: { type: 'string' }, name: { type: 'string' } }) });
    const after = obj({ user: obj({ id: { type: 'integer' } }) });
    expect(details(before, after).map((c) => c.message)).toEqual([
      'details.user.id: type changed: string → integer',
      'details.user.name: field removed (was string)',
    ]);
    const list = (items: JsonSchema) => obj({ items: { type: 'array', items } });
    const changes = details(
      list(obj({ qty: { type: 'number' } })),
      list(obj({ qty: { type: 'integer' } })),
    );
    expect(changes.map((c) => c.message)).toEqual([
      'details.items[].qty: type narrowed: number → integer',
    ]);
  });

  it('names the keywords when only constraints changed, and sees a closed object as narrower', () => {
    const limited = (maxLength: number) => obj({ name: { type: 'string', maxLength } });
    expect(details(limited(10), limited(5)).map((c) => c.message)).toEqual([
      'details.name: type narrowed: string (maxLength 10 → 5)',
    ]);
    expect(details(limited(5), limited(10)).map((c) => c.breaking)).toEqual([false]);
    const open = obj({ id: { type: 'string' } });
    const closed = { ...open, additionalProperties: false };
    expect(details(open, closed).map((c) => [c.kind, c.breaking])).toEqual([
      ['details-field-narrowed', true],
    ]);
  });

  it('sees a union member removed as narrowed and nullable added as widened', () => {
    const field = (type: JsonSchema) => obj({ v: type });
    const union = { anyOf: [{ type: 'string' }, { type: 'number' }] };
    expect(
      details(field(union), field({ type: 'string' })).map((c) => [c.kind, c.breaking]),
    ).toEqual([['details-field-narrowed', true]]);
    expect(
      details(field({ type: 'string' }), field({ type: ['string', 'null'] })).map((c) => c.message),
    ).toEqual(['details.v: type widened: string → string | null']);
  });

  it('sorts breaking changes first, then by code, role and field', () => {
    const before = snap({ b: entry(), a: entry({ retryable: true }), c: entry() }, { r: 'c' });
    const after = snap(
      { b: entry({ title: 'New' }), a: entry(), d: entry({ status: 500 }) },
      { r: 'b' },
    );
    expect(kinds(before, after)).toEqual([
      '!retryable-changed a',
      '!code-removed c',
      '!role-remapped r',
      'title-changed b',
      'code-added d',
    ]);
  });
});
