/**
 * The docs model from `catalog.reference`: which sections, groups, columns, rows and anchors a
 * page has, and which format it documents. Renderers are tested on their own.
 */
import { describe, expect, it } from 'vitest';
import { vaultCatalog } from '../../../examples/vault/catalog.js';
import { defineCatalog } from '../../../src/catalog.js';
import { docsModel, resolveFormat } from '../../../src/cli/docs/model.js';
import { atPointer } from '../../../src/cli/docs/sample.js';
import type { Block, DocsModel, EntryDoc, GroupDoc, Section } from '../../../src/cli/docs/types.js';
import { formats } from '../../../src/formats/index.js';
import type { ReferenceSection } from '../../../src/reference-types.js';
import {
  acmeCatalog,
  acmeFormat,
  classCatalog,
  entriesCatalog,
  problemCatalog,
  statusCatalog,
  tablesCatalog,
} from './reference-fixtures.js';

const groups = (section: Section | undefined): GroupDoc[] =>
  (section?.blocks ?? []).flatMap((b) => (b.kind === 'codes' ? [b.group] : []));
const entries = (section: Section | undefined): EntryDoc[] =>
  (section?.blocks ?? []).flatMap((b) => (b.kind === 'entry' ? [b.entry] : []));
const verbatim = (section: Section | undefined): Block[] =>
  (section?.blocks ?? []).filter((b) => b.kind === 'json' || b.kind === 'http');
const json = (block: Block | undefined): unknown =>
  block !== undefined && 'text' in block ? JSON.parse(block.text) : undefined;
const table = (section: Section | undefined) => {
  const block = section?.blocks.find((b) => b.kind === 'table');
  if (block?.kind !== 'table') throw new Error('no table');
  return block;
};

/** Every code anchored somewhere on the page, in page order. */
function anchoredCodes(model: DocsModel): string[] {
  const out: string[] = [];
  for (const section of model.sections) {
    for (const block of section.blocks) {
      if (block.kind === 'codes')
        out.push(...block.group.codes.filter((c) => c.anchored).map((c) => c.code));
      if (block.kind === 'entry' && block.entry.anchored) out.push(block.entry.code);
      if (block.kind === 'table') out.push(...(block.anchors ?? []).flat());
    }
  }
  return out;
}

const withSections = (sections: ReferenceSection[]) =>
  defineCatalog({
    errors: {
      thing_missing: {
        status: 404,
        title: 'Thing missing',
        examples: [{ title: 'One', message: 'no' }],
      },
    },
    reference: { sections },
  });

describe('docsModel without a reference', () => {
  it('is the standard page: format, headers, retries, codes, with contents', () => {
    const model = docsModel(vaultCatalog, { wire: 'problem' });
    expect(model.sections.map((s) => s.id)).toEqual([
      'doc/format',
      'doc/headers',
      'doc/retries',
      'doc/codes',
    ]);
    expect([model.title, model.contents, model.custom, model.skipTo.id]).toEqual([
      'Error reference',
      true,
      false,
      'doc/codes',
    ]);
    expect(anchoredCodes(model).sort()).toEqual(
      vaultCatalog
        .entries()
        .map((e) => e.code)
        .sort(),
    );
  });

  it("uses the reference's title and intro when it has no sections; --title wins", () => {
    const catalog = defineCatalog({
      errors: {},
      reference: { title: 'Ours', intro: ['Our words.'] },
    });
    expect(docsModel(catalog)).toMatchObject({
      title: 'Ours',
      lead: ['Our words.'],
      custom: false,
    });
    expect(docsModel(catalog, { title: 'Given' }).title).toBe('Given');
  });

  it('leaves reported codes out', () => {
    const catalog = defineCatalog({
      errors: {
        sent: { status: 400, title: 'Sent' },
        logged: { status: 502, title: 'Logged', reported: true },
      },
    });
    const model = docsModel(catalog);
    expect(anchoredCodes(model)).toContain('sent');
    expect(anchoredCodes(model)).not.toContain('logged');
  });
});

