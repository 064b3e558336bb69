/**
 * Issue 17's rows of bench:formats: a localized error (German, negotiated from a browser's
 * `Accept-Language`) against the same error in the catalog's own language, per format. Two
 * baselines: the same translated catalog answering an English browser (negotiation in both), and
 * a catalog without translations (no negotiation at all). Two views: rendering an error that
 * exists already, and throwing plus rendering it (what a request pays: the default text is built
 * at the throw, the localized one when it renders).
 */
import { FORMAT_NAMES, renderError } from '../src/index.js';
import { formatsCatalog, formatsContext, translatedFormatsCatalog } from './bench-catalog.js';
import { fmt, measure } from './harness.js';
import { benchRow } from './json-rows.js';

const GERMAN = 'de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7';
const ENGLISH = 'en-US,en;q=0.9';
const TARGET = 1.1;
const NAMES = ['db', 'api-key', 'stripe.live', 'redis_url'];

type Figures = { own: number; en: number; de: number };

/** Print the Markdown table and write the JSON rows of the localized render. */
export function localizedRender(): void {
  console.log('## Localized render (ns per response)\n');
  console.log(
    "*own*: `renderError` with the catalog without translations (what an app had before). *en*: the translated catalog answering an English browser's `Accept-Language` (negotiated, cached; the error renders as it is, plus `Content-Language` and `Vary`). *de*: the same answering a German browser (title and ICU message translated). *Render* starts from a thrown error; *throw + render* includes `catalog.error`, where the own-language text is built. The target (≤ 1.1x) is de/en; de/own is what translations cost over an app without them.\n",
  );
  console.log(
    '| format | render own / en / de | de/en | de/own | throw + render own / en / de | de/en | de/own |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  const worst = { render: 0, full: 0 };
  for (const name of FORMAT_NAMES) {
    const [render, full] = measureFormat(name);
    const cells: string[] = [];
    for (const [kind, f] of [
      ['render', render],
      ['full', full],
    ] as const) {
      worst[kind] = Math.max(worst[kind], f.de / f.en);
      const label = kind === 'render' ? 'render' : 'throw and render';
      row(`${label} localized ${name}`, f.de, f.en);
      row(`${label} localized vs untranslated ${name}`, f.de, f.own);
      cells.push(
        `${fmt(f.own, 0)} / ${fmt(f.en, 0)} / ${fmt(f.de, 0)}`,
        `${fmt(f.de / f.en)}x`,
        `${fmt(f.de / f.own)}x`,
      );
    }
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
  console.log(
    `\nWorst de/en: render ${fmt(worst.render)}x, throw + render ${fmt(worst.full)}x (target ≤ ${TARGET}x).\n`,
  );
}

function row(label: string, errata: number, peer: number): void {
  benchRow({ bench: 'formats', case: label, errata, peer, unit: 'ns', target: 1 / TARGET }, true);
}

function measureFormat(name: (typeof FORMAT_NAMES)[number]): [Figures, Figures] {
  const plain = NAMES.map((n) => formatsCatalog.error('secret_not_found', { name: n }));
  const translated = NAMES.map((n) =>
    translatedFormatsCatalog.error('secret_not_found', { name: n }),
  );
  const base = { ...formatsContext, format: name };
  const own = { ...base, catalog: formatsCatalog };
  const en = { ...base, catalog: translatedFormatsCatalog, acceptLanguage: ENGLISH };
  const de = { ...base, catalog: translatedFormatsCatalog, acceptLanguage: GERMAN };
  let i = 0;
  const next = () => NAMES[i++ & 3] as string;
  const r = measure({
    own: () => renderError(plain[i++ & 3], own),
    en: () => renderError(translated[i++ & 3], en),
    de: () => renderError(translated[i++ & 3], de),
    fullOwn: () => renderError(formatsCatalog.error('secret_not_found', { name: next() }), own),
    fullEn: () =>
      renderError(translatedFormatsCatalog.error('secret_not_found', { name: next() }), en),
    fullDe: () =>
      renderError(translatedFormatsCatalog.error('secret_not_found', { name: next() }), de),
  });
  const n = (key: string) => r[key] as number;
  return [
    { own: n('own'), en: n('en'), de: n('de') },
    { own: n('fullOwn'), en: n('fullEn'), de: n('fullDe') },
  ];
}
