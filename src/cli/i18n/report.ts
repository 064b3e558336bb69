// What `errata i18n` finds in each translation of a catalog: codes clients would read in the
// catalog's own language (missing, or still marked for translation), translations made from
// text the catalog has changed since (stale), and lesser findings (a title left out, a
// translation without `source`, a field message another locale has).
import type { Catalog } from '../../catalog-types.js';
import {
  type CodeTranslation,
  isStale,
  isTranslated,
  languageName,
  translationStatus,
} from '../shared/translation-status.js';

/** Every check, in the order findings are listed; the first three fail the run. */
export const I18N_CHECKS = [
  'missing',
  'marked',
  'stale',
  'title-missing',
  'no-source',
  'field-missing',
] as const;
export type I18nCheck = (typeof I18N_CHECKS)[number];

/** Checks that fail the run (exit 1); the others only with `--strict`. */
export const FAILING: ReadonlySet<I18nCheck> = new Set(['missing', 'marked', 'stale']);

/** One finding about one code (or field message) in one locale. */
export type I18nFinding = {
  check: I18nCheck;
  /** `error` fails the run; `warning` only with `--strict`. */
  severity: 'error' | 'warning';
  /** The code concerned (absent for a field message). */
  code?: string;
  /** The field violation code concerned (`field-missing`). */
  field?: string;
  message: string;
  /** The translation's recorded `source` (stale). */
  source?: string;
  /** The fingerprint of the code's own title and message now: what `source` should be. */
  current?: string;
};

/** One translation locale. */
export type LocaleReport = {
  locale: string;
  /** Its English name (`German`). */
  name: string;
  /** Codes in the catalog. */
  codes: number;
  /** Codes clients asking for the locale read in it (`isTranslated`). */
  translated: number;
  findings: I18nFinding[];
};

/** The whole run. */
export type I18nReport = {
  /** The catalog module as given. */
  catalog: string;
  /** The catalog's own locale. */
  locale: string;
  /** Its translations' locales, in the catalog's order (or the one asked for). */
  locales: LocaleReport[];
  /** Findings that fail the run. */
  errors: number;
  warnings: number;
};

/**
 * Check the translations of a catalog (all of them, or `only` one). With `strict`, warnings fail
 * the run too (they then count as errors).
 * @example const report = i18nReport(vaultCatalog, 'examples/vault/catalog.ts', undefined, false);
 */
export function i18nReport(
  catalog: Catalog,
  file: string,
  only: string | undefined,
  strict: boolean,
): I18nReport {
  const translations = catalog.locales.filter((l) => l !== catalog.locale);
  const chosen = only === undefined ? translations : translations.filter((l) => l === only);
  const fieldsOf = new Map(translations.map((l) => [l, fieldCodes(catalog, l)]));
  const locales = chosen.map((locale): LocaleReport => {
    const codes = translationStatus(catalog, locale);
    const findings = codes.flatMap((c) => codeFindings(c, strict, locale, catalog.locale));
    const mine = fieldsOf.get(locale) ?? new Set<string>();
    const others = new Set([...fieldsOf].flatMap(([l, set]) => (l === locale ? [] : [...set])));
    for (const field of [...others].filter((f) => !mine.has(f)).sort()) {
      findings.push(
        finding('field-missing', strict, {
          field,
          message: `no message for field violations of code ${field}, which another locale translates`,
        }),
      );
    }
    return {
      locale,
      name: languageName(locale),
      codes: codes.length,
      translated: codes.filter(isTranslated).length,
      findings,
    };
  });
  const all = locales.flatMap((l) => l.findings);
  const errors = all.filter((f) => f.severity === 'error').length;
  return { catalog: file, locale: catalog.locale, locales, errors, warnings: all.length - errors };
}

function fieldCodes(catalog: Catalog, locale: string): Set<string> {
  return new Set(Object.keys(catalog.translations(locale)?.fields ?? {}));
}

function finding(
  check: I18nCheck,
  strict: boolean,
  rest: Omit<I18nFinding, 'check' | 'severity'>,
): I18nFinding {
  const severity = FAILING.has(check) || strict ? 'error' : 'warning';
  return { check, severity, ...rest };
}

