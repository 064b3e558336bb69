import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { vaultCatalog } from '../../../examples/vault/catalog.js';
import { baseCatalog } from '../../../src/catalog.js';
import type { Catalog } from '../../../src/catalog-types.js';
import { type OpenApiOptions, openapiDocument } from '../../../src/cli/openapi/document.js';
import { EXAMPLE_REQUEST_ID } from '../../../src/cli/openapi/examples.js';
import { FORMAT_NAMES, formats } from '../../../src/formats/index.js';
import { renderError } from '../../../src/render.js';
import { cli } from '../../helpers/cli.js';
import { type OpenApiDoc as Doc, type Media, responseValidator } from '../../helpers/openapi.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const VAULT = 'examples/vault/catalog.ts';
// src/catalog.ts exports one catalog, errata's own base catalog.
const BASE = 'src/catalog.ts';

// Each command line runs once, and the per-format matrix builds its documents in-process (the
// same function the command prints, as the first test pins).
const runs = new Map<string, Promise<{ text: string; doc: Doc }>>();
function generate(args: string[]): Promise<{ text: string; doc: Doc }> {
  const key = JSON.stringify(args);
  let run = runs.get(key);
  if (run === undefined) {
    run = cli(['openapi', ...args]).then(({ code, stdout, stderr }) => {
      expect(stderr).toBe('');
      expect(code).toBe(0);
      return { text: stdout, doc: JSON.parse(stdout) as Doc };
    });
    runs.set(key, run);
  }
  return run;
}

async function build(catalog: Catalog, options: OpenApiOptions): Promise<Doc> {
  const { document } = await openapiDocument(catalog, options);
  return JSON.parse(JSON.stringify(document)) as Doc;
}

// One validator for the file: it compiles the OpenAPI meta-schemas on first use (about a second).
const validator = new Validator();

const tmp = useTempDir('errata-openapi-');

