/**
 * How bodies and statuses are written on a reference page: pretty or compact JSON (per section
 * and per code), per-code labels of the entries layout, status cells as text or code spans; and
 * `--wire` picking the format exactly as the contract commands do.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vaultCatalog } from '../../../examples/vault/catalog.js';
import { defineCatalog } from '../../../src/catalog.js';
import type { Catalog } from '../../../src/catalog-types.js';
import { docsHtml } from '../../../src/cli/docs/html.js';
import { jsonText } from '../../../src/cli/docs/json-layout.js';
import { docsMarkdown } from '../../../src/cli/docs/markdown.js';
import { docsModel, resolveFormat } from '../../../src/cli/docs/model.js';
import { commandFormat } from '../../../src/cli/shared/wire-format.js';
import { FORMAT_NAMES, formats } from '../../../src/formats/index.js';
import type { Format } from '../../../src/formats/types.js';
import type { ReferenceCodesSection, ReferenceSection } from '../../../src/reference-types.js';
import { cli } from '../../helpers/cli.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { acmeCatalog, entriesCatalog, statusCatalog, tablesCatalog } from './reference-fixtures.js';

/** A fixture catalog with other sections (a catalog is plain data and closures). */
function withSections(catalog: Catalog, sections: ReferenceSection[]): Catalog {
  return { ...catalog, reference: { sections } } as Catalog;
}

/** The text of every fenced JSON block of a Markdown page, in order. */
function jsonBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => m[1] ?? '');
}

const md = (catalog: Catalog) => docsMarkdown(docsModel(catalog));

describe('jsonText', () => {
  it('pretty is JSON.stringify with two spaces', () => {
    const value = { a: [1, { b: null }], c: 'x' };
    expect(jsonText(value)).toBe(JSON.stringify(value, null, 2));
    expect(jsonText(value, 'pretty')).toBe(JSON.stringify(value, null, 2));
  });

  it('compact is one line, spaced inside braces and after : and ,', () => {
    expect(jsonText({ message: 'Secret not found' }, 'compact')).toBe(
      '{ "message": "Secret not found" }',
    );
    expect(
      jsonText(
        { code: 'X', fields: [{ path: 'a.b', n: 1 }], empty: {}, none: [], ok: true, z: null },
        'compact',
      ),
    ).toBe(
      '{ "code": "X", "fields": [{ "path": "a.b", "n": 1 }], "empty": {}, "none": [], "ok": true, "z": null }',
    );
    // Escapes as JSON does, and the result parses back to the same value.
    const tricky = { 'q"k': 'line\nbreak', u: '\u2028' };
    expect(JSON.parse(jsonText(tricky, 'compact'))).toEqual(tricky);
    expect(jsonText(tricky, 'compact')).not.toContain('\n');
    expect(jsonText('s', 'compact')).toBe('"s"');
  });
});

describe('json option of the sections that print bodies', () => {
  it('leaves pages without it as they are (pretty)', () => {
    const blocks = jsonBlocks(md(statusCatalog));
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(block).toBe(JSON.stringify(JSON.parse(block), null, 2));
  });

  it('format section: one line', () => {
    const page = md(
      withSections(statusCatalog, [{ kind: 'format', message: 'What failed', json: 'compact' }]),
    );
    expect(jsonBlocks(page)).toEqual(['{ "message": "What failed" }']);
  });

  it('examples section: one line per body, also in a whole response', () => {
    const page = md(withSections(statusCatalog, [{ kind: 'examples', json: 'compact' }]));
    expect(jsonBlocks(page)).toEqual([
      '{ "message": "name: must not be empty" }',
      '{ "message": "Unknown token" }',
    ]);
    const response = md(
      withSections(statusCatalog, [
        { kind: 'examples', codes: ['token_invalid'], show: 'response', json: 'compact' },
      ]),
    );
    expect(response).toMatch(/\n\n\{ "message": "Unknown token" \}\n```/);
  });

  it('entries layout: the section sets it, byCode sets it per code', () => {
    const entries = (byCode?: ReferenceCodesSection['byCode'], json?: 'compact') =>
      withSections(entriesCatalog, [
        {
          kind: 'codes',
          layout: 'entries',
          parts: ['examples'],
          pointer: '/error',
          ...(json === undefined ? {} : { json }),
          ...(byCode === undefined ? {} : { byCode }),
        },
      ]);
    const compact = [
      '{ "code": "VALIDATION_ERROR", "message": "title is required", "field": "title" }',
      '{ "code": "VALIDATION_ERROR", "message": "not valid", "field": "email" }',
    ];
    expect(jsonBlocks(md(entries(undefined, 'compact')))).toEqual(compact);
    expect(jsonBlocks(md(entries({ VALIDATION_ERROR: { json: 'compact' } })))).toEqual(compact);
    const back = jsonBlocks(md(entries({ VALIDATION_ERROR: { json: 'pretty' } }, 'compact')));
    expect(back[0]).toBe(JSON.stringify(JSON.parse(compact[0] ?? ''), null, 2));
  });
});

describe('byCode labels (entries layout)', () => {
  const catalog = withSections(entriesCatalog, [
    {
      kind: 'codes',
      layout: 'entries',
      labels: { examples: 'Example errors', causes: 'Why' },
      byCode: {
        UNAUTHORIZED: { labels: { causes: 'Typical causes', description: 'About' } },
        VALIDATION_ERROR: { labels: { examples: 'Response includes' } },
      },
    },
  ]);

  it("win over the section's for their code only, part by part", () => {
    const page = md(catalog);
    const [unauthorized = '', validation = ''] = page.split('### `VALIDATION_ERROR`');
    expect(unauthorized).toContain('**Typical causes:**');
    expect(unauthorized).not.toContain('**Why:**');
    expect(validation).toContain('**Why:**');
    expect(validation).toContain('**Response includes:**');
    expect(validation).not.toContain('Example errors');
    expect(docsHtml(docsModel(catalog))).toContain('<p><strong>Response includes:</strong></p>');
  });

  it('refuse a code the catalog does not define', () => {
    const typo = withSections(entriesCatalog, [
      { kind: 'codes', layout: 'entries', byCode: { RATE_LIMTED: { json: 'compact' } } },
    ]);
    expect(() => docsModel(typo)).toThrow(
      `reference: a codes section's byCode names "RATE_LIMTED", which the catalog does not define`,
    );
  });
});

