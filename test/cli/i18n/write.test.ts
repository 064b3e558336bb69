/**
 * `errata i18n --write DIR`: translation files a catalog loads as they are, missing texts filled
 * with the catalog's own marked "[translate] ", a translator's text never replaced; and the
 * staleness of a function message through a real module, reformatted.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { I18nReport } from '../../../src/cli/i18n/report.js';
import { sourceFingerprint } from '../../../src/cli/shared/translation-status.js';
import { cli } from '../../helpers/cli.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { shopCatalog } from '../fixtures/i18n/shop.js';

const SHOP = resolve('test/cli/fixtures/i18n/shop.ts');
const ERRATA = resolve('src/index.ts');
const tmp = useTempDir('errata-i18n-');

type Entry = { title?: string; message?: string; source?: string };
type LocaleFile = { errors: Record<string, Entry>; fields?: Record<string, string> };

async function readLocale(dir: string, locale: string): Promise<LocaleFile> {
  return JSON.parse(await readFile(join(dir, 'locales', `${locale}.json`), 'utf8')) as LocaleFile;
}

async function report(args: string[], cwd: string): Promise<I18nReport> {
  const run = await cli(['i18n', ...args, '--json'], cwd);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as I18nReport;
}

const own = (code: string) => sourceFingerprint(shopCatalog.get(code) as never);

/** A catalog module (at a new path each time: the loader keeps modules by path). */
let modules = 0;
async function module(dir: string, body: string): Promise<string> {
  modules += 1;
  const file = join(dir, `catalog-${modules}.ts`);
  await writeFile(
    file,
    `import { defineCatalog } from ${JSON.stringify(ERRATA)};\nimport { shopErrors } from ${JSON.stringify(SHOP)};\n${body}\n`,
  );
  return file;
}

