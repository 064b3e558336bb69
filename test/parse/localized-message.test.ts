// AIP-193 `google.rpc.LocalizedMessage` in google bodies and in the generic reader, and a
// translated catalog's responses read back in every format.
import { describe, expect, it } from 'vitest';
import { vaultCatalog } from '../../examples/vault/catalog.js';
import { formats } from '../../src/formats/index.js';
import type { FormatName } from '../../src/formats/types.js';
import { parseErrorBody } from '../../src/parse/index.js';
import { localizedIn } from '../../src/parse/locale.js';
import { renderError } from '../../src/render.js';
import { parseJson } from './support.js';

const LOCALIZED = 'type.googleapis.com/google.rpc.LocalizedMessage';
const ERROR_INFO = 'type.googleapis.com/google.rpc.ErrorInfo';

/** A google-format body (AIP-193) with these details after its ErrorInfo. */
function googleBody(details: unknown[], message = 'Secret not found (developer text).') {
  return {
    error: {
      code: 404,
      message,
      status: 'NOT_FOUND',
      details: [
        { '@type': ERROR_INFO, reason: 'SECRET_NOT_FOUND', domain: 'vault.example.com' },
        ...details,
      ],
    },
  };
}

describe('AIP-193 LocalizedMessage', () => {
  it('gives the message and the locale of a google body, over Status.message', () => {
    const e = parseJson(
      404,
      googleBody([{ '@type': LOCALIZED, locale: 'de-CH', message: 'Kein Geheimnis unter «db».' }]),
    );
    expect(e).toMatchObject({
      format: 'google',
      code: 'SECRET_NOT_FOUND',
      message: 'Kein Geheimnis unter «db».',
      locale: 'de-CH',
    });
    expect(e.toJSON()).toMatchObject({ locale: 'de-CH' });
  });

  it('leaves Status.message, and no locale, when there is none', () => {
    const e = parseJson(404, googleBody([]));
    expect(e.message).toBe('Secret not found (developer text).');
    expect(e.locale).toBeUndefined();
  });

  it.each([
    ['no locale', { '@type': LOCALIZED, message: 'Weg.' }],
    ['no message', { '@type': LOCALIZED, locale: 'de' }],
    ['a locale that is no tag', { '@type': LOCALIZED, locale: 'de_DE', message: 'Weg.' }],
    ['a locale of another type', { '@type': LOCALIZED, locale: 7, message: 'Weg.' }],
    ['a locale list', { '@type': LOCALIZED, locale: ['de'], message: 'Weg.' }],
    ['an over-long locale', { '@type': LOCALIZED, locale: `de-${'a'.repeat(70)}`, message: 'x' }],
    ['a message of another type', { '@type': LOCALIZED, locale: 'de', message: 42 }],
    ['a message object', { '@type': LOCALIZED, locale: 'de', message: { text: 'Weg.' } }],
    ['a message list', { '@type': LOCALIZED, locale: 'de', message: ['Weg.'] }],
    ['an empty message', { '@type': LOCALIZED, locale: 'de', message: '' }],
    ['a blank message', { '@type': LOCALIZED, locale: 'de', message: ' \n ' }],
    ['a null entry', null],
    ['a string entry', 'LocalizedMessage'],
    ['a type that is no string', { '@type': 1, locale: 'de', message: 'Weg.' }],
    [
      'another type',
      { '@type': 'type.googleapis.com/x.LocalizedMessageX', locale: 'de', message: 'Weg.' },
    ],
  ])('ignores a malformed entry (%s): Status.message stays', (_why, entry) => {
    const e = parseJson(404, googleBody([entry]));
    expect(e.format).toBe('google');
    expect(e.code).toBe('SECRET_NOT_FOUND');
    expect(e.message).toBe('Secret not found (developer text).');
    expect(e.locale).toBeUndefined();
  });

  it('takes the first usable entry', () => {
    const e = parseJson(
      404,
      googleBody([
        { '@type': LOCALIZED, locale: 'de_DE', message: 'kaputt' },
        { '@type': LOCALIZED, locale: 'de', message: 'Erste.' },
        { '@type': LOCALIZED, locale: 'fr', message: 'Seconde.' },
      ]),
    );
    expect(e).toMatchObject({ message: 'Erste.', locale: 'de' });
  });

  it('wins over Content-Language; a malformed one leaves the header its say', () => {
    const headers = { 'content-language': 'fr' };
    const both = parseJson(
      404,
      googleBody([{ '@type': LOCALIZED, locale: 'de', message: 'Weg.' }]),
      headers,
    );
    expect(both).toMatchObject({ message: 'Weg.', locale: 'de' });
    const malformed = parseJson(
      404,
      googleBody([{ '@type': LOCALIZED, locale: 'de', message: 3 }], 'Introuvable.'),
      headers,
    );
    expect(malformed).toMatchObject({ message: 'Introuvable.', locale: 'fr' });
  });

  it('bounds a huge localized message like any message', () => {
    const e = parseJson(
      404,
      googleBody([{ '@type': LOCALIZED, locale: 'de', message: 'ß'.repeat(200_000) }]),
    );
    expect(e.locale).toBe('de');
    expect(e.message.length).toBeLessThanOrEqual(1000);
    expect(e.message.endsWith('…')).toBe(true);
  });

  it('is read by the generic parser from a gRPC-gateway Status, with a gap or without one', () => {
    const status = {
      code: 5,
      message: 'secret not found',
      details: [
        { '@type': 'type.googleapis.com/google.rpc.RequestInfo', requestId: 'req_7' },
        { '@type': LOCALIZED, locale: 'fr', message: 'Aucun secret.' },
      ],
    };
    const gap = parseJson(404, status);
    expect(gap).toMatchObject({ message: 'Aucun secret.', locale: 'fr', requestId: 'req_7' });
    // A body the shape read completely (code, message, request id): still the localized message.
    const whole = parseJson(404, {
      error: { code: 'secret_not_found', message: 'secret not found', request_id: 'req_8' },
      details: [{ '@type': LOCALIZED, locale: 'fr', message: 'Aucun secret.' }],
    });
    expect(whole).toMatchObject({
      code: 'secret_not_found',
      requestId: 'req_8',
      message: 'Aucun secret.',
      locale: 'fr',
    });
    // Google's wrapper with a code that is not the google format's number.
    const wrapped = parseJson(404, {
      error: { code: 'NOT_FOUND', message: 'not found', details: [status.details[1]] },
    });
    expect(wrapped).toMatchObject({ message: 'Aucun secret.', locale: 'fr' });
  });

  it('reads at most 16 details, and nothing but google.rpc lists', () => {
    const filler = Array.from({ length: 16 }, () => ({ '@type': 'x.Other' }));
    const late = { '@type': LOCALIZED, locale: 'fr', message: 'Trop tard.' };
    expect(localizedIn({ details: [...filler, late] })).toBeUndefined();
    expect(localizedIn({ details: [...filler.slice(1), late] })?.message).toBe('Trop tard.');
    expect(localizedIn({ details: { 0: late } })).toBeUndefined();
    expect(localizedIn([late])).toBeUndefined();
    expect(parseJson(404, { message: 'nope', details: 'LocalizedMessage' }).locale).toBeUndefined();
  });
});

