// The second read of the localization core (issue 17): each case a finding, pinned.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { icu } from '../../src/i18n/index.js';
import { compileSimpleMessage } from '../../src/i18n/message-template.js';
import {
  ApiError,
  CatalogDefinitionError,
  createLocaleNegotiator,
  defineCatalog,
  formats,
  isLanguageTag,
  MessageSyntaxError,
  messageArguments,
  parseAcceptLanguage,
  renderError,
} from '../../src/index.js';

const catalog = defineCatalog({
  errors: {
    conflict: { status: 409, title: 'Conflict', details: z.object({ name: z.string() }) },
    boom: { status: 500, title: 'Boom', message: 'Backend x failed' },
  },
  messageFormat: icu,
  translations: {
    de: {
      errors: {
        conflict: { title: 'Konflikt', message: "''{name}'' ist vergeben" },
        boom: { message: 'Backend x ist ausgefallen' },
      },
    },
  },
});

describe('hostile language tags cost nothing', () => {
  it('skips ranges and refuses tags longer than 64 characters', () => {
    const long = `de-${'a1b2c3d4-'.repeat(7)}x`;
    expect(long.length).toBeGreaterThan(64);
    expect(isLanguageTag(long)).toBe(false);
    expect(isLanguageTag(`de-${'a'.repeat(8)}`)).toBe(true);
    expect(parseAcceptLanguage(`${long}, de;q=0.5`)).toEqual([{ tag: 'de', q: 0.5 }]);
    const huge = `zz${'-a'.repeat(2040)}`;
    expect(parseAcceptLanguage(huge)).toEqual([]);
    expect(catalog.negotiate(huge)).toEqual({ locale: 'en', negotiated: true });
    expect(catalog.negotiate('de', 'de'.padEnd(1_000_000, '-a'))).toEqual({
      locale: 'de',
      negotiated: true,
    });
    const error = catalog.error('conflict', { name: 'db' });
    expect(catalog.localize(error, 'd'.padEnd(1_000_000, 'e'))).toBe(error);
    expect(() => defineCatalog({ locale: 'en'.padEnd(65, '-x'), errors: {} })).toThrow(
      CatalogDefinitionError,
    );
  });

  it('hands out frozen answers, so no caller can change the next request’s', () => {
    const negotiate = createLocaleNegotiator({ locales: ['en', 'de'] });
    const answer = negotiate('de');
    expect(Object.isFrozen(answer)).toBe(true);
    expect(Object.isFrozen(negotiate(undefined))).toBe(true);
    expect(Object.isFrozen(catalog.negotiate('en', 'de'))).toBe(true);
  });
});

describe('the label says the language of what clients read', () => {
  it('keeps the language of a text nothing translated, when it is a tag', () => {
    const german = new ApiError({
      status: 418,
      code: 'teapot',
      message: 'Ich bin eine Teekanne',
      locale: 'de',
    });
    const r = renderError(german, { catalog, acceptLanguage: 'en' });
    expect(r.headers['content-language']).toBe('de');
    const hostile = new ApiError({ status: 418, code: 'teapot', locale: 'de\r\nSet-Cookie: a=b' });
    for (const acceptLanguage of ['en', 'de']) {
      const out = renderError(hostile, { catalog, acceptLanguage, format: 'google' });
      expect(out.headers['content-language']).toBe('en');
      expect(out.body).not.toContain('LocalizedMessage');
    }
  });

  it('follows the title of an error that is not exposed', () => {
    const r = renderError(catalog.error('boom'), {
      catalog,
      acceptLanguage: 'de',
      format: 'google',
    });
    // Only the message is translated, and a 500 shows its title: English.
    expect(r.headers['content-language']).toBe('en');
    expect(r.body).not.toContain('LocalizedMessage');
  });

  it('returns the error itself when nothing of it is translated (a subclass stays one)', () => {
    class Teapot extends ApiError {
      readonly brew = 'earl grey';
    }
    const teapot = new Teapot({ status: 418, code: 'teapot' });
    expect(catalog.localize(teapot, 'de')).toBe(teapot);
    expect(renderError(teapot, { catalog, acceptLanguage: 'de' }).headers['content-language']).toBe(
      'en',
    );
  });
});