describe('errata openapi', () => {
  it('prints the document openapiDocument builds, for a module of any catalog', async () => {
    const { text } = await generate([VAULT]);
    const { document } = await openapiDocument(vaultCatalog, { wire: 'problem' });
    expect(text).toBe(`${JSON.stringify(document, null, 2)}\n`);
    const base = await cli(['openapi', BASE, '--wire', 'stripe']);
    expect(base.code).toBe(0);
    const expected = await openapiDocument(baseCatalog, { wire: 'stripe' });
    expect(base.stdout).toBe(`${JSON.stringify(expected.document, null, 2)}\n`);
  });

  for (const [name, catalog] of [
    ['vault', vaultCatalog],
    ['base', baseCatalog],
  ] as const) {
    it.each(FORMAT_NAMES)(
      `is a valid OpenAPI 3.1 document for the ${name} catalog in %s`,
      async (wire) => {
        const doc = await build(catalog as Catalog, { wire });
        const result = await validator.validate(structuredClone(doc));
        expect(result.errors).toBeUndefined();
        expect(result.valid).toBe(true);
        expect(validator.version).toBe('3.1');
        expect(doc.openapi).toBe('3.1.0');

        const { schemas, responses } = doc.components;
        expect(Object.keys(schemas).slice(0, 2)).toEqual(['Error', 'ErrorCode']);
        const codes = schemas.ErrorCode?.enum as string[];
        const seen: string[] = [];
        for (const [key, response] of Object.entries(responses)) {
          const status = Number(key.replace('Error', ''));
          expect(Object.keys(response.content)).toEqual([formats[wire].contentType]);
          const media = response.content[formats[wire].contentType] as Media;
          const validate = responseValidator(doc, key);
          for (const [code, example] of Object.entries(media.examples)) {
            seen.push(code);
            expect(
              validate(example.value),
              `${key} ${code}: ${JSON.stringify(validate.errors)}`,
            ).toBe(true);
          }
          const retry = 'Retry-After' in response.headers;
          // 409 carries it for idempotency_in_flight (the vault opts in to the roles), not required.
          expect(retry, key).toBe(status === 429 || status === 503 || status === 409);
          if (status === 409) {
            expect(response.headers['Retry-After']).toMatchObject({ required: false });
          }
          expect(response.headers['X-Request-ID']).toEqual({
            $ref: '#/components/headers/X-Request-ID',
          });
        }
        // One example per code, each under its status's response.
        expect(seen.sort()).toEqual([...codes].sort());
      },
    );
  }

  it('renders the examples with the real renderer and a fixed request id', async () => {
    const { doc } = await generate([VAULT]);
    const media = doc.components.responses.Error404?.content['application/problem+json'] as Media;
    const expected = renderError(vaultCatalog.error('secret_not_found', { name: 'name' }), {
      requestId: EXAMPLE_REQUEST_ID,
    });
    expect(media.examples.secret_not_found?.value).toEqual(JSON.parse(expected.body));
    expect(media.examples.secret_not_found?.summary).toBe('Secret not found');
  });

  it('ties each code to its details schema through a discriminated oneOf', async () => {
    const { doc } = await generate([VAULT]);
    const { schemas } = doc.components;
    expect(schemas.SecretNotFoundDetails).toMatchObject({
      type: 'object',
      properties: { name: { type: 'string' } },
      required: ['name'],
    });
    const error = schemas.Error as { discriminator: { mapping: Record<string, string> } };
    expect(error.discriminator.mapping.secret_not_found).toBe(
      '#/components/schemas/SecretNotFoundError',
    );
    expect(error.discriminator.mapping.not_found).toBe('#/components/schemas/OtherError');
    expect(schemas.SecretNotFoundError).toMatchObject({
      properties: { code: { const: 'secret_not_found' } },
      allOf: [{ $ref: '#/components/schemas/SecretNotFoundDetails' }],
    });
  });

  it('rejects bodies that break the contract (the schemas are not vacuous)', async () => {
    const { doc } = await generate([VAULT]);
    const media = doc.components.responses.Error404?.content['application/problem+json'] as Media;
    const validate = responseValidator(doc, 'Error404');
    const body = media.examples.secret_not_found?.value as Record<string, unknown>;
    expect(validate(body)).toBe(true);
    const { name: _, ...withoutDetails } = body;
    expect(validate(withoutDetails)).toBe(false);
    expect(validate({ ...body, code: 'version_conflict' })).toBe(false);
    expect(validate({ ...body, status: 400 })).toBe(false);
    expect(validate({ ...body, name: 42 })).toBe(false);

    const envelope = await build(vaultCatalog, { wire: 'envelope' });
    const conflict = envelope.components.responses.Error409?.content['application/json'] as Media;
    const check = responseValidator(envelope, 'Error409');
    const value = conflict.examples.version_conflict?.value as { error: Record<string, unknown> };
    expect(check(value)).toBe(true);
    const broken = {
      error: { ...value.error, details: { name: 'db', expected: '1', current_version: 'x' } },
    };
    expect(check(broken)).toBe(false);
  });

  it('writes byte-identical output on every run, to stdout and to --out', async () => {
    for (const wire of FORMAT_NAMES) {
      const first = await openapiDocument(vaultCatalog, { wire });
      const second = await openapiDocument(vaultCatalog, { wire });
      expect(JSON.stringify(second.document)).toBe(JSON.stringify(first.document));
    }
    const first = await generate([VAULT]);
    const out = join(tmp.dir, 'nested', 'errors.json');
    const written = await cli(['openapi', VAULT, '--out', out]);
    expect(written).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await readFile(out, 'utf8')).toBe(first.text);
    expect(first.text.endsWith('}\n')).toBe(true);
  });

  it('writes YAML that reads back as the same document and validates', async () => {
    const { code, stdout } = await cli(['openapi', VAULT, '--wire', 'google', '--format', 'yaml']);
    expect(code).toBe(0);
    expect(stdout.startsWith('openapi: "3.1.0"\n')).toBe(true);
    expect(parseYaml(stdout)).toEqual(await build(vaultCatalog, { wire: 'google' }));
    const result = await validator.validate(stdout);
    expect(result.valid).toBe(true);
  });

  it('takes --export, --title and --rate-limit-headers', async () => {
    const { doc } = await generate([
      VAULT,
      '--export',
      'vaultCatalog',
      '--title',
      'Vault errors',
      '--rate-limit-headers',
      'ietf',
      '--version',
      '3.1',
    ]);
    expect(doc.info.title).toBe('Vault errors');
    expect(Object.keys(doc.components.responses.Error429?.headers ?? {})).toEqual([
      'X-Request-ID',
      'Cache-Control',
      // The vault has translations: every error says its language, and varies by Accept-Language.
      'Content-Language',
      'Vary',
      'Retry-After',
      'RateLimit-Policy',
      'RateLimit',
    ]);
    expect(doc.components.responses.Error405?.headers).toHaveProperty('Allow');
    const none = await build(vaultCatalog, { wire: 'problem', rateLimitHeaders: 'none' });
    expect(Object.keys(none.components.responses.Error429?.headers ?? {})).toEqual([
      'X-Request-ID',
      'Cache-Control',
      'Content-Language',
      'Vary',
      'Retry-After',
    ]);
    // Every header component is there for the API's own operations to reference.
    expect(Object.keys(doc.components.headers)).toEqual([
      'X-Request-ID',
      'Cache-Control',
      'Retry-After',
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
      'RateLimit-Policy',
      'RateLimit',
      'Content-Language',
      'Vary',
      'Idempotent-Replayed',
    ]);
    expect(doc.components.headers['Content-Language']).toMatchObject({
      required: true,
      schema: { type: 'string', enum: ['en', 'de', 'fr'] },
    });
    // The vault opts in to the Idempotency-Key roles: the request header is documented too.
    expect(doc.components.parameters?.['Idempotency-Key']).toMatchObject({
      in: 'header',
      required: false,
    });
  });

  it('prints its help and exits 0', async () => {
    const { code, stdout } = await cli(['openapi', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: errata openapi <catalog>/);
    for (const flag of ['--wire', '--version', '--export', '--out', '--format']) {
      expect(stdout).toContain(flag);
    }
  });

  it.each([
    [[VAULT, '--wire', 'xml'], /--wire must be one of problem, envelope/],
    [[VAULT, '--version', '3.0'], /--version must be one of 3\.1/],
    [[VAULT, '--format', 'toml'], /--format must be one of json, yaml/],
    [[VAULT, '--rate-limit-headers', 'all'], /--rate-limit-headers must be one of/],
    [[VAULT, '--bogus'], /Unknown option '--bogus'/],
    [[], /expected <catalog>, got 0/],
    [['missing.ts'], /no such catalog module: missing\.ts/],
    [[VAULT, '--export', 'nope'], /has no catalog export named nope/],
  ])('exits 2 with a one-line reason on bad usage: %j', async (args, reason) => {
    const { code, stdout, stderr } = await cli(['openapi', ...args]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(reason);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
