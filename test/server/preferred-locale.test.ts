import { describe, expect, it } from 'vitest';
import {
  nodeRequestLanguage,
  preferredLocaleOf,
  setPreferredLocale,
  webRequestLanguage,
} from '../../src/server/preferred-locale.js';

describe('the preferred locale of a request', () => {
  it('is kept under every object given and read back from any of them', () => {
    const a = {};
    const b = {};
    setPreferredLocale([a, b], 'de-CH');
    expect(preferredLocaleOf(a)).toBe('de-CH');
    expect(preferredLocaleOf(undefined, null, b)).toBe('de-CH');
    expect(preferredLocaleOf({})).toBeUndefined();
    setPreferredLocale([a], undefined);
    expect(preferredLocaleOf(a)).toBeUndefined();
    expect(preferredLocaleOf(b)).toBe('de-CH');
  });

  it('refuses what is not a language tag, and no request object, with a TypeError', () => {
    for (const bad of ['', '*', 'de CH', 'de_CH', 'toolongtag', 'dé', 42, null, {}]) {
      expect(() => setPreferredLocale([{}], bad as string), String(bad)).toThrow(TypeError);
    }
    expect(() => setPreferredLocale([], 'de')).toThrow(/request object/);
    expect(() => setPreferredLocale([null, 'req'], 'de')).toThrow(TypeError);
    // A hostile value is never stringified through its own methods.
    const hostile = {
      toString() {
        throw new Error('no');
      },
    };
    expect(() => setPreferredLocale([{}], hostile as never)).toThrow(TypeError);
  });

  it("reads a node request's Accept-Language (joined when repeated) and a fetch Request's", () => {
    const req = { headers: { 'accept-language': 'de, fr;q=0.5' } };
    setPreferredLocale([req], 'fr');
    expect(nodeRequestLanguage(req)).toEqual({
      acceptLanguage: 'de, fr;q=0.5',
      preferredLocale: 'fr',
    });
    expect(nodeRequestLanguage({ headers: { 'accept-language': ['de', 'fr'] } })).toEqual({
      acceptLanguage: 'de, fr',
      preferredLocale: undefined,
    });
    const view = {};
    setPreferredLocale([view], 'de');
    expect(nodeRequestLanguage({ headers: {} }, view)).toEqual({
      acceptLanguage: undefined,
      preferredLocale: 'de',
    });
    const request = new Request('http://x/', { headers: { 'accept-language': 'fr-CA' } });
    expect(webRequestLanguage(request)).toEqual({
      acceptLanguage: 'fr-CA',
      preferredLocale: undefined,
    });
  });
});
