import { describe, expect, it } from 'vitest';
import { vaultCatalog } from '../examples/vault/catalog.js';
import { defineCatalog, FORMAT_NAMES, formats, renderError } from '../src/index.js';

const notFound = () => vaultCatalog.error('secret_not_found', { name: 'db' });

describe('renderError with a translated catalog', () => {
  it('answers in the negotiated locale with Content-Language and Vary', () => {
    const de = renderError(notFound(), {
      catalog: vaultCatalog,
      acceptLanguage: 'de-CH, en;q=0.5',
    });
    expect(de.headers['content-language']).toBe('de');
    expect(de.headers.vary).toBe('Accept-Language');
    expect(JSON.parse(de.body)).toMatchObject({
      title: 'Geheimnis nicht gefunden',
      detail: "Unter 'db' ist kein Geheimnis gespeichert.",
      code: 'secret_not_found',
      status: 404,
    });
    const fr = renderError(notFound(), { catalog: vaultCatalog, acceptLanguage: 'fr-CA' });
    expect([fr.headers['content-language'], JSON.parse(fr.body).detail]).toEqual([
      'fr',
      "Aucun secret n'est enregistré sous « db ».",
    ]);
  });

  it('says its own locale, and still varies, when the header names none of its locales', () => {
    for (const acceptLanguage of [
      undefined,
      '',
      '*',
      'ja',
      ';;q=x,,',
      'de;q=0',
      'x'.repeat(5000),
    ]) {
      const r = renderError(notFound(), { catalog: vaultCatalog, acceptLanguage });
      expect([r.headers['content-language'], r.headers.vary]).toEqual(['en', 'Accept-Language']);
      expect(JSON.parse(r.body).detail).toBe("No secret is stored under 'db'.");
    }
  });

  it('reads only the first ranges of a 2 KB header of 200 ranges', () => {
    const ranges = Array.from({ length: 200 }, (_, i) => `x${i}-zz;q=0.${(i % 9) + 1}`);
    const header = [...ranges.slice(0, 40), 'de;q=1', ...ranges.slice(40)].join(', ');
    expect(header.length).toBeGreaterThan(2000);
    // `de` is the 41st range, past the 32 that are kept: the default answers.
    expect(
      renderError(notFound(), { catalog: vaultCatalog, acceptLanguage: header }).headers[
        'content-language'
      ],
    ).toBe('en');
    const early = ['de;q=0.2', ...ranges].join(', ');
    expect(
      renderError(notFound(), { catalog: vaultCatalog, acceptLanguage: early }).headers[
        'content-language'
      ],
    ).toBe('de');
  });

  it("takes the app's preferred locale over the header, without Vary", () => {
    const r = renderError(notFound(), {
      catalog: vaultCatalog,
      acceptLanguage: 'de',
      preferredLocale: 'fr-BE',
    });
    expect([r.headers['content-language'], r.headers.vary]).toEqual(['fr', undefined]);
  });

  it('localizes every format where it puts its message, and never the code', () => {
    for (const name of FORMAT_NAMES) {
      const r = renderError(notFound(), {
        catalog: vaultCatalog,
        format: name,
        acceptLanguage: 'de',
      });
      expect(r.headers['content-language']).toBe('de');
      expect(r.body).toContain("Unter 'db' ist kein Geheimnis gespeichert.");
      expect(r.body).not.toContain('No secret is stored');
      if (formats[name].guide.carriesCode)
        expect(r.body.toLowerCase()).toContain('secret_not_found');
      expect(r.status).toBe(404);
    }
  });

  it('adds AIP-193 LocalizedMessage to google bodies, unless left out', () => {
    const body = JSON.parse(
      renderError(notFound(), { catalog: vaultCatalog, format: 'google', acceptLanguage: 'de' })
        .body,
    );
    expect(body.error.details[1]).toEqual({
      '@type': 'type.googleapis.com/google.rpc.LocalizedMessage',
      locale: 'de',
      message: "Unter 'db' ist kein Geheimnis gespeichert.",
    });
    // In the catalog's own language there is no translated text to carry.
    const en = renderError(notFound(), {
      catalog: vaultCatalog,
      format: 'google',
      acceptLanguage: 'en',
    });
    expect(en.body).not.toContain('LocalizedMessage');
    expect(en.headers['content-language']).toBe('en');
    const without = formats.google.with({ members: { LocalizedMessage: false } });
    const bare = renderError(notFound(), {
      catalog: vaultCatalog,
      format: without,
      acceptLanguage: 'de',
    });
    expect(bare.body).not.toContain('LocalizedMessage');
    expect(without.drops.join(' ')).toContain('LocalizedMessage');
  });

  it('localizes a crash into the generic internal_error, title only', () => {
    const r = renderError(new Error('db password leaked'), {
      catalog: vaultCatalog,
      acceptLanguage: 'de',
      format: 'envelope',
    });
    expect(r.status).toBe(500);
    expect(r.body).toContain('Interner Fehler');
    expect(r.body).not.toContain('leaked');
  });

  it('appends to a Vary the format already sends', () => {
    const varying = formats.problem;
    const format = {
      ...varying,
      render: (error: Parameters<typeof varying.render>[0]) => {
        const out = varying.render(error);
        out.headers.vary = 'Origin';
        return out;
      },
    };
    const r = renderError(notFound(), { catalog: vaultCatalog, format, acceptLanguage: 'de' });
    expect(r.headers.vary).toBe('Origin, Accept-Language');
  });

  it('renders a catalog without translations exactly as before: no new headers', () => {
    const plain = defineCatalog({ errors: { a: { status: 400, title: 'A' } } });
    const r = renderError(plain.error('a'), { catalog: plain, acceptLanguage: 'de' });
    expect(r.headers['content-language']).toBeUndefined();
    expect(r.headers.vary).toBeUndefined();
    expect(r.body).not.toContain('locale');
  });
});
