/**
 * The languages of a catalog in its snapshot (`locales`: its own, and per translation the codes
 * left in its own language), and what `errata diff` makes of their changes: a translation
 * removed is a warning, not a break; one added is compatible; an old snapshot without
 * `locales` is unknown, not "no translations".
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Change } from '../../../src/cli/diff/change.js';
import { diffSnapshots } from '../../../src/cli/diff/report.js';
import { type Snapshot, snapshotProblem } from '../../../src/cli/shared/contract.js';
import { cli } from '../../helpers/cli.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const VAULT = 'examples/vault/catalog.ts';
const SHOP = 'test/cli/fixtures/i18n/shop.ts';
const tmp = useTempDir('errata-diff-locales-');

async function snapshot(file: string): Promise<Snapshot> {
  const run = await cli(['snapshot', file]);
  expect([run.code, run.stderr]).toEqual([0, '']);
  return JSON.parse(run.stdout) as Snapshot;
}

const kinds = (changes: Change[]) =>
  changes.map((c) => `${c.severity} ${c.kind} ${c.locale ?? c.code ?? ''}`);

/** The vault's snapshot with its languages changed by `edit`. */
function edited(base: Snapshot, edit: (locales: NonNullable<Snapshot['locales']>) => void) {
  const copy = structuredClone(base);
  if (copy.locales !== undefined) edit(copy.locales);
  return copy;
}