describe('errata i18n --write', { timeout: 120_000 }, () => {
  it('writes a file per locale that the catalog loads, filling what is missing', async () => {
    const dir = tmp.dir;
    const run = await cli(['i18n', SHOP, '--write', 'locales'], dir);
    // The report is of the catalog as loaded, before the files.
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('\nwrote locales/de.json: 14 to translate added\n');
    expect(run.stdout).toContain('\nwrote locales/fr.json: 17 to translate added\n');
    const de = await readLocale(dir, 'de');
    expect(Object.keys(de.errors)).toEqual(shopCatalog.entries().map((e) => e.code));
    // A translator's texts and sources are kept as they are, a stale one too.
    expect(de.errors.cart_empty).toEqual({
      title: 'Warenkorb leer',
      message: 'Der Warenkorb ist leer.',
      source: '0a67a8c9cc01',
    });
    expect(de.errors.price_changed?.source).toBe('000000000000');
    expect(de.errors.item_missing).toEqual({
      title: 'Artikel nicht gefunden',
      message: "Kein Artikel ''{sku}'' im Katalog.",
    });
    // What is missing is the catalog's own text, marked; a code with nothing translated gets the
    // current fingerprint (a partly translated one keeps the source it had, here none).
    expect(de.errors.coupon_expired).toEqual({
      title: 'Gutschein abgelaufen',
      message: '[translate] The coupon has expired.',
    });
    expect(de.errors.not_found).toEqual({
      title: '[translate] Not found',
      message: '[translate] The requested resource was not found.',
      source: own('not_found'),
    });
    expect(de.fields).toEqual({ too_small: 'Zu klein ({path}).' });
    const fr = await readLocale(dir, 'fr');
    expect(fr.errors.cart_empty).toEqual({
      title: '[translate] Cart empty',
      message: 'Le panier est vide.',
    });
    // A message function comes out as ICU text, its details as arguments.
    expect(fr.errors.item_missing?.message).toBe('[translate] No item {sku} in the catalog.');
    expect(fr).not.toHaveProperty('fields');

    // The catalog takes the files as they are; marked texts still count as untranslated.
    const catalog = await module(
      dir,
      `import de from './locales/de.json' with { type: 'json' };
import fr from './locales/fr.json' with { type: 'json' };
export const catalog = defineCatalog({ errors: shopErrors, translations: { de, fr } });`,
    );
    const loaded = await report([catalog], dir);
    const de2 = loaded.locales[0]?.findings ?? [];
    expect(de2.find((f) => f.code === 'not_found')).toMatchObject({
      check: 'marked',
      message: 'the message is still marked "[translate] …": clients asking for de read it in en',
    });
    expect(de2.filter((f) => f.check === 'marked').map((f) => f.code)).toEqual([
      'coupon_expired',
      ...shopCatalog
        .entries()
        .filter((e) => e.base)
        .map((e) => e.code),
    ]);
    expect(de2.find((f) => f.code === 'price_changed')?.check).toBe('stale');
    const docs = await cli(['docs', catalog, '--locale', 'de'], dir);
    expect(docs.stdout).toContain('| **Not found**<br>(in English: no German translation yet)<br>');
  });

  it('is idempotent, and never replaces what a translator wrote', async () => {
    const dir = tmp.dir;
    const before = await readFile(join(dir, 'locales', 'de.json'), 'utf8');
    const again = await cli(['i18n', SHOP, '--write', 'locales', '--locale', 'de'], dir);
    expect(again.stdout).toContain('\nupdated locales/de.json: 0 to translate added\n');
    expect(await readFile(join(dir, 'locales', 'de.json'), 'utf8')).toBe(before);
    const asJson = await cli(['i18n', SHOP, '--write', 'locales', '--locale', 'de', '--json'], dir);
    expect((JSON.parse(asJson.stdout) as { written: unknown }).written).toEqual([
      {
        locale: 'de',
        file: 'locales/de.json',
        updated: true,
        added: [],
        refreshed: [],
        dropped: [],
        functions: [],
      },
    ]);

    const de = await readLocale(dir, 'de');
    de.errors.not_found = { title: 'Nicht gefunden', message: 'Nichts hier.', source: 'abc' };
    de.errors.gone_code = { title: 'Weg', message: 'Weg.' };
    await writeFile(join(dir, 'locales', 'de.json'), JSON.stringify(de));
    const edited = await cli(['i18n', SHOP, '--write', 'locales', '--locale', 'de'], dir);
    expect(edited.stdout).toContain(
      '\nupdated locales/de.json: 0 to translate added; dropped gone_code (not in the catalog)\n',
    );
    const after = await readLocale(dir, 'de');
    expect(after.errors.not_found).toEqual({
      title: 'Nicht gefunden',
      message: 'Nichts hier.',
      source: 'abc',
    });
    expect(after.errors).not.toHaveProperty('gone_code');
  });

  it('renews marked texts when the catalog changes its own', async () => {
    const dir = tmp.dir;
    const changed = await module(
      dir,
      `export const catalog = defineCatalog({
  errors: { ...shopErrors, coupon_expired: { ...shopErrors.coupon_expired, message: 'The coupon is no longer valid.' } },
});`,
    );
    const run = await cli(['i18n', changed, '--write', 'locales'], dir);
    // The catalog itself has no translations: it checks none, and writes none.
    expect(run.stdout).toContain('The catalog has no translations.');
    const withLocales = await module(
      dir,
      `import de from './locales/de.json' with { type: 'json' };
import fr from './locales/fr.json' with { type: 'json' };
export const catalog = defineCatalog({
  errors: { ...shopErrors, coupon_expired: { ...shopErrors.coupon_expired, message: 'The coupon is no longer valid.' } },
  translations: { de, fr },
});`,
    );
    const renewed = await cli(['i18n', withLocales, '--write', 'locales'], dir);
    expect(renewed.stdout).toContain(
      '\nupdated locales/de.json: 0 to translate added; 1 renewed\n',
    );
    expect(renewed.stdout).toContain(
      '\nupdated locales/fr.json: 0 to translate added; 1 renewed\n',
    );
    const fr = await readLocale(dir, 'fr');
    expect(fr.errors.coupon_expired?.message).toBe('[translate] The coupon is no longer valid.');
    expect(fr.errors.coupon_expired?.source).toBe(
      sourceFingerprint({ title: 'Coupon expired', message: 'The coupon is no longer valid.' }),
    );
    const de = await readLocale(dir, 'de');
    expect(de.errors.coupon_expired).toEqual({
      title: 'Gutschein abgelaufen',
      message: '[translate] The coupon is no longer valid.',
    });
  });

  it('refuses a file that is not a translation file (exit 2)', async () => {
    const dir = tmp.dir;
    await writeFile(join(dir, 'locales', 'fr.json'), '{ "errors": [] }');
    const run = await cli(['i18n', SHOP, '--write', 'locales', '--locale', 'fr'], dir);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'errata i18n: locales/fr.json is not a translation file: "errors" must be an object\n',
    });
    await writeFile(join(dir, 'locales', 'fr.json'), '{ "errors": ');
    const broken = await cli(['i18n', SHOP, '--write', 'locales', '--locale', 'fr'], dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^errata i18n: locales\/fr\.json is not valid JSON: /);
  });

  it("writes the vault's translations as they are; message functions stay in code", async () => {
    const dir = join(tmp.dir, 'vault');
    const run = await cli(['i18n', resolve('examples/vault/catalog.ts'), '--write', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `wrote ${dir}/de.json: 0 to translate added; left in code: version_conflict (message functions)`,
    );
    const fr = JSON.parse(await readFile(join(dir, 'fr.json'), 'utf8')) as LocaleFile;
    const given = JSON.parse(
      await readFile('examples/vault/locales/fr.json', 'utf8'),
    ) as LocaleFile;
    expect(fr).toEqual(given);
    const de = JSON.parse(await readFile(join(dir, 'de.json'), 'utf8')) as LocaleFile;
    expect(de.errors.version_conflict).toEqual({
      title: 'Versionskonflikt',
      source: 'abd715b92490',
    });
    expect(JSON.stringify(de)).not.toContain('[translate]');
  });

  it('calls a translation stale when its message function is reformatted', async () => {
    const dir = tmp.dir;
    const write = async (fn: string, source: string) => {
      modules += 1;
      const file = join(dir, `fn-${modules}.ts`);
      await writeFile(
        file,
        `import { defineCatalog } from ${JSON.stringify(ERRATA)};
export const catalog = defineCatalog({
  errors: { slow_down: { status: 429, title: 'Slow down', message: ${fn} } },
  translations: { de: { errors: { slow_down: { title: 'Langsam', message: 'In {retryAfter} s.', source: '${source}' } } } },
});
`,
      );
      const found = (await report([file], dir)).locales[0]?.findings ?? [];
      return found.filter((f) => f.code === 'slow_down');
    };
    const fn = "(_d, { retryAfter }) => 'Retry in ' + retryAfter + ' s.'";
    const first = await write(fn, '000000000000');
    expect(first.map((f) => f.check)).toEqual(['stale']);
    const current = first[0]?.current as string;
    expect(await write(fn, current)).toEqual([]);
    const reformatted = "(_d, { retryAfter }) =>\n    'Retry in ' + retryAfter + ' s.'";
    const stale = await write(reformatted, current);
    expect(stale.map((f) => [f.check, f.source])).toEqual([['stale', current]]);
  });
});
