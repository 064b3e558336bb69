// Changes of a catalog's languages between two snapshots. None of them breaks a client (a code
// missing in a language is answered in the catalog's own, with its Content-Language), but a
// language removed, the own language changed or codes no longer translated change what clients
// read: warnings. A language added or codes newly translated are compatible.
import type { ContractLocales } from '../shared/contract-locales.js';
import type { Change } from './change.js';

/**
 * The changes between two snapshots' `locales`; none when either side does not record them (a
 * file written before errata did: unknown, not "no translations"). Coverage is compared over
 * the codes both sides have: a code added untranslated is `errata i18n`'s to report.
 * @example localeChanges(before.locales, after.locales, new Set(Object.keys(before.codes)), new Set(Object.keys(after.codes)))
 */
export function localeChanges(
  before: ContractLocales | undefined,
  after: ContractLocales | undefined,
  codesBefore: ReadonlySet<string>,
  codesAfter: ReadonlySet<string>,
): Change[] {
  if (before === undefined || after === undefined) return [];
  const out: Change[] = [];
  if (before.own !== after.own) {
    out.push({
      kind: 'locale-own-changed',
      locale: after.own,
      breaking: false,
      severity: 'warning',
      message: `the catalog's own language changed: ${before.own} → ${after.own}; clients asking for none of its languages now read ${after.own}`,
      before: before.own,
      after: after.own,
    });
  }
  for (const [locale, was] of Object.entries(before.translations)) {
    const now = after.translations[locale];
    if (now === undefined) {
      if (locale === after.own) continue;
      out.push({
        kind: 'locale-removed',
        locale,
        breaking: false,
        severity: 'warning',
        message: `translation ${locale} removed: clients asking for it now read ${after.own}`,
        before: locale,
      });
      continue;
    }
    const lost = now.missing.filter((code) => codesBefore.has(code) && !was.missing.includes(code));
    const gained = was.missing.filter(
      (code) => codesAfter.has(code) && !now.missing.includes(code),
    );
    if (lost.length > 0) {
      out.push({
        kind: 'locale-codes-untranslated',
        locale,
        breaking: false,
        severity: 'warning',
        message: `${lost.length} code${lost.length === 1 ? '' : 's'} no longer translated into ${locale} (now read in ${after.own}): ${lost.join(', ')}`,
        after: lost,
      });
    }
    if (gained.length > 0) {
      out.push({
        kind: 'locale-codes-translated',
        locale,
        breaking: false,
        message: `${gained.length} code${gained.length === 1 ? '' : 's'} now translated into ${locale}: ${gained.join(', ')}`,
        after: gained,
      });
    }
  }
  for (const locale of Object.keys(after.translations)) {
    if (locale in before.translations || locale === before.own) continue;
    const t = after.translations[locale];
    out.push({
      kind: 'locale-added',
      locale,
      breaking: false,
      message: `translation ${locale} added (${t?.translated ?? 0} codes translated)`,
      after: locale,
    });
  }
  return out;
}
