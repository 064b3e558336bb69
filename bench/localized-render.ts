/**
 * Issue 17's row of bench:formats: a localized error (German, negotiated from a browser's
 * `Accept-Language`) against the same error in the catalog's own language, per format.
 */
import { FORMAT_NAMES, renderError } from '../src/index.js';
import { formatsCatalog, formatsContext, translatedFormatsCatalog } from './bench-catalog.js';
import { fmt, measure } from './harness.js';
import { benchRow } from './json-rows.js';

/** Print the Markdown table and write the JSON rows of the localized render. */
export function localizedRender(): void {
  const names = ['db', 'api-key', 'stripe.live', 'redis_url'];
  const plain = names.map((name) => formatsCatalog.error('secret_not_found', { name }));
  const translated = names.map((name) =>
    translatedFormatsCatalog.error('secret_not_found', { name }),
  );
  let i = 0;
  const browser = 'de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7';
  console.log('## Localized render (ns per response; ratio = localized / own language)\n');
  console.log(
    "The default-language render is `renderError` with a catalog that has no translations (what an app had before); the localized one negotiates a browser's `Accept-Language` (cached), localizes the error (translated title and ICU message) and adds `Content-Language` and `Vary`. The middle column is the translated catalog answering `en`.\n",
  );
  console.log('| format | own language | translated catalog, en | localized (de) | ratio |');
  console.log('|---|---:|---:|---:|---:|');
  let worst = 0;
  for (const name of FORMAT_NAMES) {
    const own = { ...formatsContext, format: name, catalog: formatsCatalog };
    const en = {
      ...formatsContext,
      format: name,
      catalog: translatedFormatsCatalog,
      acceptLanguage: 'en-US,en;q=0.9',
    };
    const de = {
      ...formatsContext,
      format: name,
      catalog: translatedFormatsCatalog,
      acceptLanguage: browser,
    };
    const r = measure({
      own: () => renderError(plain[i++ & 3], own),
      en: () => renderError(translated[i++ & 3], en),
      de: () => renderError(translated[i++ & 3], de),
    });
    const ratio = (r.de as number) / (r.own as number);
    worst = Math.max(worst, ratio);
    benchRow(
      {
        bench: 'formats',
        case: `render localized ${name}`,
        errata: r.de as number,
        peer: r.own as number,
        unit: 'ns',
        target: 1 / 1.1,
      },
      true,
    );
    console.log(
      `| ${name} | ${fmt(r.own as number, 0)} | ${fmt(r.en as number, 0)} | ${fmt(r.de as number, 0)} | ${fmt(ratio)}x |`,
    );
  }
  console.log(`\nWorst localized render ratio: ${fmt(worst)}x (target ≤ 1.1x).\n`);
}
