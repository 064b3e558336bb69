import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCatalog } from '../src/catalog.js';
import { CatalogDefinitionError, type CatalogDefinitionErrorCode } from '../src/catalog-error.js';
import { formats } from '../src/formats/index.js';

/** Run a definition that must fail, and return the error's stable code. */
function failure(define: () => unknown): CatalogDefinitionErrorCode {
  try {
    define();
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogDefinitionError);
    expect((error as Error).message).toMatch(/^errata: invalid catalog: /);
    return (error as CatalogDefinitionError).code;
  }
  throw new Error('the definition did not fail');
}

// biome-ignore lint/suspicious/noExplicitAny: deliberately untyped input
const untyped = (definition: unknown) => defineCatalog(definition as any);

describe('documentation members of an entry', () => {
  const catalog = defineCatalog({
    baseCodes: 'UPPER_SNAKE',
    errors: {
      VALIDATION_ERROR: {
        status: 400,
        title: 'Validation error',
        details: z.object({ field: z.string() }),
        causes: ['Missing required fields', 'Wrong data types'],
        resolution: ['Check the `field` property'],
        examples: [
          { title: 'Missing title', message: 'title is required', details: { field: 'title' } },
          { fields: [{ path: ['email'], message: 'not an email', code: 'format' }] },
          { retryAfter: 0 },
        ],
      },
      webhook_delivery_failed: { status: 502, title: 'Delivery failed', reported: true },
    },
  });

  it('keeps them as given', () => {
    expect(catalog.get('VALIDATION_ERROR')).toMatchObject({
      causes: ['Missing required fields', 'Wrong data types'],
      resolution: ['Check the `field` property'],
      reported: false,
    });
    expect(catalog.get('VALIDATION_ERROR')?.examples).toHaveLength(3);
    expect(catalog.get('webhook_delivery_failed')?.reported).toBe(true);
  });

  const entry = { status: 400, title: 'Bad' };
  it.each([
    ['causes a string', { ...entry, causes: 'Missing fields' }, 'ERR_CATALOG_CAUSES'],
    ['causes with an empty item', { ...entry, causes: ['a', ''] }, 'ERR_CATALOG_CAUSES'],
    ['causes with a blank item', { ...entry, causes: ['  '] }, 'ERR_CATALOG_CAUSES'],
    ['causes with a number', { ...entry, causes: [1] }, 'ERR_CATALOG_CAUSES'],
    ['resolution an object', { ...entry, resolution: { a: 'b' } }, 'ERR_CATALOG_RESOLUTION'],
    ['resolution with null', { ...entry, resolution: [null] }, 'ERR_CATALOG_RESOLUTION'],
    ['examples an object', { ...entry, examples: { title: 'x' } }, 'ERR_CATALOG_EXAMPLE'],
    ['example a string', { ...entry, examples: ['x'] }, 'ERR_CATALOG_EXAMPLE'],
    ['example title a number', { ...entry, examples: [{ title: 1 }] }, 'ERR_CATALOG_EXAMPLE'],
    ['example message null', { ...entry, examples: [{ message: null }] }, 'ERR_CATALOG_EXAMPLE'],
    ['example fields an object', { ...entry, examples: [{ fields: {} }] }, 'ERR_CATALOG_EXAMPLE'],
    [
      'example field without message',
      { ...entry, examples: [{ fields: [{ path: ['a'] }] }] },
      'ERR_CATALOG_EXAMPLE',
    ],
    [
      'example field with a bad path',
      { ...entry, examples: [{ fields: [{ path: 'a', message: 'x' }] }] },
      'ERR_CATALOG_EXAMPLE',
    ],
    ['example retryAfter -1', { ...entry, examples: [{ retryAfter: -1 }] }, 'ERR_CATALOG_EXAMPLE'],
    [
      'example retryAfter a string',
      { ...entry, examples: [{ retryAfter: '42' }] },
      'ERR_CATALOG_EXAMPLE',
    ],
    [
      'example details against the schema',
      { ...entry, details: z.object({ field: z.string() }), examples: [{ details: { field: 1 } }] },
      'ERR_CATALOG_EXAMPLE',
    ],
    ['reported a string', { ...entry, reported: 'yes' }, 'ERR_CATALOG_FLAG'],
  ])('%s', (_, def, code) => {
    expect(failure(() => untyped({ errors: { bad: def } }))).toBe(code);
  });

  it('names the code and the faulty item', () => {
    expect(() =>
      untyped({ errors: { bad: { ...entry, examples: [{}, { retryAfter: -5 }] } } }),
    ).toThrow("error 'bad': examples[1]: retryAfter must be a non-negative number of seconds.");
    expect(() => untyped({ errors: { bad: { ...entry, causes: ['ok', 3] } } })).toThrow(
      "error 'bad': causes must be an array of non-empty strings; item 1 is 3.",
    );
  });
});

describe('the format member of a definition', () => {
  it('takes a built-in name or a Format object', () => {
    expect(defineCatalog({ errors: {}, format: 'envelope' }).format?.name).toBe('envelope');
    expect(defineCatalog({ errors: {}, format: formats.laravel }).format).toBe(formats.laravel);
    expect(defineCatalog({ errors: {} }).format).toBeUndefined();
  });

  it.each([
    ['an unknown name', 'hal'],
    ['a number', 7],
    ['null', null],
    ['an object without render', { name: 'mine', contentType: 'application/json', parse() {} }],
    ['an object without a name', { ...formats.problem, name: undefined }],
  ])('refuses %s', (_, format) => {
    expect(failure(() => untyped({ errors: {}, format }))).toBe('ERR_CATALOG_FORMAT');
  });

  it('says what it expected', () => {
    expect(() => untyped({ errors: {}, format: 'hal' })).toThrow(
      /format "hal" is not a built-in format \(problem, envelope/,
    );
  });
});
