import { describe, expect } from 'vitest';
import { HEADERS_THEN_FAIL } from '../../examples/vault/service.js';
import {
  expectVaryByLanguage,
  type LocaleSuiteTools,
  MISSING,
  parsed,
  type Vault,
  varyNames,
} from './vault-locales-shared.js';

/**
 * What the vault's error responses say in each language, for one adapter: codes and statuses
 * that never change, problem+json, field violations, errata's own errors, rate limits.
 * @example localeRendering('node', { it, startVault, cases: CASES });
 */
export function localeRendering<V extends Vault>(
  adapter: string,
  tools: LocaleSuiteTools<V>,
): void {
  const { it, startVault, cases } = tools;

  describe(`${adapter}: localized errors (rendering)`, () => {
    it('never changes a code or status with the locale (the whole error battery)', async () => {
      const vault = await startVault();
      try {
        for (const locale of ['en', 'de', 'fr']) {
          for (const c of cases) {
            const res = await c.send(vault, { 'accept-language': locale });
            const { error, text } = await parsed(res);
            const where = `${locale} ${c.name}: ${text}`;
            expect(res.status, where).toBe(c.status);
            expect(error.code, where).toBe(c.code);
            // The language of the message: the one asked for, or English for a message the app
            // wrote itself or a code without a translation.
            expect(['en', locale], where).toContain(res.headers.get('content-language'));
            expectVaryByLanguage(res, where);
          }
        }
      } finally {
        await vault.close();
      }
    });

    it('localizes a problem+json body (title and detail)', async () => {
      const vault = await startVault();
      try {
        const res = await fetch(`${vault.url}/v1/secrets/ghost`, {
          headers: { accept: 'application/problem+json', 'accept-language': 'de' },
        });
        expect(res.status).toBe(404);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(res.headers.get('content-language')).toBe('de');
        expectVaryByLanguage(res);
        expect(await res.json()).toMatchObject({
          type: 'https://vault.example.com/errors/secret_not_found',
          title: 'Geheimnis nicht gefunden',
          status: 404,
          detail: MISSING.de,
          code: 'secret_not_found',
          name: 'ghost',
        });
      } finally {
        await vault.close();
      }
    });

    it('localizes field violations by their code', async () => {
      const vault = await startVault();
      try {
        const expected = {
          de: {
            message: 'Die Anfrage enthält ungültige Felder.',
            fields: {
              value: 'Wert zu klein (value).',
              ttl_seconds: 'Wert zu klein (ttl_seconds).',
            },
            type: 'Falscher Typ (value).',
          },
          fr: {
            message: 'La requête contient des champs invalides.',
            fields: {
              value: 'Valeur trop petite (value).',
              ttl_seconds: 'Valeur trop petite (ttl_seconds).',
            },
            type: 'Type invalide (value).',
          },
        };
        for (const locale of ['de', 'fr'] as const) {
          const headers = { accept: 'application/problem+json', 'accept-language': locale };
          const res = await vault.put('db', { value: '', ttl_seconds: -1 }, headers);
          const { error, text } = await parsed(res);
          expect(res.status, text).toBe(422);
          expect(error.code).toBe('validation_error');
          expect(res.headers.get('content-language')).toBe(locale);
          expect(error.message).toBe(expected[locale].message);
          const messages = Object.fromEntries(
            (error.fields ?? []).map((f) => [f.path.join('.'), f.message]),
          );
          expect(messages).toEqual(expected[locale].fields);
          const typed = await parsed(await vault.put('db', { value: 5 }, headers));
          expect(typed.error.fields?.map((f) => f.message)).toEqual([expected[locale].type]);
        }
        // The query's violations too (a coerced number too small).
        const query = await fetch(`${vault.url}/v1/secrets?limit=0`, {
          headers: { accept: 'application/problem+json', 'accept-language': 'de' },
        });
        const { error } = await parsed(query);
        expect(query.status).toBe(422);
        expect(error.fields?.map((f) => f.message)).toEqual(['Wert zu klein (limit).']);
      } finally {
        await vault.close();
      }
    });

    it("replaces errata's own English with the role's translation (404, 405, 413, 415, 400)", async () => {
      const vault = await startVault();
      try {
        const de = { 'accept-language': 'de' };
        const json = { ...de, 'content-type': 'application/json' };
        const cases: [string, () => Promise<Response>, number, string, string][] = [
          [
            'unknown path',
            () => fetch(`${vault.url}/v2/unknown`, { headers: de }),
            404,
            'not_found',
            'Die angefragte Ressource gibt es nicht.',
          ],
          [
            'wrong method',
            () => fetch(`${vault.url}/v1/secrets/db`, { method: 'POST', headers: de }),
            405,
            'method_not_allowed',
            'Diese Methode ist für diese Ressource nicht erlaubt.',
          ],
          [
            'body too large',
            () =>
              fetch(`${vault.url}/v1/secrets/db`, {
                method: 'PUT',
                headers: json,
                body: JSON.stringify({ value: 'x'.repeat(70_000) }),
              }),
            413,
            'payload_too_large',
            'Der Inhalt der Anfrage ist zu groß.',
          ],
          [
            'not JSON',
            () =>
              fetch(`${vault.url}/v1/secrets/db`, {
                method: 'PUT',
                headers: { ...de, 'content-type': 'text/plain' },
                body: 'value=x',
              }),
            415,
            'unsupported_media_type',
            'Der Inhaltstyp der Anfrage wird nicht unterstützt.',
          ],
          [
            'malformed JSON',
            () =>
              fetch(`${vault.url}/v1/secrets/db`, { method: 'PUT', headers: json, body: '{"v":' }),
            400,
            'invalid_request',
            'Die Anfrage konnte nicht gelesen werden.',
          ],
        ];
        for (const [name, send, status, code, message] of cases) {
          const res = await send();
          const { error, text } = await parsed(res);
          expect(res.status, `${name}: ${text}`).toBe(status);
          expect(error.code, name).toBe(code);
          expect(error.message, name).toBe(message);
          expect(res.headers.get('content-language'), name).toBe('de');
          expectVaryByLanguage(res, name);
          if (status === 405) {
            expect(res.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE, OPTIONS');
          }
        }
      } finally {
        await vault.close();
      }
    });

    it("drops the handler's Content-Language for the error's own", async () => {
      const vault = await startVault();
      try {
        const res = await fetch(`${vault.url}/v1/debug/headers-then-fail`, {
          headers: { 'accept-language': 'fr' },
        });
        expect(res.status).toBe(404);
        // The handler set `content-language: en` for a success body; the error is French.
        expect(HEADERS_THEN_FAIL.dropped['content-language']).toBe('en');
        expect(res.headers.get('content-language')).toBe('fr');
        for (const [name, value] of Object.entries(HEADERS_THEN_FAIL.kept)) {
          expect(res.headers.get(name), name).toBe(value);
        }
        await res.arrayBuffer();
      } finally {
        await vault.close();
      }
    });

    it('localizes rate-limit refusals and Retry-After plurals', async () => {
      const vault = await startVault({ rateLimit: { limit: 1, windowSeconds: 60 } });
      try {
        expect((await fetch(`${vault.url}/healthz`)).status).toBe(200);
        const messages: Record<string, string> = {};
        for (const locale of ['de', 'fr', 'en']) {
          const res = await fetch(`${vault.url}/v1/secrets/db`, {
            headers: { 'accept-language': locale },
          });
          const { error, text } = await parsed(res);
          expect(res.status, text).toBe(429);
          expect(error.code).toBe('rate_limited');
          expect(res.headers.get('retry-after')).toBe('60');
          expect(res.headers.get('content-language')).toBe(locale);
          expectVaryByLanguage(res, locale);
          messages[locale] = error.message;
        }
        expect(messages.de).toBe('Zu viele Anfragen; versuche es in 60 Sekunden erneut.');
        expect(messages.fr).toContain('dans 60 secondes');
        expect(messages.en).not.toBe(messages.de);
      } finally {
        await vault.close();
      }
    });

    it('localizes a 503 (maintenance), keeping its Retry-After', async () => {
      const vault = await startVault({ maintenance: true });
      try {
        const res = await fetch(`${vault.url}/v1/secrets/db`, {
          headers: { 'accept-language': 'de-DE, en;q=0.5' },
        });
        const { error } = await parsed(res);
        expect(res.status).toBe(503);
        expect(error.code).toBe('maintenance_mode');
        expect(res.headers.get('retry-after')).toBe('30');
        expect(res.headers.get('content-language')).toBe('de');
        // A 5xx does not expose its message: the (translated) title stands in for it.
        expect(error.message).toBe('Wartung läuft');
      } finally {
        await vault.close();
      }
    });

    it('sends no Content-Language nor Vary on a success', async () => {
      const vault = await startVault();
      try {
        const res = await fetch(`${vault.url}/healthz`, { headers: { 'accept-language': 'de' } });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-language')).toBeNull();
        expect(varyNames(res)).not.toContain('accept-language');
        await res.arrayBuffer();
      } finally {
        await vault.close();
      }
    });
  });
}