describe('the documented format', () => {
  it("is the catalog's (configured or custom), else problem; a name picks a built-in", () => {
    expect(resolveFormat(tablesCatalog, undefined)).toBe(tablesCatalog.format);
    expect(resolveFormat(acmeCatalog, undefined)).toBe(acmeFormat);
    expect(resolveFormat(vaultCatalog, undefined)).toBe(formats.problem);
    expect(resolveFormat(tablesCatalog, 'problem')).toBe(formats.problem);
    // The catalog's own format by name keeps its options.
    expect(resolveFormat(tablesCatalog, 'envelope')).toBe(tablesCatalog.format);
    expect(resolveFormat(vaultCatalog, acmeFormat)).toBe(acmeFormat);
  });

  it('renders samples through the configured format, and a custom one through its own render', () => {
    const model = docsModel(tablesCatalog);
    expect(json(verbatim(model.sections[0])[0])).toEqual({
      error: {
        code: 'item_not_found',
        message: "Item 'a/b' not found",
        details: { path: 'a/b' },
        requestId: 'req_abc',
      },
    });
    const acme = docsModel(acmeCatalog);
    expect(acme.lead[1]).toContain('Branch on the code');
    const response = acme.sections[0]?.blocks.find((b) => b.kind === 'http');
    expect(response?.kind === 'http' && response.text).toMatch(
      /^HTTP\/1\.1 422 Unprocessable Entity\nContent-Type: application\/vnd\.acme\+json\n/,
    );
    expect(acme.sections[0]?.blocks[0]).toMatchObject({
      text: expect.stringContaining('(the `acme` format)'),
    });
  });
});