describe('renderError and the format’s headers', () => {
  it('never changes the headers object a format returns', () => {
    const shared = { 'content-type': 'application/json' };
    const format = {
      ...formats.message,
      render: () => ({ status: 409, headers: shared, body: '{}' }),
    };
    for (let i = 0; i < 3; i++) {
      const r = renderError(catalog.error('conflict', { name: 'db' }), {
        catalog,
        format,
        acceptLanguage: 'de',
      });
      expect(r.headers.vary).toBe('Accept-Language');
    }
    expect(shared).toEqual({ 'content-type': 'application/json' });
    const frozen = {
      ...formats.message,
      render: () => ({
        status: 409,
        headers: Object.freeze({ vary: 'accept-language' }) as Record<string, string>,
        body: '{}',
      }),
    };
    expect(
      renderError(catalog.error('conflict', { name: 'db' }), {
        catalog,
        format: frozen,
        acceptLanguage: 'de',
      }).headers.vary,
    ).toBe('accept-language');
  });

  it('merges Vary once, and leaves `*` alone', () => {
    const star = {
      ...formats.message,
      render: () => ({ status: 409, headers: { vary: '*' }, body: '{}' }),
    };
    expect(
      renderError(catalog.error('conflict', { name: 'db' }), {
        catalog,
        format: star,
        acceptLanguage: 'de',
      }).headers.vary,
    ).toBe('*');
  });

  it('renders with a catalog that has no `locales` (an older copy of errata)', () => {
    const old = { ...catalog, locales: undefined } as unknown as typeof catalog;
    expect(renderError(catalog.error('conflict', { name: 'db' }), { catalog: old }).status).toBe(
      409,
    );
  });
});

describe('messages', () => {
  it('keeps a message the app wrote through catalog.normalize', () => {
    const written = catalog.error('conflict', { name: 'db' }, { message: 'Name db is taken' });
    const restated = catalog.normalize(written);
    expect(catalog.localize(restated, 'de').message).toBe('Name db is taken');
  });

  it('falls back when a message function returns no string', () => {
    for (const result of [42, undefined, Promise.resolve('x')]) {
      const odd = defineCatalog({
        errors: { a: { status: 400, title: 'A', message: 'Own' } },
        translations: {
          de: { errors: { a: { message: (() => result) as unknown as () => string } } },
        },
      });
      const de = odd.localize(odd.error('a'), 'de');
      expect([de.message, de.locale]).toEqual(['Own', undefined]);
    }
  });

  it('reads only the details’ own members when the schema cannot name them', () => {
    const open = defineCatalog({
      errors: { a: { status: 400, title: 'A', details: v.object({ n: v.string() }) } },
      translations: { de: { errors: { a: { message: '{constructor} {fields}' as string } } } },
    });
    expect(open.localize(open.error('a', { n: 'x' }), 'de').message).toBe('A');
  });

  it('refuses two spellings of one code in one locale', () => {
    expect(() =>
      defineCatalog({
        errors: { secret_not_found: { status: 404, title: 'S' } },
        translations: {
          de: {
            errors: {
              secret_not_found: { message: 'a' },
              SECRET_NOT_FOUND: { message: 'b' },
            } as never,
          },
        },
      }),
    ).toThrow(/a second time/);
  });

  it('takes <b> as text in ICU messages', () => {
    const tagged = defineCatalog({
      errors: { a: { status: 429, title: 'A' } },
      messageFormat: icu,
      translations: {
        de: {
          errors: { a: { message: '{retryAfter, plural, other {<b>#</b> Sekunden <Name>}}' } },
        },
      },
    });
    expect(tagged.localize(tagged.error('a', undefined, { retryAfter: 3 }), 'de').message).toBe(
      '<b>3</b> Sekunden <Name>',
    );
  });

  it('bounds the scanner: nesting depth, and many names in linear time', () => {
    const deep = `${'{a, select, other {'.repeat(5000)}x${'}}'.repeat(5000)}`;
    expect(() => messageArguments(deep)).toThrow(MessageSyntaxError);
    const many = Array.from({ length: 50_000 }, (_, i) => `{n${i}}`).join(' ');
    expect(messageArguments(many).names).toHaveLength(50_000);
  });

  it("quotes only braces (and # in a plural), as intl-messageformat does: a'|b' is literal", () => {
    expect(compileSimpleMessage("a'|b'")({})).toBe("a'|b'");
  });
});
