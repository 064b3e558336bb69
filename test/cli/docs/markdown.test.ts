import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vaultCatalog } from '../../../examples/vault/catalog.js';
import { codeAnchor } from '../../../src/catalog.js';
import { docsMarkdown } from '../../../src/cli/docs/markdown.js';
import { docsModel } from '../../../src/cli/docs/model.js';
import type { DocsOptions } from '../../../src/cli/docs/types.js';
import { FORMAT_NAMES, type FormatName } from '../../../src/formats/index.js';
import { parseErrorBody } from '../../../src/parse/index.js';
import { renderError } from '../../../src/render.js';
import { cli } from '../../helpers/cli.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { EDGE_CATALOG } from './fixtures.js';

const VAULT = 'examples/vault/catalog.ts';

/** The page the CLI writes, rendered in-process (the first test pins the CLI's output to it). */
const markdown = (wire: FormatName, options: Partial<DocsOptions> = {}) =>
  docsMarkdown(docsModel(vaultCatalog, { wire, ...options }));

/** The status line, headers and body of the page's example response. */
function example(markdown: string): { head: string; body: unknown } {
  const match = /```http\n([\s\S]*?)\n```/.exec(markdown);
  if (match === null) throw new Error('no http example in the page');
  const [head = '', body = ''] = (match[1] ?? '').split('\n\n');
  return { head, body: JSON.parse(body) };
}

