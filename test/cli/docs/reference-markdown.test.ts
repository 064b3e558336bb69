/**
 * Markdown of pages laid out by `catalog.reference`: each section kind, anchors, escaping, and
 * the CLI reading the catalog's format and layout.
 */
import { describe, expect, it } from 'vitest';
import { codeAnchor } from '../../../src/catalog.js';
import type { Catalog } from '../../../src/catalog-types.js';
import { docsMarkdown } from '../../../src/cli/docs/markdown.js';
import { docsModel } from '../../../src/cli/docs/model.js';
import { cli } from '../../helpers/cli.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import {
  classCatalog,
  entriesCatalog,
  hostileCatalog,
  problemCatalog,
  statusCatalog,
  tablesCatalog,
} from './reference-fixtures.js';

const page = (catalog: Catalog) => docsMarkdown(docsModel(catalog));
const headings = (markdown: string) => markdown.match(/^#{1,3} .*$/gm);
/** The text after a line, up to the next blank line. */
const following = (markdown: string, line: string) =>
  (markdown.split(`${line}\n\n`)[1]?.split('\n\n')[0] ?? '').trimEnd();

describe('errata docs (Markdown) with a reference layout', () => {
  it('status table with 2xx rows, example bodies, retries by status', () => {
    const md = page(statusCatalog);
    expect(headings(md)).toEqual([
      '# Errors',
      '## Body',
      '## Status codes',
      '## Example bodies',
      '## Retrying',
    ]);
    expect(md).not.toContain('- [Body](#doc/body)'); // no table of contents unless asked
    expect(md).toContain('Each failure has a status and a `message`.');
    expect(following(md, '## Body')).toBe(
      '```json\n{\n  "message": "What failed, for people"\n}\n```',
    );
    expect(md).toContain(
      '| Status | Meaning | When |\n| --- | --- | --- |\n| 200 | OK | Worked. |\n| 201 | Created | Stored. |\n',
    );
    expect(md).toContain(
      '| <a id="bad_input"></a><a id="invalid_request"></a>400 | Bad Request | A field broke its rule.',
    );
    expect(md).toContain('| <a id="validation_error"></a>422 | Unprocessable Entity |');
    expect(following(md, '**Empty name** (`400`):')).toBe(
      '```json\n{\n  "message": "name: must not be empty"\n}\n```',
    );
    expect(md).toContain('**Token invalid** (`401`):');
    expect(md).toMatch(/Retry only responses with these statuses: `429`, `500`, `503`, `504`\./);
    expect(md).not.toContain('Idempotency-Key');
    expect(md.endsWith('Double the wait each time.\n')).toBe(true);
  });

  it('category tables as sections of the page, a reported table, headers as lists, prose', () => {
    const md = page(tablesCatalog);
    expect(headings(md)).toEqual([
      '# Error codes',
      '## Envelope',
      '## Authentication / authorization',
      '## Not found',
      '## Rate limit',
      '## Webhook delivery',
      '## Headers',
      '## Related',
    ]);
    expect(md).toContain('<a id="category/auth"></a>\n\n## Authentication / authorization');
    expect(md).toContain('"requestId": "req_abc"');
    expect(following(md, '## Not found')).toBe(
      '| HTTP | Code |\n| --- | --- |\n| 404 | <a id="item_not_found"></a>[`item_not_found`](#item_not_found) |\n| 404 | <a id="not_found"></a>[`not_found`](#not_found) |',
    );
    expect(following(md, '## Webhook delivery')).toBe(
      [
        '| HTTP (reported) | Code | Meaning |',
        '| --- | --- | --- |',
        '| 502 | <a id="hook_failed"></a>[`hook_failed`](#hook_failed) | The endpoint answered non-2xx. |',
        '| 504 | <a id="hook_timeout"></a>[`hook_timeout`](#hook_timeout) | No answer in 10 s. |',
      ].join('\n'),
    );
    // Reported codes appear in their own table only.
    expect(md.match(/hook_failed/g)).toHaveLength(3);
    expect(following(md, '## Headers')).toBe('On every response:');
    expect(md).toContain('- `X-RateLimit-Reset`: When that window resets');
    expect(md).toContain('On `429` and `503`:\n\n- `Retry-After`: Seconds to wait');
    expect(following(md, '## Related')).toBe('- [Errors](../errors): the semantics.');
  });

  it('one table without a heading of its own; sample bodies with the words around them', () => {
    const md = page(problemCatalog);
    expect(headings(md)).toEqual(['# Error reference', '## Statuses', '## Example', '## Limits']);
    expect(following(md, '## Statuses')).toMatch(
      /^\| Code \| Title \| When \|\n\| --- \| --- \| --- \|\n\| <a id="forbidden"><\/a>403 \| Forbidden \| No grant\. \|\n\| <a id="limit_reached"><\/a>403 \| Limit Reached \| The plan allows no more\. \|/,
    );
    expect(following(md, '## Limits')).toBe('A `type` of its own:');
    expect(md).toContain(
      '"type": "limit_reached",\n  "title": "Limit Reached",\n  "status": 403,\n  "detail": "Limit reached (3/3)."\n}',
    );
  });

  it('one section per code: anchors, Message, Causes, Resolution, example errors', () => {
    const md = page(entriesCatalog);
    expect(headings(md)).toEqual([
      '# Reference',
      '## Codes',
      '### `UNAUTHORIZED` (401)',
      '### `VALIDATION_ERROR` (400)',
      '## Summary',
      '## Debugging',
    ]);
    expect(md).toContain(
      '<a id="unauthorized"></a><a id="UNAUTHORIZED"></a>\n\n### `UNAUTHORIZED` (401)\n\n**Message:** Missing or bad key\n\n**Causes:**\n\n- No header\n- Revoked key\n\n**Resolution:**\n\n- Send `Authorization`\n\n',
    );
    expect(md).toContain(
      '**Example errors:**\n\nNo title:\n\n```json\n{\n  "code": "VALIDATION_ERROR",\n  "message": "title is required",\n  "field": "title"\n}\n```',
    );
    expect(md).toContain(
      '| 204 | No Content | No body |\n| 400 | Bad Request | [`VALIDATION_ERROR`](#validation_error) |',
    );
    expect(md).toContain('Keep these in mind:\n\n- Log the `requestId`');
  });

  it('tables by status class with their own columns; lists in cells', () => {
    const md = page(classCatalog);
    expect(headings(md)).toEqual([
      '# Error reference',
      '## HTTP status codes',
      '### Client errors (4xx)',
      '### Server errors',
      '## Validation errors',
    ]);
    expect(md).toContain('| Code | Name | Description | Common Causes |');
    expect(md).toContain('| Code | Name | Description | What To Do |');
    expect(md).toContain(
      '| <a id="validation_error"></a>422 | Unprocessable Entity | Values failed validation. | A missing field<br>A wrong type |',
    );
    expect(md).toContain(
      '| <a id="bad_gateway"></a>502 | Bad Gateway | Upstream failed. | Retry after a pause |',
    );
  });

  it('anchors every code it shows exactly once, and is byte-identical from run to run', () => {
    for (const catalog of [
      statusCatalog,
      tablesCatalog,
      problemCatalog,
      entriesCatalog,
      classCatalog,
    ]) {
      const md = page(catalog);
      expect(page(catalog)).toBe(md);
      const ids = [...md.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]);
      expect(new Set(ids).size, catalog.reference?.title).toBe(ids.length);
      for (const entry of catalog.entries()) {
        if (md.includes(`(#${codeAnchor(entry.code)})`))
          expect(ids).toContain(codeAnchor(entry.code));
      }
    }
  });

  it('neutralises markup in every text a page takes', () => {
    const md = page(hostileCatalog);
    // Bodies are verbatim inside code fences, where nothing is markup.
    expect(md).toContain('  "detail": "body <script>alert(1)</script>",');
    const prose = md.replace(/```json\n[^`]*\n```/g, '');
    expect(prose).not.toMatch(/<script|<img/);
    // An unsafe link stays text, its brackets escaped.
    expect(prose).not.toMatch(/[^\\]\]\(javascript:/);
    expect(prose).toContain('- \\[y\\](javascript:alert(5))');
    expect(md).toContain('## t &lt;script>alert(1)&lt;/script>');
    expect(md).toContain('- [t &lt;script>alert(1)&lt;/script>](#doc/t-script-alert-1-script)');
    expect(md).toContain('desc &lt;script>alert(1)&lt;/script> \\[x\\](javascript:alert(2))');
    expect(md).toContain('fix &lt;img src=x onerror=alert(3)>');
  });
});

/** A catalog module with a format and a layout, for the CLI. */
const MODULE = `
import { defineCatalog, formats } from ${JSON.stringify(`${process.cwd()}/src/index.ts`)};
export const catalog = defineCatalog({
  format: formats.envelope.with({ members: { request_id: 'requestId' } }),
  errors: { thing_missing: { status: 404, title: 'Thing missing' } },
  reference: {
    title: 'Things',
    sections: [
      { kind: 'format', code: 'thing_missing' },
      { kind: 'codes', group: 'none' },
      { kind: 'headers', rateLimit: 'ietf', include: ['rate-limit'] },
    ],
  },
});
`;

describe('errata docs on a catalog with a format and a layout', { timeout: 90_000 }, () => {
  it("writes the catalog's layout in its format; --wire, --title and --rate-limit-headers override", async () => {
    const { dir, cleanup } = await makeTempDir('errata-docs-', { 'errors.ts': MODULE });
    try {
      const plain = await cli(['docs', 'errors.ts'], dir);
      expect([plain.code, plain.stderr]).toEqual([0, '']);
      expect(headings(plain.stdout)).toEqual([
        '# Things',
        '## Response format',
        '## Error codes',
        '## Headers',
      ]);
      expect(plain.stdout).toContain('"requestId": "req_8ZQ4K2M7"');
      expect(plain.stdout).toContain('`RateLimit-Policy`');
      const given = await cli(
        [
          'docs',
          'errors.ts',
          '--wire',
          'problem',
          '--title',
          'Given',
          '--rate-limit-headers',
          'legacy',
        ],
        dir,
      );
      expect(headings(given.stdout)?.[0]).toBe('# Given');
      expect(given.stdout).toContain('"type": "about:blank"');
      expect(given.stdout).toContain('`X-RateLimit-Limit`');
      expect(given.stdout).not.toContain('RateLimit-Policy');
    } finally {
      await cleanup();
    }
  });
});