describe('docsModel with a reference', () => {
  it('status table: every returned status ascending, 2xx rows, anchors for codes no table lists', () => {
    const model = docsModel(statusCatalog);
    expect(model.sections.map((s) => [s.id, s.title])).toEqual([
      ['doc/body', 'Body'],
      ['doc/status-codes', 'Status codes'],
      ['doc/example-bodies', 'Example bodies'],
      ['doc/retrying', 'Retrying'],
    ]);
    const statuses = table(model.sections[1]);
    expect(statuses.head).toEqual(['Status', 'Meaning', 'When']);
    expect(statuses.rows.map((r) => r[0])).toEqual([
      '200',
      '201',
      '400',
      '401',
      '404',
      '405',
      '406',
      '413',
      '415',
      '422',
      '429',
      '500',
      '503',
      '504',
    ]);
    expect(statuses.rows[0]).toEqual(['200', 'OK', 'Worked.']);
    // Several codes share a status: their descriptions follow one another.
    expect(statuses.rows[2]?.[2]).toMatch(
      /^A field broke its rule\. The request could not be read/,
    );
    expect(statuses.rows.find((r) => r[0] === '422')?.[1]).toBe('Unprocessable Entity');
    expect(statuses.anchors?.[2]).toEqual(['bad_input', 'invalid_request']);
    expect(anchoredCodes(model).sort()).toEqual(
      statusCatalog
        .entries()
        .map((e) => e.code)
        .sort(),
    );
    expect(model.skipTo).toEqual({ id: 'main', label: 'Skip to the content' });
  });

  it('format section: the message given, in the format; examples titled with their status', () => {
    const model = docsModel(statusCatalog);
    expect(json(verbatim(model.sections[0])[0])).toEqual({ message: 'What failed, for people' });
    const examples = model.sections[2]?.blocks ?? [];
    expect(examples.map((b) => b.kind)).toEqual(['paragraph', 'json', 'paragraph', 'json']);
    expect(examples[0]).toEqual({ kind: 'paragraph', strong: 'Empty name', text: '(`400`):' });
    expect(examples[2]).toEqual({ kind: 'paragraph', strong: 'Token invalid', text: '(`401`):' });
    expect(json(examples[3])).toEqual({ message: 'Unknown token' });
  });

  it('retries by status when the body has no code, without the advice when asked', () => {
    const retries = docsModel(statusCatalog).sections[3]?.blocks ?? [];
    expect(retries).toEqual([
      {
        kind: 'paragraph',
        text: 'Retry only responses with these statuses: `429`, `500`, `503`, `504`. Any other error fails the same way until the request changes.',
      },
      {
        kind: 'paragraph',
        text: 'A `429` is final when it is [`quota_exceeded`](#quota_exceeded): the message says which.',
      },
      {
        kind: 'paragraph',
        text: 'A `500` is final when it is [`internal_error`](#internal_error): the message says which.',
      },
      { kind: 'paragraph', text: 'Double the wait each time.' },
    ]);
  });

  it('category tables in catalog order, own titles and columns; reported codes only in their table', () => {
    const model = docsModel(tablesCatalog);
    const [, codes, reported, headers, related] = model.sections;
    expect(codes?.title).toBe('');
    expect(groups(codes).map((g) => [g.id, g.name, g.columns.map((c) => c.header)])).toEqual([
      ['category/auth', 'Authentication / authorization', ['HTTP', 'Code', 'Meaning']],
      ['category/not_found', 'Not found', ['HTTP', 'Code']],
      ['category/rate_limit', 'Rate limit', ['HTTP', 'Code', 'Meaning']],
    ]);
    expect(groups(codes)[1]?.codes.map((c) => c.code)).toEqual(['item_not_found', 'not_found']);
    expect(groups(reported).map((g) => [g.heading, g.name, g.codes.map((c) => c.code)])).toEqual([
      [false, 'Webhook delivery', ['hook_failed', 'hook_timeout']],
    ]);
    expect(groups(reported)[0]?.columns[0]).toEqual({ key: 'status', header: 'HTTP (reported)' });
    expect(headers?.blocks).toEqual([
      { kind: 'paragraph', text: 'On every response:' },
      {
        kind: 'list',
        items: [
          expect.stringMatching(/^`X-Request-ID`: /),
          expect.stringMatching(/^`X-RateLimit-Limit`: /),
          expect.stringMatching(/^`X-RateLimit-Remaining`: /),
          expect.stringMatching(/^`X-RateLimit-Reset`: /),
        ],
      },
      { kind: 'paragraph', text: 'On `429` and `503`:' },
      { kind: 'list', items: ['`Retry-After`: Seconds to wait before retrying (an integer).'] },
    ]);
    expect(related?.blocks).toEqual([
      { kind: 'list', items: ['[Errors](../errors): the semantics.'] },
    ]);
    expect(model.skipTo.id).toBe('doc/codes');
  });

  it('the CLI rate-limit mode beats the section, which beats legacy', () => {
    const list = (model: DocsModel) => JSON.stringify(model.sections[3]?.blocks);
    expect(list(docsModel(tablesCatalog, { rateLimitHeaders: 'ietf' }))).toContain(
      'RateLimit-Policy',
    );
    expect(list(docsModel(tablesCatalog, { rateLimitHeaders: 'none' }))).not.toContain('RateLimit');
  });

  it('one table without a heading; four-member problem bodies, about:blank but for the own type', () => {
    const model = docsModel(problemCatalog);
    const [statuses, example, limits] = model.sections;
    expect(groups(statuses).map((g) => [g.heading, g.codes.map((c) => c.code)])).toEqual([
      [false, ['forbidden', 'limit_reached', 'not_found']],
    ]);
    expect(json(verbatim(example)[0])).toEqual({
      type: 'about:blank',
      title: 'Forbidden',
      status: 403,
      detail: 'Not yours',
    });
    expect(limits?.blocks[0]).toEqual({ kind: 'paragraph', text: 'A `type` of its own:' });
    expect(json(verbatim(limits)[0])).toEqual({
      type: 'limit_reached',
      title: 'Limit Reached',
      status: 403,
      detail: 'Limit reached (3/3).',
    });
  });

  it('entries: Message, Causes, Resolution, examples at /error; statuses leave their anchors alone', () => {
    const model = docsModel(entriesCatalog);
    const [codes, summary, debugging] = model.sections;
    const [unauthorized, validation] = entries(codes);
    expect(unauthorized).toMatchObject({
      code: 'UNAUTHORIZED',
      anchor: 'unauthorized',
      alias: 'UNAUTHORIZED',
      anchored: true,
    });
    expect(unauthorized?.blocks).toEqual([
      { kind: 'paragraph', strong: 'Message:', text: 'Missing or bad key' },
      { kind: 'paragraph', strong: 'Causes:', text: '' },
      { kind: 'list', items: ['No header', 'Revoked key'] },
      { kind: 'paragraph', strong: 'Resolution:', text: '' },
      { kind: 'list', items: ['Send `Authorization`'] },
    ]);
    expect(validation?.blocks.map((b) => b.kind)).toEqual([
      'paragraph',
      'paragraph',
      'list',
      'paragraph',
      'paragraph',
      'json',
      'json',
    ]);
    expect(validation?.blocks[3]).toEqual({
      kind: 'paragraph',
      strong: 'Example errors:',
      text: '',
    });
    expect(validation?.blocks[4]).toEqual({ kind: 'paragraph', text: 'No title:' });
    expect(json(validation?.blocks[5])).toEqual({
      code: 'VALIDATION_ERROR',
      message: 'title is required',
      field: 'title',
    });
    const rows = table(summary);
    expect(rows.rows.slice(0, 3)).toEqual([
      ['204', 'No Content', 'No body'],
      ['400', 'Bad Request', '[`VALIDATION_ERROR`](#validation_error)'],
      ['401', 'Unauthorized', '[`UNAUTHORIZED`](#unauthorized)'],
    ]);
    expect(rows.anchors?.slice(0, 3)).toEqual([[], [], []]);
    expect(rows.anchors?.[3]).toEqual(['not_found']);
    expect(debugging?.blocks).toEqual([
      { kind: 'paragraph', text: 'Keep these in mind:' },
      { kind: 'list', items: ['Log the `requestId`'] },
    ]);
  });

  it('status-class groups in status order, 5xx with its own title and columns', () => {
    const [codes, sample] = docsModel(classCatalog).sections;
    expect(
      groups(codes).map((g) => [
        g.id,
        g.name,
        g.columns.map((c) => c.header).join('|'),
        g.codes.map((c) => c.status),
      ]),
    ).toEqual([
      ['group/4xx', 'Client errors (4xx)', 'Code|Name|Description|Common Causes', [404, 422]],
      ['group/5xx', 'Server errors', 'Code|Name|Description|What To Do', [500, 502]],
    ]);
    expect(groups(codes)[0]?.codes[1]).toMatchObject({
      phrase: 'Unprocessable Entity',
      causes: ['A missing field', 'A wrong type'],
    });
    expect(json(verbatim(sample)[0])).toEqual({
      message: 'The data was invalid.',
      errors: { email: ['The email is required.', 'The email must be valid.'] },
    });
  });

  it('anchors a code once, at its first place, and keeps ids unique', () => {
    const model = docsModel(
      withSections([
        { kind: 'codes', title: 'Same', codes: ['thing_missing'] },
        { kind: 'codes', title: 'Same', layout: 'entries', codes: ['thing_missing'] },
        { kind: 'statuses', id: 'custom-id' },
      ]),
    );
    expect(model.sections.map((s) => s.id)).toEqual(['doc/same', 'doc/same-2', 'custom-id']);
    expect(groups(model.sections[0])[0]?.codes[0]?.anchored).toBe(true);
    expect(entries(model.sections[1])[0]?.anchored).toBe(false);
    expect(table(model.sections[2]).anchors?.flat()).not.toContain('thing_missing');
  });

  it('is deterministic', () => {
    for (const catalog of [
      statusCatalog,
      tablesCatalog,
      problemCatalog,
      entriesCatalog,
      classCatalog,
    ]) {
      expect(docsModel(catalog)).toEqual(docsModel(catalog));
    }
  });

  it('refuses what the catalog cannot show, naming it', () => {
    expect(() => docsModel(withSections([{ kind: 'codes', codes: ['nope'] }]))).toThrow(/"nope"/);
    expect(() => docsModel(withSections([{ kind: 'format', code: 'nope' }]))).toThrow(/"nope"/);
    expect(() =>
      docsModel(withSections([{ kind: 'format', code: 'thing_missing', example: 'Two' }])),
    ).toThrow(/thing_missing has no example "Two"/);
    expect(() => docsModel(withSections([{ kind: 'format', pointer: '/nowhere' }]))).toThrow(
      /"\/nowhere"/,
    );
    expect(() => docsModel(withSections([{ kind: 'prose', title: 'x', id: 'a" b' }]))).toThrow(
      /section id "a\\" b" must start with a letter/,
    );
    expect(atPointer({ 'a/b': { '~': 1 } }, '/a~1b/~0')).toBe(1);
  });
});