function codeFindings(
  c: CodeTranslation,
  strict: boolean,
  locale: string,
  own: string,
): I18nFinding[] {
  const out: I18nFinding[] = [];
  const { code, current } = c;
  // What clients read: an exposed code's message; an unexposed code sends its title instead.
  const part = c.exposed ? 'message' : 'title';
  const state = c[part];
  const read = `clients asking for ${locale} read it in ${own}`;
  if (state === 'missing') {
    const why = c.exposed ? 'no message' : 'no title (the message of an unexposed code)';
    out.push(finding('missing', strict, { code, message: `${why}: ${read}`, current }));
  } else if (state === 'marked') {
    const message = `the ${part} is still marked "[translate] …": ${read}`;
    out.push(finding('marked', strict, { code, message, current }));
  }
  if (isStale(c)) {
    out.push(
      finding('stale', strict, {
        code,
        message: `translated from another text: the title or message changed since (source ${c.source}, now ${current})`,
        ...(c.source === undefined ? {} : { source: c.source }),
        current,
      }),
    );
  }
  if (c.exposed && c.title !== 'translated' && c.message === 'translated') {
    const how = c.title === 'marked' ? 'still marked for translation' : 'missing';
    out.push(finding('title-missing', strict, { code, message: `the title is ${how}`, current }));
  }
  const translated = c.title === 'translated' || c.message === 'translated';
  if (translated && c.source === undefined) {
    out.push(
      finding('no-source', strict, {
        code,
        message: `no source fingerprint, so whether it is stale is unknown (now ${current})`,
        current,
      }),
    );
  }
  return out;
}

/**
 * The report as text: a header, each locale's coverage and findings, a summary line.
 * @example io.stdout(i18nText(report));
 */
export function i18nText(report: I18nReport, written: readonly string[] = []): string {
  const own = `${report.locale} (own)`;
  const names = [own, ...report.locales.map((l) => l.locale)].join(', ');
  const lines = [`errata i18n ${report.catalog}: ${names}`];
  if (report.locales.length === 0) lines.push('', 'The catalog has no translations.');
  for (const l of report.locales) {
    lines.push('', `${l.locale} (${l.name}): ${l.translated} of ${l.codes} codes translated`);
    const width = Math.max(0, ...l.findings.map((f) => f.check.length));
    const who = Math.max(0, ...l.findings.map((f) => (f.code ?? f.field ?? '').length));
    for (const f of l.findings) {
      const mark = f.severity === 'error' ? 'ERROR  ' : 'warning';
      const subject = (f.code ?? f.field ?? '').padEnd(who);
      lines.push(`  ${mark}  ${f.check.padEnd(width)}  ${subject}  ${f.message}`);
    }
  }
  if (written.length > 0) lines.push('', ...written);
  lines.push('', summary(report));
  return `${lines.join('\n')}\n`;
}

function summary(report: I18nReport): string {
  const counts = new Map<I18nCheck, number>();
  for (const f of report.locales.flatMap((l) => l.findings)) {
    counts.set(f.check, (counts.get(f.check) ?? 0) + 1);
  }
  const parts = I18N_CHECKS.filter((c) => counts.has(c)).map((c) => `${counts.get(c)} ${c}`);
  const verdict = report.errors === 0 ? 'ok' : `${report.errors} failing`;
  return parts.length === 0
    ? 'Every translation is complete and current.'
    : `${parts.join(', ')}: ${verdict}.`;
}

/**
 * The report as JSON: `{ ok, catalog, locale, locales: [{ locale, name, codes, translated,
 * findings: [{ check, severity, code?, field?, message, source?, current? }] }], errors,
 * warnings, written? }`.
 * @example JSON.parse(i18nJson(report)).ok // true when nothing fails
 */
export function i18nJson(report: I18nReport, written?: readonly unknown[]): string {
  const out = { ok: report.errors === 0, ...report, ...(written === undefined ? {} : { written }) };
  return `${JSON.stringify(out, null, 2)}\n`;
}
