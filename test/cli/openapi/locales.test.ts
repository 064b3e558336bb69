/**
 * `errata openapi` for a catalog with translations: every response declares `Content-Language`
 * and `Vary`, and the google format its `LocalizedMessage` detail entry; bodies rendered in
 * each locale validate. A catalog without translations describes none of it.
 */
import { describe, expect, it } from 'vitest';
import { vaultCatalog } from '../../../examples/vault/catalog.js';
import { baseCatalog } from '../../../src/catalog.js';
import type { Catalog } from '../../../src/catalog-types.js';
import { openapiDocument } from '../../../src/cli/openapi/document.js';
import { FORMAT_NAMES, type Format, formats } from '../../../src/formats/index.js';
import { renderError } from '../../../src/render.js';
import { type OpenApiDoc as Doc, responseValidator } from '../../helpers/openapi.js';

async function build(catalog: Catalog, wire: Format | (typeof FORMAT_NAMES)[number]) {
  const { document } = await openapiDocument(catalog, { wire });
  return JSON.parse(JSON.stringify(document)) as Doc;
}

describe('openapi for a translated catalog', () => {
  it('declares Content-Language and Vary on every response, in every format', async () => {
    for (const wire of FORMAT_NAMES) {
      const doc = await build(vaultCatalog as Catalog, wire);
      for (const [key, response] of Object.entries(doc.components.responses)) {
        expect(response.headers['Content-Language'], `${wire} ${key}`).toEqual({
          $ref: '#/components/headers/Content-Language',
        });
        expect(response.headers.Vary, `${wire} ${key}`).toEqual({
          $ref: '#/components/headers/Vary',
        });
      }
      expect(doc.components.headers['Content-Language']).toMatchObject({
        required: true,
        schema: { type: 'string', enum: ['en', 'de', 'fr'] },
      });
      // Vary is left out when the app chose the language itself (preferredLocale).
      expect(doc.components.headers.Vary).not.toHaveProperty('required');
      const plain = await build(baseCatalog, wire);
      expect(plain.components.headers).not.toHaveProperty('Content-Language');
      for (const response of Object.values(plain.components.responses)) {
        expect(Object.keys(response.headers)).not.toContain('Content-Language');
        expect(Object.keys(response.headers)).not.toContain('Vary');
      }
    }
  });

  it('describes the google LocalizedMessage entry, and bodies in each locale validate', async () => {
    const doc = await build(vaultCatalog as Catalog, 'google');
    expect(doc.components.schemas.LocalizedMessage).toMatchObject({
      required: ['@type', 'locale', 'message'],
      properties: {
        '@type': { const: 'type.googleapis.com/google.rpc.LocalizedMessage' },
        locale: { enum: ['en', 'de', 'fr'] },
      },
    });
    expect(doc.components.schemas.Error?.description).toContain('`LocalizedMessage`');
    const validate = responseValidator(doc, 'Error404');
    const error = vaultCatalog.error('secret_not_found', { name: 'db' });
    for (const acceptLanguage of ['de', 'fr', 'en', undefined]) {
      const rendered = renderError(error, {
        catalog: vaultCatalog,
        format: 'google',
        requestId: 'req_1',
        acceptLanguage,
      });
      const body = JSON.parse(rendered.body) as unknown;
      expect(validate(body), `${acceptLanguage}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    const german = JSON.parse(
      renderError(error, { catalog: vaultCatalog, format: 'google', acceptLanguage: 'de' }).body,
    ) as { error: { details: { '@type': string }[] } };
    expect(german.error.details.map((d) => d['@type'].split('.').pop())).toContain(
      'LocalizedMessage',
    );
  });

  it('leaves LocalizedMessage out when the options do, or the catalog has no translations', async () => {
    const off = formats.google.with({ members: { LocalizedMessage: false } });
    const without = await build(vaultCatalog as Catalog, off);
    expect(without.components.schemas).not.toHaveProperty('LocalizedMessage');
    expect(without.components.schemas.Error?.description).not.toContain('LocalizedMessage');
    const plain = await build(baseCatalog, 'google');
    expect(plain.components.schemas).not.toHaveProperty('LocalizedMessage');
  });
});
