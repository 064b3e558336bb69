/**
 * `npm run corpus [-- --misses] [-- --dir <path>]`: parse every case of the error corpus
 * (test/corpus/cases, or another directory of the same files, such as a held-out set) and print
 * the pass rate per vendor and per field as Markdown; `--misses` lists what each miss got.
 */
import { JUDGED, judge, loadCorpus, score } from '../test/corpus/judge.js';

const args = process.argv.slice(2);
const dirAt = args.indexOf('--dir');
const dir = dirAt >= 0 ? args[dirAt + 1] : undefined;
const verdicts = loadCorpus(dir).map(judge);
const s = score(verdicts);
const pct = (n: number, of: number) => (of === 0 ? '–' : `${((100 * n) / of).toFixed(1)}%`);

const lines = [
  `# Error corpus: ${s.passed}/${s.cases} cases pass (${pct(s.passed, s.cases)}), ${s.vendors} vendors`,
  '',
  '| field | right |',
  '|---|---|',
  ...JUDGED.map((f) => `| ${f} | ${s.perField[f]}/${s.cases} (${pct(s.perField[f], s.cases)}) |`),
  '',
  '| vendor | cases | pass |',
  '|---|---|---|',
  ...[...s.perVendor].map(([vendor, row]) => `| ${vendor} | ${row.cases} | ${row.passed} |`),
];
if (args.includes('--misses')) {
  lines.push('', '## Misses', '');
  for (const v of verdicts.filter((x) => !x.pass)) {
    const what = v.misses
      .map((m) => `${m.field}: want ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.got)}`)
      .join('; ');
    lines.push(`- ${v.case.file} ${v.case.name}: ${what}`);
  }
}
console.log(lines.join('\n'));
