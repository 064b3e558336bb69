import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Catalog } from '../../../src/catalog-types.js';
import { openapiDocument } from '../../../src/cli/openapi/document.js';
import { defineCatalog, type Format, formats } from '../../../src/index.js';
import { cli } from '../../helpers/cli.js';
import { type OpenApiDoc as Doc, type Media, responseValidator } from '../../helpers/openapi.js';
import { catalog as custom } from '../fixtures/wire/custom.js';
import { catalog as envelope } from '../fixtures/wire/envelope-configured.js';
import { catalog as bare } from '../fixtures/wire/problem-bare.js';
import { catalog as typed } from '../fixtures/wire/problem-typed.js';

const validator = new Validator();

async function build(catalog: Catalog, wire?: Format): Promise<Doc> {
  const { document } = await openapiDocument(catalog, wire === undefined ? {} : { wire });
  return JSON.parse(JSON.stringify(document)) as Doc;
}

/** Every response's examples (rendered by the format itself) validate against its schema. */
async function expectValid(doc: Doc): Promise<void> {
  const result = await validator.validate(structuredClone(doc));
  expect(result.errors).toBeUndefined();
  for (const [key, response] of Object.entries(doc.components.responses)) {
    const validate = responseValidator(doc, key);
    for (const media of Object.values(response.content)) {
      for (const [code, example] of Object.entries(media.examples)) {
        expect(validate(example.value), `${key} ${code}: ${JSON.stringify(validate.errors)}`).toBe(
          true,
        );
      }
    }
  }
}

const media = (doc: Doc, response: string): Media =>
  Object.values(doc.components.responses[response]?.content ?? {})[0] as Media;
const errorMembers = (doc: Doc) =>
  (doc.components.schemas.Error as { properties: { error: { properties: object } } }).properties
    .error.properties;

/** A catalog with details and a validation code, in any format. */
const sample = (format: Format) =>
  defineCatalog({
    format,
    errors: {
      thing_missing: {
        status: 404,
        title: 'Thing missing',
        details: z.object({ thing: z.string() }),
      },
      slow_down: { status: 429, title: 'Slow down' },
    },
  }) as Catalog;

/** Every built-in format with options that rename or leave out its members. */
const CONFIGURED: Format[] = [
  formats.problem.with({
    members: { instance: false, request_id: 'requestId', errors: 'invalid_params' },
    retryAfter: 'retry_after',
    type: 'code',
  }),
  formats.envelope.with({ members: { code: 'error_code', fields: 'errors', doc_url: false } }),
  formats.message.with({ members: { message: 'error' } }),
  formats.success.with({
    members: { field: 'param', requestId: 'request_id' },
    timestamp: 'seconds',
  }),
  formats.success.with({ timestamp: false, members: { retryAfter: false } }),
  formats.laravel.with({ members: { message: 'msg', errors: 'violations' } }),
  formats.google.with({ members: { RequestInfo: false, Help: false } }),
  formats.jsonapi.with({ members: { request_id: 'requestId', meta: false, links: false } }),
  formats.stripe.with({ members: { param: 'parameter', doc_url: false } }),
];

