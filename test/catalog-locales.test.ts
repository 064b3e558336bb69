import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { icu } from '../src/i18n/index.js';
import { CatalogDefinitionError, defineCatalog, type LocaleTranslations } from '../src/index.js';

const errors = {
  secret_not_found: {
    status: 404,
    title: 'Secret not found',
    details: z.object({ name: z.string() }),
    message: (d: { name: string }) => `Secret '${d.name}' not found`,
  },
  slow_down: {
    status: 429,
    title: 'Slow down',
    message: (_: undefined, c: { retryAfter: number | undefined }) => `Wait ${c.retryAfter}s`,
  },
  plain: { status: 409, title: 'Plain conflict' },
};

const catalog = defineCatalog({
  errors,
  messageFormat: icu,
  translations: {
    de: {
      errors: {
        secret_not_found: { title: 'Geheimnis fehlt', message: "Geheimnis ''{name}'' fehlt" },
        slow_down: {
          message: 'Warte {retryAfter, plural, one {# Sekunde} other {# Sekunden}}',
        },
        validation_error: { message: 'Ungültige Felder' },
        not_found: { title: 'Nicht gefunden', message: 'Nichts hier' },
        internal_error: { title: 'Interner Fehler', message: 'Etwas ging schief' },
      },
      fields: { too_small: 'Zu klein: {path}', custom: (f) => `Feld ${f.path.length}` },
    },
    'fr-CA': { errors: { plain: { message: 'Conflit' } } },
  },
});