describe('a translated catalog read back', () => {
  const FORMATS: FormatName[] = [
    'problem',
    'envelope',
    'message',
    'success',
    'laravel',
    'google',
    'jsonapi',
    'stripe',
  ];

  it.each(FORMATS)('%s: the message and locale the server chose', (format) => {
    const error = vaultCatalog.error('secret_not_found', { name: 'db' });
    for (const [acceptLanguage, locale, text] of [
      ['de-CH, en;q=0.5', 'de', 'Unter'],
      ['fr-CA', 'fr', 'Aucun secret'],
      ['ja', 'en', 'No secret'],
    ] as const) {
      const { status, headers, body } = renderError(error, {
        catalog: vaultCatalog,
        format,
        acceptLanguage,
      });
      const parsed = parseErrorBody({ status, headers, body });
      // A laravel body without violations is `{ message }`: the message format's.
      expect(parsed.format).toBe(format === 'laravel' ? 'message' : format);
      expect(parsed.locale).toBe(locale);
      expect(parsed.message).toContain(text);
    }
  });

  it('google without its LocalizedMessage member: Content-Language says it', () => {
    const { status, headers, body } = renderError(
      vaultCatalog.error('secret_not_found', { name: 'db' }),
      {
        catalog: vaultCatalog,
        format: formats.google.with({ members: { LocalizedMessage: false } }),
        acceptLanguage: 'de',
      },
    );
    expect(body).not.toContain('LocalizedMessage');
    expect(parseErrorBody({ status, headers, body })).toMatchObject({
      format: 'google',
      locale: 'de',
    });
  });
});