describe('errata openapi in a configured or custom format', { timeout: 120_000 }, () => {
  it.each(CONFIGURED.map((f) => [`${f.name} ${JSON.stringify(f.options)}`, f] as const))(
    'is valid, and every example (rendered with the options) matches: %s',
    async (_name, format) => {
      await expectValid(await build(sample(format)));
    },
  );

  it("describes the catalog's envelope under its member names, without reported codes", async () => {
    const doc = await build(envelope as Catalog);
    await expectValid(doc);
    expect(Object.keys(errorMembers(doc))).toEqual([
      'code',
      'message',
      'details',
      'requestId',
      'retry_after',
    ]);
    expect(doc.components.schemas.ErrorCode?.enum).not.toContain('webhook_failed');
    expect(doc.components.responses).not.toHaveProperty('Error502');
    const validate = responseValidator(doc, 'Error503');
    const value = media(doc, 'Error503').examples.vault_sealed?.value as {
      error: Record<string, unknown>;
    };
    expect(value.error).toMatchObject({ code: 'vault_sealed', retry_after: 1 });
    expect(value.error).not.toHaveProperty('doc_url');
    const { retry_after: _, ...without } = value.error;
    expect(validate({ error: without })).toBe(false);
    expect(doc.info).toMatchObject({ title: 'API errors' });
  });

  it('describes four-member problem bodies, told apart by status and type (seed 002)', async () => {
    const doc = await build(bare as Catalog);
    await expectValid(doc);
    expect(doc.components.schemas.Error?.required).toEqual(['type', 'title', 'status', 'detail']);
    expect(doc.components.schemas.ErrorCode?.description).toMatch(/told by `type`/);
    const limit = media(doc, 'Error403').examples.resource_limit_exceeded?.value;
    expect(limit).toEqual({
      type: 'resource_limit_exceeded',
      title: 'Resource limit exceeded',
      status: 403,
      detail: 'Resource limit exceeded',
    });
    const validate = responseValidator(doc, 'Error403');
    expect(validate({ ...(limit as object), type: 'about:blank' })).toBe(false);
    const missing = media(doc, 'Error404').examples.vault_not_found?.value as object;
    expect(Object.keys(missing)).toEqual(['type', 'title', 'status', 'detail']);
  });

  it('hangs the code union on `type` when the type is the code', async () => {
    const doc = await build(typed as Catalog);
    await expectValid(doc);
    const error = doc.components.schemas.Error as {
      discriminator: { propertyName: string; mapping: Record<string, string> };
    };
    expect(error.discriminator.propertyName).toBe('type');
    expect(error.discriminator.mapping.vault_not_found).toBe(
      '#/components/schemas/VaultNotFoundError',
    );
    const validate = responseValidator(doc, 'Error404');
    const body = media(doc, 'Error404').examples.vault_not_found?.value as Record<string, unknown>;
    expect(body).toMatchObject({
      type: 'vault_not_found',
      vault: 'vault',
      requestId: expect.any(String),
    });
    expect(body).not.toHaveProperty('code');
    expect(validate({ ...body, vault: 1 })).toBe(false);
  });

  it('describes a custom format by its own schema, with examples from its render', async () => {
    const doc = await build(custom as Catalog);
    await expectValid(doc);
    expect(Object.keys(doc.components.responses.Error404?.content ?? {})).toEqual([
      'application/vnd.acme.error+json',
    ]);
    expect(doc.components.schemas.Error).toMatchObject({
      required: ['fault'],
      properties: { fault: { required: ['id', 'text'] } },
    });
    const found = media(doc, 'Error404').examples.widget_not_found?.value;
    expect(found).toEqual({
      fault: {
        id: 'widget_not_found',
        text: 'Widget not found',
        ref: expect.any(String),
        info: { widget: 'widget' },
      },
    });
    const validate = responseValidator(doc, 'Error404');
    expect(validate({ fault: { id: 'widget_locked', text: 'x' } })).toBe(false);
    expect(validate({ fault: { id: 'widget_not_found', text: 'x', info: { widget: 2 } } })).toBe(
      false,
    );
    expect(doc.components.schemas.WidgetNotFoundError).toMatchObject({
      properties: { fault: { properties: { id: { const: 'widget_not_found' } } } },
    });
  });

  it("takes the catalog's format on the command line, and --wire overrides it", async () => {
    const own = await cli(['openapi', 'test/cli/fixtures/wire/envelope-configured.ts']);
    expect(own.stderr).toBe('');
    const doc = JSON.parse(own.stdout) as Doc;
    expect(errorMembers(doc)).toHaveProperty('requestId');
    expect(doc.info).toMatchObject({
      description: expect.stringContaining('configured with {"members"'),
    });
    // The same name keeps the catalog's options; another name is that built-in as it is.
    const same = await cli([
      'openapi',
      'test/cli/fixtures/wire/envelope-configured.ts',
      '--wire',
      'envelope',
    ]);
    expect(same.stdout).toBe(own.stdout);
    const other = await cli(['openapi', 'test/cli/fixtures/wire/custom.ts', '--wire', 'problem']);
    expect(other.code).toBe(0);
    const problem = JSON.parse(other.stdout) as Doc;
    expect(Object.keys(problem.components.responses.Error404?.content ?? {})).toEqual([
      'application/problem+json',
    ]);
  });
});
