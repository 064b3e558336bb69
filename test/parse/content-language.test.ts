// `Content-Language` read into `ApiError.locale`, for every kind of body, checked and bounded.
import { describe, expect, it } from 'vitest';
import { vaultCatalog } from '../../examples/vault/catalog.js';
import { ApiError } from '../../src/api-error.js';
import { parseError as parseLite } from '../../src/client/lite.js';
import { parseError } from '../../src/client/parse-error.js';
import { defineFormat } from '../../src/formats/define.js';
import { parseErrorBody } from '../../src/parse/index.js';
import { contentLanguage, localeOf, MAX_LOCALE } from '../../src/parse/locale.js';
import { parseJson, parseText } from './support.js';

const envelope = { error: { code: 'secret_not_found', message: 'Kein Geheimnis.' } };

describe('Content-Language', () => {
  it('is no locale when absent', () => {
    const e = parseJson(404, envelope);
    expect(e.locale).toBeUndefined();
    expect(e.toJSON()).not.toHaveProperty('locale');
  });

  it('gives the locale of every kind of body that has a message of its own', () => {
    const headers = { 'content-language': 'de' };
    expect(parseJson(404, envelope, headers)).toMatchObject({ format: 'envelope', locale: 'de' });
    expect(
      parseJson(404, { type: 'about:blank', title: 'Nicht gefunden', status: 404 }, headers),
    ).toMatchObject({ format: 'problem', locale: 'de' });
    // The generic reader of an API errata does not know (Okta's shape).
    expect(
      parseJson(401, { errorCode: 'E0000011', errorSummary: 'Ungültiges Token' }, headers),
    ).toMatchObject({ code: 'E0000011', locale: 'de' });
    expect(
      parseText(502, '<html><title>Fehlerhaftes Gateway</title></html>', 'text/html', headers),
    ).toMatchObject({ locale: 'de' });
    expect(parseText(503, 'Wartungsarbeiten', 'text/plain', headers)).toMatchObject({
      message: 'Wartungsarbeiten',
      locale: 'de',
    });
  });

  it('takes the first tag of a list, keeps its case, and trims white space around it', () => {
    expect(parseJson(404, envelope, { 'content-language': 'de-CH, en' }).locale).toBe('de-CH');
    expect(parseJson(404, envelope, { 'content-language': '  zh-Hant-TW ,fr' }).locale).toBe(
      'zh-Hant-TW',
    );
    // Headers as fetch gives them, and a header sent twice (Node joins it).
    const headers = new Headers({ 'content-type': 'application/json', 'content-language': 'fr' });
    expect(parseErrorBody({ status: 404, headers, body: JSON.stringify(envelope) }).locale).toBe(
      'fr',
    );
    expect(
      parseErrorBody({
        status: 404,
        headers: { 'content-type': 'application/json', 'Content-Language': ['it', 'de'] },
        body: JSON.stringify(envelope),
      }).locale,
    ).toBe('it');
  });

  it.each([
    ['', 'empty'],
    ['*', 'a wildcard'],
    ['de_DE', 'an underscore'],
    ['de-', 'a trailing hyphen'],
    ['12', 'digits'],
    ['deutschland', 'a subtag over 8 letters'],
    ['dé', 'a letter outside ASCII'],
    ['de;q=0.9', 'a parameter'],
    ['de\u0000', 'a control character'],
    [', de', 'an empty first item'],
  ])('ignores garbage: %j (%s)', (value) => {
    expect(parseJson(404, envelope, { 'content-language': value }).locale).toBeUndefined();
  });

  it('ignores a huge or over-long value, within the bound, and keeps a long first tag', () => {
    const huge = 'a'.repeat(8000);
    expect(parseJson(404, envelope, { 'content-language': huge }).locale).toBeUndefined();
    expect(parseJson(404, envelope, { 'content-language': `${huge}, de` }).locale).toBeUndefined();
    expect(parseJson(404, envelope, { 'content-language': `de, ${huge}` }).locale).toBe('de');
    const longest = `de-${'abcdefgh-'.repeat(7)}`.slice(0, MAX_LOCALE).replace(/-$/, 'x');
    expect(longest.length).toBeLessThanOrEqual(MAX_LOCALE);
    expect(parseJson(404, envelope, { 'content-language': longest }).locale).toBe(longest);
    const tooLong = `${longest}-abc`;
    expect(parseJson(404, envelope, { 'content-language': tooLong }).locale).toBeUndefined();
    // A hostile plain-record header (headerRecord keeps it whole up to 8 KiB) costs one scan.
    const commas = `${'x'.repeat(5000)},de`;
    expect(contentLanguage({ 'content-language': commas })).toBeUndefined();
  });

  it('gives no locale to the English stand-in errata writes for a body without a message', () => {
    // An empty 404 reads as `Not Found`: that is English, not German.
    const empty = parseText(404, '', '', { 'content-language': 'de' });
    expect(empty).toMatchObject({ format: 'empty', message: 'Not Found' });
    expect(empty.locale).toBeUndefined();
    // …which is right when the header says English.
    expect(parseText(404, '', '', { 'content-language': 'en-GB' }).locale).toBe('en-GB');
    // A 500 parsed from a German body keeps its locale (its message stays unexposed).
    expect(
      parseJson(
        500,
        { error: { code: 'x', message: 'Speicherfehler' } },
        {
          'content-language': 'de',
        },
      ).locale,
    ).toBe('de');
  });

  it('is read the same by errata/client/lite, and survives a catalog’s normalize', async () => {
    const body = JSON.stringify(envelope);
    const headers = { 'content-type': 'application/json', 'content-language': 'de-AT, de' };
    const lite = await parseLite(new Response(body, { status: 404, headers }));
    expect(lite.locale).toBe('de-AT');
    expect(
      (await parseLite(new Response(body, { status: 404, headers: { 'content-language': '*' } })))
        .locale,
    ).toBeUndefined();
    const full = await parseError(new Response(body, { status: 404, headers }), {
      catalog: vaultCatalog,
    });
    expect(full).toMatchObject({ code: 'secret_not_found', locale: 'de-AT' });
    const liteCatalog = await parseLite(new Response(body, { status: 404, headers }), {
      catalog: vaultCatalog,
    });
    expect(liteCatalog).toMatchObject({ code: 'secret_not_found', locale: 'de-AT' });
  });

  it("sets the locale on a copy of what a team's own format returns, never on its object", () => {
    const shared = new ApiError({ status: 404, code: 'gone', message: 'Weg.' });
    const acme = defineFormat({
      name: 'acme',
      contentType: 'application/json',
      render: () => ({ status: 404, headers: {}, body: '{}' }),
      parse: () => shared,
      schema: () => ({ type: 'object' }),
      guide: {
        summary: 's',
        code: 'c',
        message: 'm',
        fields: 'f',
        details: 'd',
        requestId: 'r',
        carriesCode: true,
      },
    });
    const e = parseErrorBody(
      { status: 404, headers: { 'content-language': 'de' }, body: '{}' },
      { format: acme },
    );
    expect(e).toMatchObject({ code: 'gone', message: 'Weg.', locale: 'de' });
    expect(e).not.toBe(shared);
    expect(shared.locale).toBeUndefined();
    expect(parseErrorBody({ status: 404, body: '{}' }, { format: acme })).toBe(shared);
  });

  it("drops a team's format's locale that is not a language tag, for the header's", () => {
    const acme = defineFormat({
      name: 'acme',
      contentType: 'application/json',
      render: () => ({ status: 404, headers: {}, body: '{}' }),
      parse: (input) =>
        new ApiError({ status: input.status, message: 'Weg.', locale: 'x'.repeat(99) }),
      schema: () => ({ type: 'object' }),
      guide: {
        summary: 's',
        code: 'c',
        message: 'm',
        fields: 'f',
        details: 'd',
        requestId: 'r',
        carriesCode: true,
      },
    });
    expect(parseErrorBody({ status: 404, body: '{}' }, { format: acme }).locale).toBeUndefined();
    expect(
      parseErrorBody(
        { status: 404, headers: { 'content-language': 'de' }, body: '{}' },
        { format: acme },
      ).locale,
    ).toBe('de');
  });
});

describe('localeOf', () => {
  it('keeps a language tag as sent, and nothing else', () => {
    expect(localeOf('de-CH')).toBe('de-CH');
    expect(localeOf('EN')).toBe('EN');
    for (const v of [undefined, null, 1, {}, ['de'], '', '*', ' de', 'de ', 'x'.repeat(65)]) {
      expect(localeOf(v)).toBeUndefined();
    }
  });
});
