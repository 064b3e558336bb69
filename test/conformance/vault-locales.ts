import { describe, expect } from 'vitest';
import { parseErrorBody } from '../../src/index.js';
import { rawRequest } from '../helpers/server.js';
import {
  expectVaryByLanguage,
  type LocaleSuiteTools,
  MISSING,
  missing,
  type Vault,
} from './vault-locales-shared.js';

/**
 * How the vault's error responses negotiate their language, for one adapter: exact tags,
 * fallbacks, wildcards, weights, malformed and oversized headers.
 * @example localeNegotiation('node', { it, startVault, cases: CASES });
 */
export function localeNegotiation<V extends Vault>(
  adapter: string,
  tools: LocaleSuiteTools<V>,
): void {
  const { it, startVault } = tools;

  describe(`${adapter}: localized errors (negotiation)`, () => {
    it('answers in the exact locale asked for, says so, and varies by Accept-Language', async () => {
      const vault = await startVault();
      try {
        for (const locale of ['de', 'fr', 'en'] as const) {
          const { res, error } = await missing(vault, { 'accept-language': locale });
          expect(error.message, locale).toBe(MISSING[locale]);
          expect(res.headers.get('content-language'), locale).toBe(locale);
          expectVaryByLanguage(res, locale);
        }
        // No header at all: the catalog's own language, still varying (a cache must not hand
        // this English answer to a German client).
        const { res, error } = await missing(vault, {});
        expect(error.message).toBe(MISSING.en);
        expect(res.headers.get('content-language')).toBe('en');
        expectVaryByLanguage(res);
      } finally {
        await vault.close();
      }
    });

    it('falls back along the tag and through the list (de-CH, fr-CA, pt-BR then de)', async () => {
      const vault = await startVault();
      try {
        const cases: [string, 'de' | 'fr' | 'en'][] = [
          ['de-CH', 'de'],
          ['fr-CA', 'fr'],
          ['DE-at-1996', 'de'],
          ['pt-BR, de;q=0.5', 'de'],
          ['pt-BR, pt;q=0.9, fr-BE;q=0.8, de;q=0.7', 'fr'],
          ['pt-BR', 'en'],
        ];
        for (const [header, locale] of cases) {
          const { res, error } = await missing(vault, { 'accept-language': header });
          expect(res.headers.get('content-language'), header).toBe(locale);
          expect(error.message, header).toBe(MISSING[locale]);
        }
      } finally {
        await vault.close();
      }
    });

    it('answers the default for a wildcard and weighs q-values', async () => {
      const vault = await startVault();
      try {
        const cases: [string, string][] = [
          ['*', 'en'],
          ['*, de;q=0.5', 'de'],
          ['de;q=0.1, fr;q=0.9', 'fr'],
          ['de;q=0, fr;q=0.5', 'fr'],
          ['fr;q=0, de;q=0', 'en'],
          ['de;q=0.5, fr;q=0.500', 'de'],
          ['en;q=0.2, de;q=1.000', 'de'],
        ];
        for (const [header, locale] of cases) {
          const { res } = await missing(vault, { 'accept-language': header });
          expect(res.headers.get('content-language'), header).toBe(locale);
          expectVaryByLanguage(res, header);
        }
      } finally {
        await vault.close();
      }
    });

    it('answers a malformed Accept-Language in the default language, never with an error', async () => {
      const vault = await startVault();
      try {
        for (const header of [';;q=x,,', 'de;q=2', '', ',', 'de;q=', 'd e', '-de', 'de;;q=1;x']) {
          const { res } = await missing(vault, { 'accept-language': header });
          expect(res.headers.get('content-language'), JSON.stringify(header)).toBe('en');
          expectVaryByLanguage(res, header);
        }
        // Bytes fetch() will not send: UTF-8 in the value (`ü`, `日本`).
        for (const value of ['dü', '日本語, de;q=0.1', 'de\u00e9;q=1']) {
          const res = await rawRequest(
            vault.port,
            Buffer.concat([
              Buffer.from('GET /v1/secrets/ghost HTTP/1.1\r\nhost: x\r\naccept-language: '),
              Buffer.from(value, 'utf8'),
              Buffer.from('\r\nconnection: close\r\n\r\n'),
            ]),
          );
          const error = parseErrorBody({
            status: res.status,
            headers: res.headers,
            body: res.body,
          });
          expect(res.status, value).toBe(404);
          expect(error.code, value).toBe('secret_not_found');
          // The one readable range of the second value is `de`.
          const expected = value.includes('de;q=0.1') ? 'de' : 'en';
          expect(res.headers['content-language'], value).toBe(expected);
          expectVaryByLanguage(res, value);
        }
      } finally {
        await vault.close();
      }
    });

    it('reads only the first 32 ranges of a 2 KB header of 200 ranges', async () => {
      const vault = await startVault();
      try {
        const pad = (i: number) => String(i).padStart(3, '0');
        // 31 ranges of no language the vault has, `fr` (the 32nd, lowest weight), then 168 `de`
        // ranges of full weight: those are never read.
        const ranges = [
          ...Array.from({ length: 31 }, (_, i) => `qa-v${pad(i)}ab`),
          'fr;q=0.1',
          ...Array.from({ length: 168 }, (_, i) => `de-v${pad(i)}ab`),
        ];
        const header = ranges.join(', ');
        expect(ranges).toHaveLength(200);
        expect(header.length).toBeGreaterThan(2000);
        const { res } = await missing(vault, { 'accept-language': header });
        expect(res.headers.get('content-language')).toBe('fr');
        expectVaryByLanguage(res);
        // Past the 32nd range nothing counts, however good.
        const late = [...Array.from({ length: 32 }, (_, i) => `qa-v${pad(i)}ab`), 'de'].join(', ');
        const { res: lateRes } = await missing(vault, { 'accept-language': late });
        expect(lateRes.headers.get('content-language')).toBe('en');
        // The server keeps serving.
        expect((await fetch(`${vault.url}/healthz`)).status).toBe(200);
      } finally {
        await vault.close();
      }
    });
  });
}
