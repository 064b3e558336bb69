/**
 * `errata docs --locale`: the page in one of the catalog's translations, code by code, falling
 * back to the catalog's own language with a note; usage errors name the catalog's locales.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { docsMarkdown } from '../../../src/cli/docs/markdown.js';
import { docsModel } from '../../../src/cli/docs/model.js';
import { icu } from '../../../src/i18n/index.js';
import { defineCatalog } from '../../../src/index.js';
import { cli } from '../../helpers/cli.js';

const VAULT = 'examples/vault/catalog.ts';
const SHOP = 'test/cli/fixtures/i18n/shop.ts';
const GUIDE = 'test/cli/fixtures/i18n/guide.ts';
const PLAIN = 'test/cli/fixtures/contracts/v1.ts';

async function page(args: string[]): Promise<string> {
  const run = await cli(['docs', ...args]);
  expect([run.code, run.stderr]).toEqual([0, '']);
  return run.stdout;
}

/** The Markdown table row at a code's anchor. */
function row(markdown: string, code: string): string {
  return markdown.split('\n').find((l) => l.includes(`<a id="${code}"></a>[`)) ?? '';
}

describe('errata docs --locale', { timeout: 120_000 }, () => {
  it("writes the normal page for the catalog's own locale, in Markdown and HTML", async () => {
    for (const flags of [[], ['--html']]) {
      const normal = await page([VAULT, ...flags]);
      expect(await page([VAULT, '--locale', 'en', ...flags])).toBe(normal);
      expect(normal).not.toContain('This page is in ');
      expect(normal).not.toContain('translation yet');
      expect(normal).not.toContain('untranslated');
    }
  });

  it("refuses a locale the catalog lacks, naming the catalog's locales (exit 2)", async () => {
    const unknown = await cli(['docs', VAULT, '--locale', 'es']);
    expect(unknown).toEqual({
      code: 2,
      stdout: '',
      stderr: 'errata docs: --locale "es" is not a locale of the catalog; it has en, de, fr\n',
    });
    // A broader or narrower tag is not the locale: the page names exactly one language.
    expect((await cli(['docs', VAULT, '--locale', 'de-AT'])).code).toBe(2);
    const plain = await cli(['docs', PLAIN, '--locale', 'de']);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/it has en\n$/);
    expect((await cli(['docs', PLAIN, '--locale', 'en'])).code).toBe(0);
    // Tags ignore case.
    expect(await page([VAULT, '--locale', 'DE'])).toBe(await page([VAULT, '--locale', 'de']));
  });

  it('takes titles from the translation and marks each code left in English', async () => {
    const de = await page([SHOP, '--locale', 'de']);
    expect(de).toContain(
      "This page is in German (`de`) where the catalog has a translation: each code's title and message, and every example response as the API sends it to a client asking for `Accept-Language: de`. Descriptions, causes and resolutions are in English (`en`), the catalog's own language, and a code with no German translation yet says so.",
    );
    expect(row(de, 'cart_empty')).toContain(
      '| **Warenkorb leer**<br>The cart has no items to check out. |',
    );
    // A stale translation is still the German text clients get (errata i18n reports it).
    expect(row(de, 'price_changed')).toContain('| **Preis geändert** |');
    expect(row(de, 'coupon_expired')).toContain(
      '| **Gutschein abgelaufen**<br>(message in English: no German translation yet) |',
    );
    // An unexposed code sends its title as the message: a translated title is all it needs.
    expect(row(de, 'ledger_down')).toContain('| **Hauptbuch nicht erreichbar**<br>The title');
    expect(row(de, 'not_found')).toContain(
      '| **Not found**<br>(in English: no German translation yet)<br>No resource',
    );
    const fr = await page([SHOP, '--locale', 'fr']);
    expect(row(fr, 'cart_empty')).toContain(
      '| **Cart empty**<br>(title in English: no French translation yet)<br>',
    );
    expect(row(fr, 'coupon_expired')).toContain('(in English: no French translation yet)');
  });

  it('renders the examples as the API answers a client asking for the locale', async () => {
    const de = await page([VAULT, '--locale', 'de']);
    expect(de).toMatch(/^Content-Language: de\nVary: Accept-Language$/m);
    expect(de).toContain('"title": "Prüfung fehlgeschlagen"');
    // Field messages are translated by their violation code; one without a code stays.
    expect(de).toContain('"detail": "Wert zu klein (items.0.quantity)."');
    expect(de).toContain('"detail": "must not be empty"');
    const en = await page([VAULT]);
    expect(en).toMatch(/^Content-Language: en$/m);
    // A code the locale lacks is answered in the catalog's own language, and says so.
    const shop = await page([SHOP, '--locale', 'de']);
    expect(shop).toMatch(/^Content-Language: en$/m);
  });

  it('documents Content-Language and Vary for a translated catalog only', async () => {
    expect(await page([VAULT])).toContain(
      "| `Content-Language` | every error | The language of the message: one of `en`, `de`, `fr`, the best match for the request's `Accept-Language`; `en` for a code not translated into it. |",
    );
    expect(await page([VAULT])).toContain('| `Vary` | every error | Includes `Accept-Language`');
    expect(await page([PLAIN])).not.toContain('Content-Language');
  });

  it("translates a reference layout's entries, tables, statuses and examples", async () => {
    const de = await page([GUIDE, '--locale', 'de']);
    const [seat, show] = de.split('### `show_over` (410)');
    expect(seat).toContain('**Message:** Der Platz ist schon gebucht.');
    expect(seat).toContain('"detail": "Der Platz ist schon gebucht."');
    // Under the heading of a code left in English: the note, then its parts as they are.
    expect(show).toMatch(
      /^\n\n\(in English: no German translation yet\)\n\n\*\*Message:\*\* The show has already taken place\./,
    );
    expect(de).toContain('| 409 | [`seat_taken`](#seat_taken) | Platz vergeben |');
    expect(de).toContain(
      '| 410 | [`show_over`](#show_over) | Show over<br>(in English: no German translation yet) |',
    );
    expect(de).toContain('**Window seat** (`409`):');
    expect(de).toContain('**Show over** (`410`):');
    // The page's own intro stays, the language paragraph follows it.
    expect(de).toMatch(/The errors of the booking API\.\n\nThis page is in German/);
  });

  it('marks codes left in English in the HTML page too', async () => {
    const html = await page([GUIDE, '--locale', 'de', '--html']);
    expect(html).toContain(
      'Show over<p class="untranslated">(in English: no German translation yet)</p></td>',
    );
    expect(html).toMatch(
      /<h3 id="show_over\/title"><code>show_over<\/code> \(410\)<\/h3>\n<p class="untranslated">\(in English: no German translation yet\)<\/p>/,
    );
    const shop = await page([SHOP, '--locale', 'de', '--html']);
    expect(shop).toContain(
      '<p class="title">Gutschein abgelaufen</p><p class="untranslated">(message in English: no German translation yet)</p>',
    );
    expect(shop).toContain('.untranslated {');
  });

  it('shows a translated message with its arguments as placeholders, in entries', () => {
    const catalog = defineCatalog({
      errors: {
        item_missing: {
          status: 404,
          title: 'Item not found',
          details: z.object({ sku: z.string() }),
          message: (d) => `No item ${d.sku}.`,
        },
        item_gone: { status: 410, title: 'Item gone', message: 'The item is gone.' },
      },
      reference: {
        sections: [{ kind: 'codes', layout: 'entries', codes: ['item_missing', 'item_gone'] }],
      },
      messageFormat: icu,
      translations: {
        de: {
          errors: {
            item_missing: { message: "Kein Artikel ''{sku}'' im Katalog." },
            item_gone: {
              title: 'Artikel weg',
              message: '{retryAfter, plural, one {# Sekunde} other {# Sekunden}}',
            },
          },
        },
      },
    });
    const markdown = docsMarkdown(docsModel(catalog, { locale: 'de' }));
    expect(markdown).toContain(
      "(title in English: no German translation yet)\n\n**Message:** Kein Artikel '{sku}' im Katalog.",
    );
    // Plural, select or formatted arguments cannot be shown as text: the title stands in.
    expect(markdown).toContain('**Message:** Artikel weg');
  });
});
