import { Validator } from '@seriousme/openapi-schema-validator';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { vaultCatalog } from '../../../examples/vault/catalog.js';
import type { Catalog } from '../../../src/catalog-types.js';
import { describeCodes, pascalCase, placeAt } from '../../../src/cli/openapi/details.js';
import { openapiDocument } from '../../../src/cli/openapi/document.js';
import { renderExample } from '../../../src/cli/openapi/examples.js';
import { FORMAT_NAMES, formats } from '../../../src/formats/index.js';
import { defineCatalog } from '../../../src/index.js';
import { type OpenApiDoc as Doc, type Media, responseValidator } from '../../helpers/openapi.js';

const Tree = z.object({
  label: z.string(),
  get children() {
    return z.array(Tree);
  },
});
const Leaf = z.object({ id: z.string() });

/** Details of every shape the converter and the formats treat differently. */
const edge = defineCatalog({
  typeBase: 'https://edge.example/errors/',
  domain: 'edge.example',
  errors: {
    strict_thing: { status: 400, title: 'Strict', details: z.strictObject({ id: z.string() }) },
    reserved_names: {
      status: 409,
      title: 'Reserved',
      details: z.object({ status: z.string(), owner: z.string() }),
      message: (d) => `Owned by ${d.owner}.`,
    },
    scalar_details: { status: 400, title: 'Scalar', details: z.string() },
    list_details: { status: 400, title: 'List', details: z.array(z.string()).min(2) },
    tree: { status: 400, title: 'Tree', details: Tree },
    shared: { status: 400, title: 'Shared', details: z.object({ a: Leaf, b: Leaf }) },
    valibot_details: { status: 400, title: 'Valibot', details: v.object({ id: v.string() }) },
    needs_auth: { status: 401, title: 'Auth', headers: { 'WWW-Authenticate': 'Bearer' } },
    meta_example: {
      status: 400,
      title: 'Meta',
      details: z.object({ id: z.string().regex(/^[0-9]+$/) }).meta({ examples: [{ id: '42' }] }),
    },
    hidden: { status: 500, title: 'Hidden', details: z.object({ trace: z.string() }) },
    a_1b: { status: 400, title: 'A', details: z.object({ x: z.number().int().min(5) }) },
    a1b: {
      status: 400,
      title: 'B',
      details: z.object({ when: z.iso.datetime(), mail: z.email(), n: z.number().gt(10).lt(12) }),
    },
    invalid_fields: { status: 422, title: 'Invalid', details: z.object({ form: z.string() }) },
    dated: {
      status: 400,
      title: 'Dated',
      details: z.object({ at: z.date() }),
      message: (d) => `At ${d.at.toISOString()}.`,
    },
  },
  roles: { validation_error: 'invalid_fields' },
});

const validator = new Validator();

async function build(catalog: Catalog, wire: (typeof FORMAT_NAMES)[number]) {
  const { document, notes } = await openapiDocument(catalog, { wire });
  return { doc: JSON.parse(JSON.stringify(document)) as Doc, notes };
}

