/**
 * The HTML of pages laid out by `catalog.reference`, as text: structure of each section kind,
 * unique ids and landing links, the Content-Security-Policy, and hostile catalog text. The same
 * pages run in Chromium in html.test.ts.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { vaultCatalog } from '../../../examples/vault/catalog.js';
import type { Catalog } from '../../../src/catalog-types.js';
import { docsHtml } from '../../../src/cli/docs/html.js';
import { docsModel } from '../../../src/cli/docs/model.js';
import {
  classCatalog,
  entriesCatalog,
  hostileCatalog,
  problemCatalog,
  statusCatalog,
  tablesCatalog,
} from './reference-fixtures.js';

const html = (catalog: Catalog) => docsHtml(docsModel(catalog));
const ALL = {
  statusCatalog,
  tablesCatalog,
  problemCatalog,
  entriesCatalog,
  classCatalog,
  hostileCatalog,
};

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const decode = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('errata docs --html with a reference layout', () => {
  it.each(Object.entries(ALL))('%s: unique ids, and every #link lands on one', (_, catalog) => {
    const page = html(catalog);
    const ids = [...page.matchAll(/ id="([^"]*)"/g)].map((m) => decode(m[1] ?? ''));
    expect(ids.length - new Set(ids).size).toBe(0);
    const targets = [...page.matchAll(/ href="#([^"]*)"/g)].map((m) => decode(m[1] ?? ''));
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) expect(ids, target).toContain(target);
  });

  it.each(Object.entries(ALL))('%s: the CSP admits exactly its style and script', (_, catalog) => {
    const page = html(catalog);
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? '';
    const script = /<script>([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
    const csp = decode(
      /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(page)?.[1] ?? '',
    );
    expect(csp).toContain(`style-src ${sha(style)};`);
    expect(csp).toContain(`script-src ${sha(script)};`);
    expect(page.match(/<script/g)).toHaveLength(1);
    // The filter's script runs only where its box is: over the code tables.
    const tables = page.includes('<table class="codes">');
    expect(page.includes('id="filter-box"')).toBe(tables);
    expect(script.includes("getElementById('filter')")).toBe(tables);
    expect(style).toContain('section.entry');
  });

  it('keeps the standard page free of the reference rules', () => {
    expect(docsHtml(docsModel(vaultCatalog, { wire: 'problem' }))).not.toContain('section.entry');
  });

  it('status table: anchors in the row header, a skip link to the content', () => {
    const page = html(statusCatalog);
    expect(page).toContain(
      '<tr><th scope="row"><span id="bad_input"></span><span id="invalid_request"></span>400</th><td>Bad Request</td>',
    );
    expect(page).toContain(
      '<thead><tr><th scope="col">Status</th><th scope="col">Meaning</th><th scope="col">When</th></tr></thead>',
    );
    expect(page).toContain('<a class="skip" href="#main">Skip to the content</a>');
    expect(page).toContain('<p><strong>Empty name</strong> (<code>400</code>):</p>');
    expect(page).not.toContain('<nav');
  });

  it('category tables at the page level, a table without a heading, chosen columns', () => {
    const page = html(tablesCatalog);
    expect(page).toContain('<div id="doc/codes">');
    expect(page).toContain(
      '<section class="category" id="category/auth" data-category="Authentication / authorization" aria-labelledby="category/auth-title">\n<h2 id="category/auth-title">Authentication / authorization</h2>',
    );
    expect(page).toContain(
      '<section class="category" id="group/all" data-category="Webhook delivery" aria-label="Webhook delivery">\n<table class="codes">',
    );
    expect(page).toContain('<th scope="col">HTTP (reported)</th>');
    expect(page).toContain('<colgroup><col class="col-status"><col class="col-code"></colgroup>');
    // The filter box before the first table, its note after the last.
    expect(page.indexOf('id="filter-box"')).toBeLessThan(page.indexOf('id="category/auth"'));
    expect(page.indexOf('id="filter-empty"')).toBeGreaterThan(page.indexOf('id="hook_timeout"'));
    expect(page).toContain('<a class="skip" href="#doc/codes">Skip to the error codes</a>');
  });

  it('rows without a code column: the first cell is the row header, with the anchors', () => {
    const page = html(problemCatalog);
    expect(page).toContain(
      '<tr id="limit_reached">\n<th scope="row" class="status">403<span class="phrase">Forbidden</span></th>\n<td class="cell-title">Limit Reached</td>\n<td class="cell-description">The plan allows no more.</td>\n</tr>',
    );
    const classes = html(classCatalog);
    // With a reason-phrase column, the status cell does not repeat it.
    expect(classes).not.toContain('<span class="phrase">');
    expect(classes).toContain(
      '<td class="cell-causes"><ul><li>A missing field</li><li>A wrong type</li></ul></td>',
    );
    expect(classes).toContain('<h3 id="group/5xx-title">Server errors</h3>');
  });

  it('entries: a section per code at its anchor, its alias in the heading', () => {
    const page = html(entriesCatalog);
    expect(page).toContain(
      '<section class="entry" id="unauthorized" aria-labelledby="unauthorized/title">\n<h3 id="unauthorized/title"><span id="UNAUTHORIZED"></span><code>UNAUTHORIZED</code> (401)</h3>\n<p><strong>Message:</strong> Missing or bad key</p>\n<p><strong>Causes:</strong></p>\n<ul><li>No header</li><li>Revoked key</li></ul>',
    );
    expect(page).toContain(
      '<pre tabindex="0"><code>{\n  &quot;code&quot;: &quot;VALIDATION_ERROR&quot;,',
    );
  });

  it('shows hostile catalog text as text', () => {
    const page = html(hostileCatalog);
    expect(page).not.toMatch(/<script>alert|<img|href="javascript:/i);
    expect(page).toContain('<h1>Page &lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    expect(page).toContain('fix &lt;img src=x onerror=alert(3)&gt;');
    expect(page).toContain('data-category="g &lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(page).toContain('<th scope="col">h &lt;script&gt;alert(1)&lt;/script&gt;</th>');
    expect(page).toContain(
      '&quot;detail&quot;: &quot;body &lt;script&gt;alert(1)&lt;/script&gt;&quot;',
    );
  });
});
