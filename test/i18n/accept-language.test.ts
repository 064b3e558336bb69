import { describe, expect, it } from 'vitest';
import {
  createLocaleNegotiator,
  lookupLocale,
  MAX_RANGES,
  parseAcceptLanguage,
} from '../../src/i18n/accept-language.js';

describe('parseAcceptLanguage', () => {
  it('orders ranges by weight, keeping the sent order among equals, and drops q=0', () => {
    expect(parseAcceptLanguage('fr;q=0.5, de-CH, en;q=0.5, *;q=0.1, it;q=0')).toEqual([
      { tag: 'de-ch', q: 1 },
      { tag: 'fr', q: 0.5 },
      { tag: 'en', q: 0.5 },
      { tag: '*', q: 0.1 },
    ]);
  });

  it('reads what it can of a malformed header and never throws', () => {
    const cases: [string, string[]][] = [
      ['', []],
      ['de;q=2, en', ['en']], // q over 1
      ['de;q=0.1234, en', ['en']], // four decimals
      ['de;q=, en;Q=0.5', ['en']], // empty weight; Q in capitals is still q
      ['d3, en_US, toolongtagx, , fr', ['fr']],
      [';;;,,,', []],
      ['de-, -de, de--ch, fr-CA', ['fr-ca']],
      ['\u00e9, zh-Hant-TW', ['zh-hant-tw']],
    ];
    for (const [header, tags] of cases) {
      expect(
        parseAcceptLanguage(header).map((r) => r.tag),
        header,
      ).toEqual(tags);
    }
  });

  it('bounds its work: the first ranges of the first 4 KiB only', () => {
    const many = Array.from({ length: 200 }, (_, i) => `x${String(i).padStart(3, '0')};q=0.5`);
    const header = [...many, 'de'].join(', ');
    expect(header.length).toBeGreaterThan(2000);
    const ranges = parseAcceptLanguage(header);
    // 'x000' is no language range (a digit in the first subtag); none of the 200 is kept and
    // the 201st, past MAX_RANGES elements, is not read.
    expect(ranges).toEqual([]);
    const valid = Array.from({ length: 200 }, () => 'en;q=0.5').join(',');
    expect(parseAcceptLanguage(valid)).toHaveLength(MAX_RANGES);
    expect(parseAcceptLanguage(`${' '.repeat(5000)}de`)).toEqual([]);
  });
});

describe('lookupLocale (RFC 4647 §3.4)', () => {
  const locales = ['en', 'de', 'de-AT', 'zh-Hant'];
  const lookup = (header: string) => lookupLocale(parseAcceptLanguage(header), locales, 'en');

  it('matches exactly, without case, in the spelling of the locales', () => {
    expect(lookup('DE-at')).toBe('de-AT');
    expect(lookup('zh-hant')).toBe('zh-Hant');
  });

  it('falls back along the tag, singletons included, then to the default', () => {
    expect(lookup('de-CH')).toBe('de');
    expect(lookup('de-CH-1996')).toBe('de');
    expect(lookup('zh-Hant-CN-x-private1-private2')).toBe('zh-Hant');
    expect(lookup('fr-CA, fr')).toBe('en');
    expect(lookup('fr-CA, de-CH;q=0.3')).toBe('de');
  });

  it('follows the weights, not the order', () => {
    expect(lookup('en;q=0.2, de-AT;q=0.9')).toBe('de-AT');
  });

  it('gives the default to a wildcard and to no header', () => {
    expect(lookup('*')).toBe('en');
    expect(lookup('*, de;q=0.5')).toBe('de');
    expect(lookupLocale([], locales, 'de')).toBe('de');
  });

  it('does not match a more specific locale to a broader range (lookup, not filtering)', () => {
    expect(lookupLocale(parseAcceptLanguage('pt'), ['en', 'pt-BR'], 'en')).toBe('en');
  });
});

describe('createLocaleNegotiator', () => {
  it('answers with the locale and whether the header was read', () => {
    const negotiate = createLocaleNegotiator({ locales: ['en', 'de'] });
    expect(negotiate(undefined)).toEqual({ locale: 'en', negotiated: true });
    expect(negotiate(null)).toEqual({ locale: 'en', negotiated: true });
    expect(negotiate('de-CH,de;q=0.9')).toEqual({ locale: 'de', negotiated: true });
    expect(negotiate('fr')).toEqual({ locale: 'en', negotiated: true });
    expect(negotiate('q=;;,garbage\u0000')).toEqual({ locale: 'en', negotiated: true });
    expect(createLocaleNegotiator({ locales: ['en', 'de'], defaultLocale: 'de' })('fr')).toEqual({
      locale: 'de',
      negotiated: true,
    });
  });

  it('answers with one frozen object per locale, cached or not (cache evicted or too long)', () => {
    const negotiate = createLocaleNegotiator({ locales: ['en', 'de'], cacheSize: 2 });
    const first = negotiate('de');
    expect(Object.isFrozen(first)).toBe(true);
    expect(negotiate('de')).toBe(first); // from the cache
    negotiate('en');
    negotiate('fr'); // evicts 'de', the oldest
    expect(negotiate('de')).toBe(first);
    expect(negotiate('de-AT, en;q=0.1')).toBe(first);
    const long = `de, ${'en;q=0.5, '.repeat(40)}`;
    expect(negotiate(long)).toBe(first); // too long to keep, the same answer
    expect(negotiate(long).locale).toBe('de');
  });

  it('refuses bad options at start-up', () => {
    expect(() => createLocaleNegotiator({ locales: [] })).toThrow(/at least one locale/);
    expect(() => createLocaleNegotiator({ locales: ['en', 'english!'] })).toThrow(/language tag/);
    expect(() => createLocaleNegotiator({ locales: ['en'], defaultLocale: 'de' })).toThrow(
      /defaultLocale/,
    );
    expect(() => createLocaleNegotiator({ locales: ['en'], cacheSize: -1 })).toThrow(/cacheSize/);
  });
});