describe('openapi schemas of details of every shape', () => {
  it.each(FORMAT_NAMES)(
    'validate, with every example matching its response in %s',
    async (wire) => {
      const { doc } = await build(edge as Catalog, wire);
      const result = await validator.validate(structuredClone(doc));
      expect(result.errors).toBeUndefined();
      for (const [key, response] of Object.entries(doc.components.responses)) {
        const media = response.content[formats[wire].contentType] as Media;
        const validate = responseValidator(doc, key);
        for (const [code, example] of Object.entries(media.examples)) {
          expect(
            validate(example.value),
            `${key} ${code}: ${JSON.stringify(validate.errors)}`,
          ).toBe(true);
        }
      }
    },
  );

  it('spreads problem details as members, leaving out what the renderer drops', async () => {
    const { doc, notes } = await build(edge as Catalog, 'problem');
    const { schemas } = doc.components;
    // A strict object cannot be applied to the whole body: its members are copied instead.
    expect(schemas.StrictThingError).toMatchObject({
      required: ['code', 'id'],
      properties: { code: { const: 'strict_thing' }, id: { type: 'string' } },
    });
    expect(schemas.StrictThingError).not.toHaveProperty('allOf');
    // `status` is the problem's own member: the details' `status` never reaches the body.
    expect(schemas.ReservedNamesError).toMatchObject({
      required: ['code', 'owner'],
      properties: { code: { const: 'reserved_names' }, owner: { type: 'string' } },
    });
    expect(Object.keys(schemas.ReservedNamesError?.properties as object)).toEqual([
      'code',
      'owner',
    ]);
    expect(schemas.ScalarDetailsError?.properties).toEqual({
      code: { const: 'scalar_details' },
      details: { $ref: '#/components/schemas/ScalarDetailsDetails' },
    });
    // A recursive schema's references point into the document, at its own component.
    expect(schemas.TreeDetails?.properties).toMatchObject({
      children: { type: 'array', items: { $ref: '#/components/schemas/TreeDetails' } },
    });
    // Codes that share a PascalCase form get distinct names.
    expect(schemas.A1bDetails?.description).toContain('`a_1b`');
    expect(schemas.A1bDetails_2?.description).toContain('`a1b`');
    expect(schemas.HiddenDetails?.description).toMatch(/Never sent/);
    expect(schemas).not.toHaveProperty('HiddenError');
    expect(schemas).not.toHaveProperty('ValibotDetailsDetails');
    expect(notes).toEqual([
      expect.stringMatching(/^details of valibot_details are not described: .*\(valibot\)/),
      expect.stringMatching(/^the example details of dated are a placeholder/),
    ]);

    const examples = (status: number) =>
      doc.components.responses[`Error${status}`]?.content['application/problem+json']?.examples;
    expect(examples(400)?.meta_example?.value).toMatchObject({ id: '42' });
    expect(examples(400)?.a1b?.value).toMatchObject({ n: 11, mail: 'user@example.com' });
    expect(examples(409)?.reserved_names?.value).toMatchObject({ status: 409, owner: 'owner' });
    expect(examples(500)?.hidden?.value).not.toHaveProperty('trace');
    expect(examples(422)?.invalid_fields?.value).toMatchObject({
      form: 'form',
      errors: [{ pointer: '#/name' }, { pointer: '#/items/0/qty', code: 'too_small' }],
    });
    expect(doc.components.responses.Error401?.headers['WWW-Authenticate']).toEqual({
      description: 'Sent with `needs_auth`.',
      required: true,
      schema: { type: 'string', const: 'Bearer' },
    });
  });

  it('says so when a format does not carry details, and describes none', async () => {
    for (const wire of ['message', 'success', 'laravel', 'stripe'] as const) {
      const { doc, notes } = await build(edge as Catalog, wire);
      expect(notes).toEqual([]);
      expect(Object.keys(doc.components.schemas)).toEqual(['Error', 'ErrorCode']);
      expect(doc.components.schemas.Error?.description).toMatch(/no details|nor details/);
    }
  });

  it('ties google metadata and jsonapi meta to each code', async () => {
    const google = (await build(edge as Catalog, 'google')).doc.components.schemas;
    expect(google.SharedError).toMatchObject({
      properties: {
        reason: { const: 'SHARED' },
        metadata: { properties: { a: { type: 'string' }, b: { type: 'string' } } },
      },
    });
    const jsonapi = (await build(edge as Catalog, 'jsonapi')).doc.components.schemas;
    expect(jsonapi.ScalarDetailsError?.properties).toMatchObject({
      meta: { properties: { details: { $ref: '#/components/schemas/ScalarDetailsDetails' } } },
    });
    expect(jsonapi.SharedError?.properties).toMatchObject({
      meta: { $ref: '#/components/schemas/SharedDetails' },
    });
  });

  it('declares every header the renderer sends with each code', async () => {
    for (const catalog of [vaultCatalog, edge] as Catalog[]) {
      for (const wire of FORMAT_NAMES) {
        const { doc } = await build(catalog, wire);
        for (const info of describeCodes(catalog)) {
          const { headers } = await renderExample(catalog, info, wire);
          const declared = Object.keys(
            doc.components.responses[`Error${info.entry.status}`]?.headers ?? {},
          ).map((name) => name.toLowerCase());
          for (const name of Object.keys(headers)) {
            if (name === 'content-type') continue;
            expect(declared, `${wire} ${info.entry.code}`).toContain(name);
          }
        }
      }
    }
  });
});

describe('openapi helpers', () => {
  it('names codes in PascalCase', () => {
    expect(pascalCase('secret_not_found')).toBe('SecretNotFound');
    expect(pascalCase('VALIDATION_ERROR')).toBe('ValidationError');
    expect(pascalCase('rateLimited.v2-beta')).toBe('RateLimitedV2Beta');
  });

  it('moves local references under the component', () => {
    const schema = {
      $id: 'x',
      $ref: '#',
      items: { $ref: '#/$defs/A' },
      other: { $ref: 'https://x/y' },
    };
    expect(placeAt(schema, '#/components/schemas/T')).toEqual({
      $ref: '#/components/schemas/T',
      items: { $ref: '#/components/schemas/T/$defs/A' },
      other: { $ref: 'https://x/y' },
    });
  });
});