describe('locales in snapshots and diffs', { timeout: 120_000 }, () => {
  it("records the catalog's own locale and each translation's coverage", async () => {
    const vault = await snapshot(VAULT);
    expect(vault.locales).toEqual({
      own: 'en',
      translations: {
        de: { translated: 21, missing: [] },
        fr: { translated: 21, missing: [] },
      },
    });
    const shop = await snapshot(SHOP);
    expect(shop.locales?.translations.de).toEqual({
      translated: 4,
      missing: [
        'coupon_expired',
        'internal_error',
        'invalid_request',
        'method_not_allowed',
        'not_acceptable',
        'not_found',
        'payload_too_large',
        'quota_exceeded',
        'rate_limited',
        'service_unavailable',
        'unsupported_media_type',
        'upstream_timeout',
        'validation_error',
      ],
    });
    expect(shop.locales?.translations.fr?.translated).toBe(1);
    // A catalog without translations records its own language, and none besides.
    const plain = await snapshot('test/cli/fixtures/contracts/v1.ts');
    expect(plain.locales).toEqual({ own: 'en', translations: {} });
    // Written last, after the roles.
    const text = (await cli(['snapshot', VAULT])).stdout;
    expect(text).toMatch(/\n {2}\},\n {2}"locales": \{\n {4}"own": "en",/);
    expect(text.endsWith('  }\n}\n')).toBe(true);
  });

  it('refuses malformed locales in a snapshot file, and reads one without them', async () => {
    const vault = await snapshot(VAULT);
    expect(snapshotProblem(vault)).toBeUndefined();
    const { locales: _, ...old } = vault;
    expect(snapshotProblem(old)).toBeUndefined();
    for (const [locales, problem] of [
      ['en', 'locales: must be an object'],
      [{ own: 'en' }, 'locales: "translations" must be an object'],
      [{ own: '', translations: {} }, 'locales: "own" must be a locale'],
      [{ own: 'en', translations: {}, extra: 1 }, 'locales: unknown field "extra"'],
      [
        { own: 'en', translations: { de: { translated: -1, missing: [] } } },
        'locales: translations.de.translated must be a count',
      ],
      [
        { own: 'en', translations: { de: { translated: 1, missing: [1] } } },
        'locales: translations.de.missing must be a list of codes',
      ],
    ] as const) {
      expect(snapshotProblem({ ...vault, locales })).toBe(problem);
    }
  });

  it('diffs languages: removed and own-changed are warnings, added is compatible', async () => {
    const vault = await snapshot(VAULT);
    const noFrench = edited(vault, (l) => {
      delete l.translations.fr;
    });
    expect(diffSnapshots(vault, noFrench)).toEqual([
      {
        kind: 'locale-removed',
        locale: 'fr',
        breaking: false,
        severity: 'warning',
        message: 'translation fr removed: clients asking for it now read en',
        before: 'fr',
      },
    ]);
    expect(kinds(diffSnapshots(noFrench, vault))).toEqual(['compatible locale-added fr']);
    const german = edited(vault, (l) => {
      l.own = 'de';
      delete l.translations.de;
    });
    expect(kinds(diffSnapshots(vault, german))).toEqual(['warning locale-own-changed de']);
    // An old snapshot (no locales) is unknown on either side: no change, no false removal.
    const { locales: _, ...old } = vault;
    expect(diffSnapshots(old as Snapshot, vault)).toEqual([]);
    expect(diffSnapshots(vault, old as Snapshot)).toEqual([]);
  });

  it('diffs coverage over the codes both sides have', async () => {
    const vault = await snapshot(VAULT);
    const fewer = edited(vault, (l) => {
      l.translations.de = { translated: 19, missing: ['not_found', 'secret_expired'] };
    });
    expect(diffSnapshots(vault, fewer)).toEqual([
      {
        kind: 'locale-codes-untranslated',
        locale: 'de',
        breaking: false,
        severity: 'warning',
        message: '2 codes no longer translated into de (now read in en): not_found, secret_expired',
        after: ['not_found', 'secret_expired'],
      },
    ]);
    expect(kinds(diffSnapshots(fewer, vault))).toEqual(['compatible locale-codes-translated de']);
    // A code added untranslated is errata i18n's to report, not a translation lost.
    const grown = structuredClone(vault);
    grown.codes.new_code = {
      status: 418,
      title: 'New',
      category: 'x',
      retryable: false,
      expose: true,
    };
    grown.locales = {
      own: 'en',
      translations: {
        de: { translated: 21, missing: ['new_code'] },
        fr: { translated: 21, missing: ['new_code'] },
      },
    };
    expect(kinds(diffSnapshots(vault, grown))).toEqual(['compatible code-added new_code']);
  });

  it('reports a removed translation as a warning in text, Markdown and JSON, and exits 0', async () => {
    const lock = join(tmp.dir, 'errors.lock.json');
    expect((await cli(['snapshot', SHOP, '--out', lock])).code).toBe(0);
    const module = join(tmp.dir, 'shop-no-fr.ts');
    await writeFile(
      module,
      `import { shopCatalog, shopErrors } from ${JSON.stringify(resolve(SHOP))};
import { defineCatalog } from ${JSON.stringify(resolve('src/index.ts'))};
export const catalog = defineCatalog({ errors: shopErrors, translations: { de: shopCatalog.translations('de') ?? {} } });
`,
    );
    const text = await cli(['diff', lock, module, '--export', 'catalog']);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(
      `errata diff ${lock} → ${module}: 0 breaking changes, 1 warning, 0 compatible changes\n\nWARNING   locale fr  translation fr removed: clients asking for it now read en\n`,
    );
    const json = await cli(['diff', lock, module, '--export', 'catalog', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual({
      breaking: false,
      warnings: 1,
      changes: [
        {
          kind: 'locale-removed',
          locale: 'fr',
          breaking: false,
          severity: 'warning',
          message: 'translation fr removed: clients asking for it now read en',
          before: 'fr',
        },
      ],
    });
    const markdown = await cli([
      'diff',
      lock,
      module,
      '--export',
      'catalog',
      '--format',
      'markdown',
    ]);
    expect(markdown.stdout).toContain('### errata diff: ⚠️ compatible, with warnings');
    expect(markdown.stdout).toContain(
      '| ⚠️ **warning** | locale `fr` | translation `fr` removed: clients asking for it now read en |',
    );
    // A committed contract/1 lock has no locales: against a module, nothing about languages.
    const legacy = await cli([
      'diff',
      'test/cli/fixtures/contracts/v1.lock.json',
      'test/cli/fixtures/contracts/v1.ts',
    ]);
    expect(legacy.stdout).toMatch(/: no changes\n$/);
  });
});
