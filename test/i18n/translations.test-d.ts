import { expectTypeOf, test } from 'vitest';
import { z } from 'zod';
import {
  defineCatalog,
  type LocaleTranslations,
  type MessageArgumentNames,
  type MessageContext,
} from '../../src/index.js';

const errors = {
  secret_not_found: {
    status: 404,
    title: 'Secret not found',
    details: z.object({ name: z.string(), version: z.number() }),
  },
  plain: { status: 409, title: 'Plain' },
};

test('the argument names of an ICU literal', () => {
  expectTypeOf<MessageArgumentNames<'{a} and {b}'>>().toEqualTypeOf<'a' | 'b'>();
  expectTypeOf<
    MessageArgumentNames<'{n, plural, one {# of {owner}} other {# keys}} {x}'>
  >().toEqualTypeOf<'n' | 'owner' | 'x'>();
  expectTypeOf<MessageArgumentNames<'no arguments'>>().toEqualTypeOf<never>();
  expectTypeOf<MessageArgumentNames<string>>().toEqualTypeOf<never>();
  // Deeper than any fixed list of depths: arguments are found by the parity of the depth.
  expectTypeOf<
    MessageArgumentNames<'{a, select, other {{b, select, other {{c, select, other {{d, select, other {{e, select, other {{f, select, other {{deep}}}}}}}}}}}}}'>
  >().toEqualTypeOf<'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'deep'>();
});

test('translation functions get the typed details and the context', () => {
  defineCatalog({
    errors,
    translations: {
      de: {
        errors: {
          secret_not_found: {
            message: (d, context) => {
              expectTypeOf(d).toEqualTypeOf<{ name: string; version: number }>();
              expectTypeOf(context).toEqualTypeOf<MessageContext>();
              return `${d.name} v${d.version}`;
            },
          },
          plain: {
            message: (d) => {
              expectTypeOf(d).toEqualTypeOf<undefined>();
              return 'x';
            },
          },
          // base codes of the catalog can be translated too
          not_found: { title: 'Nicht gefunden' },
        },
      },
    },
  });
});

test('string placeholders are checked against the details', () => {
  defineCatalog({
    errors,
    translations: {
      de: { errors: { secret_not_found: { message: '{name} v{version}, {retryAfter}' } } },
    },
  });
  defineCatalog({
    errors,
    // @ts-expect-error: {nom} is not a member of the details
    translations: { de: { errors: { secret_not_found: { message: 'Geheimnis {nom}' } } } },
  });
  defineCatalog({
    errors,
    // @ts-expect-error: a code without details has no {name}
    translations: { de: { errors: { plain: { message: 'x {name}' } } } },
  });
  defineCatalog({
    errors,
    // @ts-expect-error: the catalog has no such code
    translations: { de: { errors: { nope: { message: 'x' } } } },
  });
  defineCatalog({
    errors,
    translations: {
      // @ts-expect-error: a function must return a string
      de: { errors: { plain: { message: () => 3 } } },
    },
  });
});

test('a locale from JSON (wide strings) joins beside checked ones, functions still typed', () => {
  const fr = { errors: { secret_not_found: { message: 'Secret {name}' } } };
  const wide: LocaleTranslations = { errors: { plain: { message: 'x' } } };
  const catalog = defineCatalog({
    errors,
    translations: {
      de: { errors: { secret_not_found: { message: (d) => d.name } } },
      fr,
      it: wide,
    },
  });
  expectTypeOf(catalog.locales).toEqualTypeOf<readonly string[]>();
  expectTypeOf(catalog.localize(catalog.error('plain'), 'de').locale).toEqualTypeOf<
    string | undefined
  >();
});
