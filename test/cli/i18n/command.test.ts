/**
 * `errata i18n`: missing, marked and stale translations per locale, the exit code, JSON, and
 * the fingerprint a translation's `source` is checked against.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { I18nReport } from '../../../src/cli/i18n/report.js';
import { sourceFingerprint } from '../../../src/cli/shared/translation-status.js';
import { cli } from '../../helpers/cli.js';

const VAULT = 'examples/vault/catalog.ts';
const SHOP = 'test/cli/fixtures/i18n/shop.ts';

type Json = I18nReport & { ok: boolean };

async function json(args: string[]): Promise<{ code: number; report: Json }> {
  const run = await cli(['i18n', ...args, '--json']);
  expect(run.stderr).toBe('');
  return { code: run.code, report: JSON.parse(run.stdout) as Json };
}

/** `check code` of each finding of one locale, in report order. */
function checks(report: Json, locale: string): string[] {
  const found = report.locales.find((l) => l.locale === locale);
  return (found?.findings ?? []).map((f) => `${f.check} ${f.code ?? f.field}`);
}

const sha12 = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

/** errata's own role codes the shop catalog has (it translates none of them). */
const ROLE_CODES = [
  'invalid_request',
  'not_found',
  'method_not_allowed',
  'not_acceptable',
  'payload_too_large',
  'unsupported_media_type',
  'validation_error',
  'rate_limited',
  'quota_exceeded',
  'internal_error',
  'service_unavailable',
  'upstream_timeout',
];

describe('errata i18n', { timeout: 120_000 }, () => {
  it('passes the vault: every code translated into German and French (exit 0)', async () => {
    const run = await cli(['i18n', VAULT]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`errata i18n ${VAULT}: en (own), de, fr`);
    expect(lines).toContain('de (German): 21 of 21 codes translated');
    expect(lines).toContain('fr (French): 21 of 21 codes translated');
    // Each translation records the fingerprint of the English it was made from: current.
    expect(lines.at(-1)).toBe('Every translation is complete and current.');
    const { report } = await json([VAULT]);
    expect(report).toMatchObject({ ok: true, locale: 'en', errors: 0, warnings: 0 });
    expect(report.locales.map((l) => [l.locale, l.name, l.codes, l.translated])).toEqual([
      ['de', 'German', 21, 21],
      ['fr', 'French', 21, 21],
    ]);
    // --strict (warnings fail too) passes: a changed English message fails CI until translated.
    const strict = await json([VAULT, '--strict']);
    expect(strict.code).toBe(0);
    expect(strict.report).toMatchObject({ ok: true, errors: 0, warnings: 0 });
  });

  it('reports missing, stale, title-missing, no-source and field-missing findings (exit 1)', async () => {
    const { code, report } = await json([SHOP]);
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    expect(checks(report, 'de')).toEqual([
      'no-source item_missing',
      'stale price_changed',
      'missing coupon_expired',
      'no-source coupon_expired',
      'no-source ledger_down',
      ...ROLE_CODES.map((c) => `missing ${c}`),
    ]);
    expect(checks(report, 'fr')).toEqual([
      'title-missing cart_empty',
      'no-source cart_empty',
      'missing item_missing',
      'missing price_changed',
      'missing coupon_expired',
      'missing ledger_down',
      ...ROLE_CODES.map((c) => `missing ${c}`),
      'field-missing too_small',
    ]);
    const de = report.locales[0];
    expect([de?.translated, report.locales[1]?.translated]).toEqual([4, 1]);
    const stale = de?.findings.find((f) => f.check === 'stale');
    expect(stale).toEqual({
      check: 'stale',
      severity: 'error',
      code: 'price_changed',
      message:
        'translated from another text: the title or message changed since (source 000000000000, now c358e1e3f5cd)',
      source: '000000000000',
      current: sha12('Price changed\nThe price changed since you added the item.'),
    });
    expect(de?.findings.find((f) => f.code === 'internal_error')).toMatchObject({
      check: 'missing',
      severity: 'error',
      message: 'no title (the message of an unexposed code): clients asking for de read it in en',
    });
    expect(report.locales[1]?.findings.at(-1)).toMatchObject({
      check: 'field-missing',
      severity: 'warning',
      field: 'too_small',
    });
    // 12 role codes and coupon_expired in German, 12 and 4 more in French; one stale.
    expect([report.errors, report.warnings]).toEqual([30, 6]);
  });

  it('writes the findings as text, a section per locale and a summary', async () => {
    const run = await cli(['i18n', SHOP]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`errata i18n ${SHOP}: en (own), de, fr`);
    expect(lines).toContain('de (German): 4 of 17 codes translated');
    expect(lines).toContain(
      '  ERROR    stale      price_changed           translated from another text: the title or message changed since (source 000000000000, now c358e1e3f5cd)',
    );
    expect(lines).toContain(
      '  ERROR    missing    coupon_expired          no message: clients asking for de read it in en',
    );
    expect(lines).toContain(
      '  warning  field-missing  too_small               no message for field violations of code too_small, which another locale translates',
    );
    expect(lines.at(-1)).toBe(
      '29 missing, 1 stale, 1 title-missing, 4 no-source, 1 field-missing: 30 failing.',
    );
  });

  it('checks one locale with --locale, and refuses one the catalog does not translate into', async () => {
    const { report } = await json([SHOP, '--locale', 'FR']);
    expect(report.locales.map((l) => l.locale)).toEqual(['fr']);
    // field-missing compares with the other locales all the same.
    expect(checks(report, 'fr')).toContain('field-missing too_small');
    for (const [locale, reason] of [
      ['en', 'it has de, fr'],
      ['es', 'it has de, fr'],
    ]) {
      const run = await cli(['i18n', SHOP, '--locale', locale as string]);
      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr: `errata i18n: --locale "${locale}" is not a translation of the catalog; ${reason}\n`,
      });
    }
    const plain = await cli(['i18n', 'test/cli/fixtures/contracts/v1.ts']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('The catalog has no translations.');
    expect(plain.stdout.trimEnd().split('\n').at(-1)).toBe(
      'Every translation is complete and current.',
    );
  });

  it('fingerprints title and message: SHA-256 over title, a newline and the message, 12 hex digits', async () => {
    expect(sourceFingerprint({ title: 'Cart empty', message: 'The cart has no items.' })).toBe(
      sha12('Cart empty\nThe cart has no items.'),
    );
    expect(sha12('Cart empty\nThe cart has no items.')).toBe('0a67a8c9cc01');
    // A function message counts as its source text (see write.test.ts for a module reformatted).
    const one = new Function('d', "return 'No item ' + d.sku + '.';");
    const two = new Function('d', "return 'No item ' + d.sku +  '.';");
    const a = sourceFingerprint({ title: 'T', message: one as never });
    expect(a).toBe(sha12(`T\n${one.toString()}`));
    expect(sourceFingerprint({ title: 'T', message: two as never })).not.toBe(a);
    // The German cart_empty records the current fingerprint: no stale, no no-source finding.
    const { report } = await json([SHOP, '--locale', 'de']);
    expect(report.locales[0]?.findings.some((f) => f.code === 'cart_empty')).toBe(false);
  });

  it('has --help, and is listed by errata --help', async () => {
    const help = await cli(['i18n', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: errata i18n <catalog>/);
    expect(help.stdout).toContain('SHA-256 over title + "\\n" + message');
    expect((await cli(['--help'])).stdout).toMatch(/^ {2}i18n {6}report missing and stale/m);
    const bad = await cli(['i18n']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^errata i18n: expected <catalog>/);
  });
});