describe('statusStyle of a status table', () => {
  const rows = (catalog: Catalog) =>
    md(catalog)
      .split('\n')
      .filter((l) => /^\| (<a [^>]*><\/a>)*`?\d{3}/.test(l))
      .map((l) => l.replace(/<a [^>]*><\/a>/g, '').split(' | ')[0] ?? '');

  it('writes plain numbers by default and code spans when asked', () => {
    const plain = rows(statusCatalog);
    expect(plain.slice(0, 3)).toEqual(['| 200', '| 201', '| 400']);
    for (const cell of plain) expect(cell).toMatch(/^\| \d{3}$/);
    const spec = statusCatalog.reference?.sections?.find((s) => s.kind === 'statuses');
    const coded = withSections(statusCatalog, [{ ...spec, kind: 'statuses', statusStyle: 'code' }]);
    expect(rows(coded)).toEqual(plain.map((cell) => cell.replace(/(\d{3})/, '`$1`')));
    expect(docsHtml(docsModel(coded))).toContain('<span id="bad_input"></span>');
    expect(docsHtml(docsModel(coded))).toMatch(/<\/span><code>400<\/code><\/th>/);
  });
});

/** A hand-written format that takes a built-in name but has its own shape (and schema). */
const impostor: Format = {
  ...formats.envelope,
  schema: () => ({ type: 'object' }),
  render: (error) => ({
    status: error.status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fault: error.code }),
  }),
};

describe('the documented format', () => {
  it('is the one every contract command picks, for every --wire and none', () => {
    const impostorCatalog = defineCatalog({ format: impostor, errors: {} });
    const catalogs = [vaultCatalog, tablesCatalog, acmeCatalog, impostorCatalog] as Catalog[];
    for (const catalog of catalogs) {
      for (const wire of [undefined, ...FORMAT_NAMES]) {
        expect(resolveFormat(catalog, wire), `${wire}`).toBe(commandFormat(catalog, wire));
      }
    }
    // A custom shape under a built-in name is not that built-in: --wire envelope means errata's.
    expect(resolveFormat(impostorCatalog, undefined)).toBe(impostor);
    expect(resolveFormat(impostorCatalog, 'envelope')).toBe(formats.envelope);
  });

  it('errata docs --wire takes it through commandFormat', { timeout: 90_000 }, async () => {
    const module = `
import { defineCatalog, formats } from ${JSON.stringify(resolve('src/index.ts'))};
const impostor = {
  ...formats.envelope,
  schema: () => ({ type: 'object' }),
  render: (error) => ({ status: error.status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fault: error.code }) }),
};
export const catalog = defineCatalog({ format: impostor, errors: {}, reference: { sections: [{ kind: 'format', code: 'not_found', json: 'compact' }] } });
`;
    const { dir, cleanup } = await makeTempDir('errata-docs-', { 'errors.ts': module });
    try {
      const own = await cli(['docs', 'errors.ts'], dir);
      expect([own.code, own.stderr]).toEqual([0, '']);
      expect(jsonBlocks(own.stdout)).toEqual(['{ "fault": "not_found" }']);
      const wire = await cli(['docs', 'errors.ts', '--wire', 'envelope'], dir);
      expect([wire.code, wire.stderr]).toEqual([0, '']);
      expect(jsonBlocks(wire.stdout)[0]).toMatch(/^\{ "error": \{ "code": "not_found", /);
    } finally {
      await cleanup();
    }
  });
});