describe('errata docs (Markdown)', { timeout: 90_000 }, () => {
  it('documents its options on --help', async () => {
    const { code, stdout } = await cli(['docs', '--help']);
    expect(code).toBe(0);
    for (const flag of ['--wire', '--html', '--export', '--out', '--title']) {
      expect(stdout).toContain(flag);
    }
  });

  it('has the intro, headers, retries and one table per category, in that order', async () => {
    const { code, stdout, stderr } = await cli(['docs', VAULT]);
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toBe(markdown('problem'));
    const headings = stdout.match(/^#{1,3} .*$/gm);
    expect(headings).toEqual([
      '# Error reference',
      '## Error responses',
      '## Headers',
      '## Retrying',
      '## Error codes',
      '### Validation',
      '### Request',
      '### Not found',
      '### Conflict',
      '### Rate limit',
      '### Server',
      '### Availability',
    ]);
    expect(stdout.match(/^\| HTTP \| Code \| Meaning \| Retryable \|$/gm)).toHaveLength(7);
    // No code of the vault has since/deprecated, so that column is left out.
    expect(stdout).not.toContain('| Since |');
    for (const header of ['X-Request-ID', 'Retry-After', 'X-RateLimit-Remaining', 'Allow']) {
      expect(stdout).toContain(`| \`${header}\` |`);
    }
    expect(stdout).toContain('[`quota_exceeded`](#quota_exceeded) (429) is not retryable');
    expect(stdout).toContain('`Idempotency-Key`');
  });

  it('gives every code of the catalog one row at its stable anchor', () => {
    const stdout = markdown('problem');
    for (const entry of vaultCatalog.entries()) {
      const anchor = codeAnchor(entry.code);
      const rows = stdout.split('\n').filter((line) => line.includes(`<a id="${anchor}"></a>`));
      expect(rows, entry.code).toHaveLength(1);
      expect(rows[0]).toMatch(new RegExp(`^\\| ${entry.status} \\| `));
      expect(rows[0]).toContain(`**${entry.title}**`);
      expect(rows[0]).toContain(entry.retryable ? '| Yes, ' : '| No |');
      // docUrl = docsUrl#anchor: the catalog's own links land on these rows.
      expect(entry.docUrl).toBe(`${vaultCatalog.docsUrl}#${anchor}`);
    }
    expect(stdout).toContain(
      'Details: `name` (string), `expected` (string), `current_version` (integer).',
    );
    expect(stdout).toContain('| Yes, after `Retry-After` (default 30 s) |');
  });

  it('is byte-identical from run to run, Markdown and HTML', async () => {
    const [a, b] = [await cli(['docs', VAULT]), await cli(['docs', VAULT])];
    expect(a.stdout).toBe(b.stdout);
    const [c, d] = [await cli(['docs', VAULT, '--html']), await cli(['docs', VAULT, '--html'])];
    expect(c.stdout).toBe(d.stdout);
    // `success` bodies carry a timestamp: the example's is fixed.
    expect(markdown('success')).toBe(markdown('success'));
    expect(markdown('success')).toContain('"timestamp": "2026-01-01T00:00:00.000Z"');
  });

  it.each(FORMAT_NAMES)(
    '--wire %s: the intro and a real rendered example in that format',
    async (wire) => {
      const { code, stdout } = await cli(['docs', VAULT, '--wire', wire]);
      expect(code).toBe(0);
      expect(stdout).toContain(`(the \`${wire}\` format)`);
      const { head, body } = example(stdout);
      // The phrase Node sends (http.STATUS_CODES), not RFC 9110's "Unprocessable Content".
      expect(head).toMatch(/^HTTP\/1\.1 422 Unprocessable Entity\n/);
      expect(head).toContain('X-Request-ID: req_8ZQ4K2M7');
      // The body is the format's own rendering of the validation role with two violations.
      const error = vaultCatalog.roleError('validation_error', {
        fields: [
          { path: ['name'], message: 'must not be empty' },
          { path: ['items', 0, 'quantity'], message: 'must be at least 1', code: 'too_small' },
        ],
      });
      const rendered = renderError(error, {
        catalog: vaultCatalog,
        format: wire,
        requestId: 'req_8ZQ4K2M7',
        timestamp: '2026-01-01T00:00:00.000Z',
      });
      expect(body).toEqual(JSON.parse(rendered.body));
      expect(head).toContain(`Content-Type: ${rendered.headers['content-type']}`);
      const back = parseErrorBody({
        status: 422,
        headers: rendered.headers,
        body: JSON.stringify(body),
      });
      expect(back.format).toBe(wire === 'laravel' || wire === 'message' ? back.format : wire);
      expect(back.status).toBe(422);
    },
  );

  it('changes the example and the intro with --wire', async () => {
    const problem = { stdout: markdown('problem') };
    const envelope = await cli(['docs', VAULT, '--wire', 'envelope']);
    expect(envelope.stdout).toBe(markdown('envelope'));
    expect(example(problem.stdout).body).toMatchObject({ type: expect.any(String), status: 422 });
    expect(example(envelope.stdout).body).toMatchObject({ error: { code: 'validation_error' } });
    expect(problem.stdout).toContain('RFC 9457 problem details');
    expect(envelope.stdout).toContain('`error.details.fields`');
    expect(envelope.stdout).not.toContain('RFC 9457');
    const message = { stdout: markdown('message') };
    expect(message.stdout).toContain('Error bodies carry no code: branch on the HTTP status.');
    expect(message.stdout).not.toContain('Details: `name`'); // the message format sends no details
  });

  it('names the rate-limit headers the API is configured to send', async () => {
    const ietf = await cli(['docs', VAULT, '--rate-limit-headers', 'ietf']);
    expect(ietf.stdout).toContain('| `RateLimit-Policy` |');
    expect(ietf.stdout).not.toContain('X-RateLimit-Limit');
    const none = { stdout: markdown('problem', { rateLimitHeaders: 'none' }) };
    expect(none.stdout).not.toMatch(/RateLimit/);
  });

  it('writes --out FILE and prints nothing', async () => {
    const { dir, cleanup } = await makeTempDir('errata-docs-');
    try {
      const run = await cli(['docs', VAULT, '--out', join(dir, 'nested', 'errors.md')]);
      expect([run.code, run.stdout, run.stderr]).toEqual([0, '', '']);
      const written = await readFile(join(dir, 'nested', 'errors.md'), 'utf8');
      expect(written).toBe(markdown('problem'));
    } finally {
      await cleanup();
    }
  });

  it('exits 2 with a one-line reason on bad usage', async () => {
    const wire = await cli(['docs', VAULT, '--wire', 'xml']);
    expect(wire.code).toBe(2);
    expect(wire.stderr).toBe(
      `errata docs: --wire must be one of ${FORMAT_NAMES.join(', ')}; got "xml"\n`,
    );
    expect(wire.stdout).toBe('');
    for (const args of [
      ['docs'],
      ['docs', 'no/such/catalog.ts'],
      ['docs', VAULT, '--colour'],
      ['docs', VAULT, '--rate-limit-headers', 'all'],
    ]) {
      const run = await cli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(/^errata docs: [^\n]+\n$/);
    }
  });
});

describe('errata docs on a catalog with every kind of entry', { timeout: 90_000 }, () => {
  let dir = '';
  let cleanup = async () => {};
  let page = '';
  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('errata-docs-', { 'errors.ts': EDGE_CATALOG }));
    const run = await cli(['docs', 'errors.ts', '--export', 'edge', '--title', 'Acme errors'], dir);
    expect(run.stderr).toBe('');
    page = run.stdout;
  }, 90_000);
  afterAll(() => cleanup());

  it('needs --export when the module has several catalogs', async () => {
    const run = await cli(['docs', 'errors.ts'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pick one with --export NAME');
    const other = await cli(['docs', 'errors.ts', '--export', 'other'], dir);
    expect(other.code).toBe(0);
    expect(other.stdout).toContain('<a id="only_other"></a>');
    expect(other.stdout).not.toContain('TOKEN_EXPIRED');
  });

  it('shows since and deprecated, linking the replacement', () => {
    expect(page).toMatch(/^# Acme errors$/m);
    expect(page).toContain('| HTTP | Code | Meaning | Retryable | Since |');
    expect(page).toContain('| Since `2024-06-01` |');
    expect(page).toContain('| Deprecated: use [`TOKEN_EXPIRED`](#token_expired) |');
    expect(page).toMatch(/<a id="old_thing"><\/a>.*\| Deprecated \|$/m);
  });

  it('anchors SCREAMING and dotted codes both at codeAnchor(code) and at the code itself', () => {
    // typeBase ends in '#', so the problem type of TOKEN_EXPIRED ends in '#TOKEN_EXPIRED'.
    expect(page).toContain('<a id="token_expired"></a><a id="TOKEN_EXPIRED"></a>');
    expect(page).toContain('<a id="auth-legacy_key"></a><a id="auth.legacy_key"></a>');
    expect(page).toContain(
      'More: [https://status.example.com/legacy-keys](https://status.example.com/legacy-keys)',
    );
    expect(page).toContain('| `WWW-Authenticate` | [`TOKEN_EXPIRED`](#token_expired) |');
  });

  it('neutralises markup in catalog text', () => {
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<b>');
    // The unsafe link stays text, its brackets escaped; the safe one stays a link.
    expect(page).not.toMatch(/[^\\]\]\(javascript:/);
    expect(page).toContain(
      'Pipes \\| and &lt;script>alert(2)&lt;/script> and \\[a link\\](javascript:alert(3)) and [ok](#token_expired).',
    );
  });
});