/** The CatalogDefinitionError code a definition fails with. */
function failure(define: () => unknown): string | undefined {
  try {
    define();
  } catch (error) {
    if (error instanceof CatalogDefinitionError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return undefined;
}

describe('a catalog with translations', () => {
  it('names its own locale first, then its translations', () => {
    expect(catalog.locale).toBe('en');
    expect(catalog.locales).toEqual(['en', 'de', 'fr-CA']);
    expect(catalog.translations('de')?.errors?.secret_not_found?.title).toBe('Geheimnis fehlt');
    expect(catalog.translations('en')).toBeUndefined();
    const own = defineCatalog({ locale: 'de-AT', errors: {} });
    expect([own.locale, own.locales]).toEqual(['de-AT', ['de-AT']]);
  });

  it('localizes title, message (details and retryAfter) and sets the locale', () => {
    const de = catalog.localize(catalog.error('secret_not_found', { name: 'db' }), 'de');
    expect([de.title, de.message, de.locale, de.code, de.status]).toEqual([
      'Geheimnis fehlt',
      "Geheimnis 'db' fehlt",
      'de',
      'secret_not_found',
      404,
    ]);
    expect(de.details).toEqual({ name: 'db' });
    const wait = catalog.error('slow_down', undefined, { retryAfter: 1 });
    expect(catalog.localize(wait, 'de').message).toBe('Warte 1 Sekunde');
    expect(
      catalog.localize(catalog.error('slow_down', undefined, { retryAfter: 5 }), 'de').message,
    ).toBe('Warte 5 Sekunden');
  });

  it('falls back along the tag and to its own locale', () => {
    const error = catalog.error('plain');
    expect(catalog.localize(error, 'fr-CA').message).toBe('Conflit');
    expect(catalog.localize(error, 'FR-ca').locale).toBe('fr-CA');
    expect(catalog.localize(error, 'de-CH')).toBe(error); // de has no `plain`: nothing changes
    expect(catalog.localize(error, 'fr')).toBe(error); // fr is broader than fr-CA
    expect(catalog.localize(error, 'not a tag').message).toBe('Plain conflict');
  });

  it('keeps a message the app wrote, and the whole error stays in its own locale', () => {
    const written = catalog.error('secret_not_found', { name: 'db' }, { message: 'Try db2' });
    const de = catalog.localize(written, 'de');
    expect(de).toBe(written);
    expect([de.title, de.message, de.locale]).toEqual(['Secret not found', 'Try db2', undefined]);
  });

  it("replaces errata's own role messages with the role code's translation", () => {
    const refused = catalog.roleError('not_found', { message: 'No route matches GET /x.' });
    const de = catalog.localize(refused, 'de');
    expect([de.message, de.locale]).toEqual(['Nichts hier', 'de']);
  });

  it('leaves the message in its own locale when a value the translation names is missing', () => {
    const bad = catalog.error('secret_not_found', {} as { name: string });
    const de = catalog.localize(bad, 'de');
    expect([de.title, de.message, de.locale]).toEqual([
      'Geheimnis fehlt',
      "Secret 'undefined' not found",
      'en',
    ]);
  });

  it('translates field violations by their code, leaving the others', () => {
    const error = catalog.roleError('validation_error', {
      fields: [
        { path: ['items', 0, 'qty'], message: 'Too small', code: 'too_small' },
        { path: ['a'], message: 'Custom', code: 'custom' },
        { path: ['b'], message: 'No code' },
        { path: ['c'], message: 'Other', code: 'other' },
      ],
    });
    const de = catalog.localize(error, 'de');
    expect(de.message).toBe('Ungültige Felder');
    expect(de.fields?.map((f) => f.message)).toEqual([
      'Zu klein: items.0.qty',
      'Feld 1',
      'No code',
      'Other',
    ]);
    expect(error.fields?.[0]?.message).toBe('Too small'); // the original is untouched
  });

  it('negotiates: the preferred locale wins when the catalog has it, else Accept-Language', () => {
    expect(catalog.negotiate('de-CH, fr;q=0.5')).toEqual({ locale: 'de', negotiated: true });
    expect(catalog.negotiate(undefined)).toEqual({ locale: 'en', negotiated: true });
    expect(catalog.negotiate('de', 'fr-CA')).toEqual({ locale: 'fr-CA', negotiated: false });
    expect(catalog.negotiate('de', 'de-AT')).toEqual({ locale: 'de', negotiated: false });
    expect(catalog.negotiate('de', 'ja')).toEqual({ locale: 'de', negotiated: true });
    expect(catalog.negotiate('de', '../../etc')).toEqual({ locale: 'de', negotiated: true });
  });

  it('accepts a locale loaded as JSON, typed or not', () => {
    const json: LocaleTranslations = JSON.parse(
      '{"errors":{"secret_not_found":{"message":"Secreto {name} no existe","source":"abc"}}}',
    );
    const es = defineCatalog({ errors, translations: { es: json } });
    expect(es.localize(es.error('secret_not_found', { name: 'x' }), 'es').message).toBe(
      'Secreto x no existe',
    );
  });
});

describe('translations are checked when the catalog is defined', () => {
  const define =
    (translations: unknown, more: object = {}) =>
    () =>
      defineCatalog({ errors, translations: translations as never, ...more });

  it.each([
    ['a code the catalog lacks', { de: { errors: { nope: { message: 'x' } } } }, /no code 'nope'/],
    [
      'a placeholder the details lack',
      { de: { errors: { secret_not_found: { message: '{nom}' } } } },
      /\{nom\} is not in the details \(it may use: name, retryAfter\)/,
    ],
    [
      'a placeholder on a code without details',
      { de: { errors: { plain: { message: 'x {name}' } } } },
      /\{name\} is not in the details/,
    ],
    [
      'a plural without messageFormat',
      { de: { errors: { plain: { message: '{retryAfter, plural, other {#}}' } } } },
      /messageFormat: icu/,
    ],
    ['bad ICU', { de: { errors: { plain: { message: 'x {' } } } }, /not an ICU message/],
    ['a bad tag', { 'not a tag': { errors: {} } }, /not a language tag/],
    ['its own locale', { EN: { errors: {} } }, /the catalog's own locale/],
    ['a locale twice', { de: {}, DE: {} }, /given twice/],
    ['an unknown member', { de: { messages: {} } }, /unknown member 'messages'/],
    [
      'an unknown entry member',
      { de: { errors: { plain: { text: 'x' } } } },
      /unknown member 'text'/,
    ],
    [
      'an empty title',
      { de: { errors: { plain: { title: ' ' } } } },
      /title must be a non-empty string/,
    ],
    [
      'a number message',
      { de: { errors: { plain: { message: 3 } } } },
      /must be a string or a function/,
    ],
    [
      'a field placeholder',
      { de: { fields: { too_small: '{value}' } } },
      /\{value\} is not in the details/,
    ],
    ['an array', [], /must be an object of locales/],
  ])('refuses %s', (_, translations, reason) => {
    const found = failure(define(translations));
    expect(found).toMatch(/^ERR_CATALOG_TRANSLATION: /);
    expect(found).toMatch(reason);
  });

  it('refuses a bad own locale and a messageFormat that is not a function', () => {
    expect(failure(() => defineCatalog({ locale: 'e n', errors: {} }))).toMatch(
      /not a language tag/,
    );
    expect(failure(define({}, { messageFormat: 'icu' }))).toMatch(
      /messageFormat must be a function/,
    );
  });

  it('reports what the message format refuses', () => {
    const found = failure(
      define(
        { de: { errors: { plain: { message: '{retryAfter, plural, other {#} }' } } } },
        {
          messageFormat: () => {
            throw new Error('refused');
          },
        },
      ),
    );
    expect(found).toMatch(/the message format refused it: refused/);
  });

  it('checks placeholders for ArkType schemas, and cannot for a schema without JSON Schema', () => {
    const arkErrors = { a: { status: 400, title: 'A', details: type({ name: 'string' }) } };
    expect(
      failure(() =>
        defineCatalog({
          errors: arkErrors,
          translations: { de: { errors: { a: { message: '{x}' as string } } } },
        }),
      ),
    ).toMatch(/\{x\} is not in the details/);
    // Valibot schemas carry no Standard JSON Schema: the placeholder is checked by TypeScript only,
    // and an occurrence without the value keeps the catalog's own message.
    const valibot = defineCatalog({
      errors: { a: { status: 400, title: 'A', details: v.object({ name: v.string() }) } },
      translations: { de: { errors: { a: { message: '{x}' as string } } } },
    });
    const de = valibot.localize(valibot.error('a', { name: 'n' }), 'de');
    expect([de.message, de.locale]).toEqual(['A', undefined]);
  });

  it('matches a code spelt another way to its entry', () => {
    const upper = defineCatalog({
      errors,
      translations: { de: { errors: { PLAIN: { message: 'Konflikt' } } as never } },
    });
    expect(upper.localize(upper.error('plain'), 'de').message).toBe('Konflikt');
  });
});

describe('the locale of an error that is not exposed', () => {
  it('follows its title, which clients see in place of the message', () => {
    const five = defineCatalog({
      errors: { down: { status: 503, title: 'Down', message: 'Backend x is down' } },
      translations: { de: { errors: { down: { title: 'Nicht erreichbar' } } } },
    });
    const de = five.localize(five.error('down'), 'de');
    expect([de.title, de.message, de.locale]).toEqual([
      'Nicht erreichbar',
      'Backend x is down',
      'de',
    ]);
    const untitled = defineCatalog({
      errors: { down: { status: 503, title: 'Down' } },
      translations: { de: { errors: { down: { message: 'Dienst weg' } } } },
    });
    const shown = untitled.localize(untitled.error('down'), 'de');
    expect([shown.message, shown.locale]).toEqual(['Dienst weg', 'en']);
  });
});
