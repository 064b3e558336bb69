/**
 * Issue 17's rows of bench:formats: a localized error (German, negotiated from a browser's
 * `Accept-Language`) against the same error in the catalog's own language, per format. Two
 * views: rendering an error that exists already, and throwing plus rendering it (what a request
 * pays: the default text is built at the throw, the localized one when it renders).
 */
import { FORMAT_NAMES, renderError } from '../src/index.js';
import { formatsCatalog, formatsContext, translatedFormatsCatalog } from './bench-catalog.js';
import { fmt, measure } from './harness.js';
import { benchRow } from './json-rows.js';

const BROWSER = 'de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7';
const TARGET = 1.1;

/** Print the Markdown table and write the JSON rows of the localized render. */
export function localizedRender(): void {
  const names = ['db', 'api-key', 'stripe.live', 'redis_url'];
  const plain = names.map((name) => formatsCatalog.error('secret_not_found', { name }));
  const translated = names.map((name) =>
    translatedFormatsCatalog.error('secret_not_found', { name }),
  );
  let i = 0;
  console.log('## Localized render (ns per response; ratio = localized / own language)\n');
  console.log(
    "Own language: `renderError` with the catalog without translations (what an app had before). Localized: the translated catalog negotiating a browser's `Accept-Language` (cached), translating title and ICU message and adding `Content-Language` and `Vary`. *Render* starts from a thrown error; *throw + render* includes `catalog.error` (where the own-language text is built).\n",
  );
  console.log(
    '| format | render, own | render, de | ratio | throw + render, own | throw + render, de | ratio |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  const worst = { render: 0, full: 0 };
  for (const name of FORMAT_NAMES) {
    const own = { ...formatsContext, format: name, catalog: formatsCatalog };
    const de = {
      ...formatsContext,
      format: name,
      catalog: translatedFormatsCatalog,
      acceptLanguage: BROWSER,
    };
    const r = measure({
      own: () => renderError(plain[i++ & 3], own),
      de: () => renderError(translated[i++ & 3], de),
      fullOwn: () =>
        renderError(
          formatsCatalog.error('secret_not_found', { name: names[i++ & 3] as string }),
          own,
        ),
      fullDe: () =>
        renderError(
          translatedFormatsCatalog.error('secret_not_found', { name: names[i++ & 3] as string }),
          de,
        ),
    });
    const rows = [
      ['render', r.own, r.de],
      ['full', r.fullOwn, r.fullDe],
    ] as const;
    for (const [kind, ownNs, deNs] of rows) {
      worst[kind] = Math.max(worst[kind], (deNs as number) / (ownNs as number));
      benchRow(
        {
          bench: 'formats',
          case: `${kind === 'render' ? 'render' : 'throw and render'} localized ${name}`,
          errata: deNs as number,
          peer: ownNs as number,
          unit: 'ns',
          target: 1 / TARGET,
        },
        true,
      );
    }
    const ratio = (a: number | undefined, b: number | undefined) =>
      `${fmt((b as number) / (a as number))}x`;
    console.log(
      `| ${name} | ${fmt(r.own as number, 0)} | ${fmt(r.de as number, 0)} | ${ratio(r.own, r.de)} | ${fmt(r.fullOwn as number, 0)} | ${fmt(r.fullDe as number, 0)} | ${ratio(r.fullOwn, r.fullDe)} |`,
    );
  }
  console.log(
    `\nWorst localized ratio: render ${fmt(worst.render)}x, throw + render ${fmt(worst.full)}x (target ≤ ${TARGET}x).\n`,
  );
}
