import { createHash } from 'node:crypto';
import { statusPhrase } from '../../status.js';
import { escapeHtml, inlineHtml } from './inline.js';
import { DOCS_CSS, DOCS_SCRIPT } from './style.js';
import type { Block, CategoryDoc, CodeDoc, DocsModel, Section } from './types.js';

/** `'sha256-…'` of an inline script or style, for the Content-Security-Policy. */
function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
}

/**
 * The error reference as one self-contained, accessible HTML page: inline style and script, no
 * request of any kind (its Content-Security-Policy forbids them), a filter box, light and dark
 * themes. Every code's row has `id = codeAnchor(code)`.
 * @example const html = docsHtml(docsModel(catalog, { wire: 'problem' }));
 */
export function docsHtml(model: DocsModel): string {
  // Catalog text cannot add a request either: nothing but this style and this script may run.
  const csp = [
    "default-src 'none'",
    `style-src ${cspHash(DOCS_CSS)}`,
    `script-src ${cspHash(DOCS_SCRIPT)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const title = escapeHtml(model.title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="errata docs">
<title>${title}</title>
<link rel="icon" href="data:,">
<style>${DOCS_CSS}</style>
</head>
<body>
<a class="skip" href="#${model.codesId}">Skip to the error codes</a>
<header class="page">
<h1>${title}</h1>
<button type="button" id="theme" class="theme" aria-pressed="false" hidden>Dark theme</button>
</header>
${model.lead.map((p) => `<p class="lead">${inlineHtml(p)}</p>`).join('\n')}
${contents(model)}
<main id="main">
${model.sections.map(sectionHtml).join('\n')}
${codesHtml(model)}
</main>
<script>${DOCS_SCRIPT}</script>
</body>
</html>
`;
}

function contents(model: DocsModel): string {
  const items = model.sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`);
  const categories = model.categories
    .map((c) => `<li><a href="#${c.id}">${escapeHtml(c.name)}</a></li>`)
    .join('');
  items.push(`<li><a href="#${model.codesId}">Error codes</a><ul>${categories}</ul></li>`);
  return `<nav aria-labelledby="contents-title">
<h2 id="contents-title" class="sr-only">Contents</h2>
<ul>${items.join('')}</ul>
</nav>`;
}

function sectionHtml(section: Section): string {
  return `<section id="${section.id}" aria-labelledby="${section.id}-title">
<h2 id="${section.id}-title">${escapeHtml(section.title)}</h2>
${section.blocks.map(blockHtml).join('\n')}
</section>`;
}

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${inlineHtml(block.text)}</p>`;
    case 'list':
      return `<ul>${block.items.map((item) => `<li>${inlineHtml(item)}</li>`).join('')}</ul>`;
    case 'table': {
      const head = block.head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
      const rows = block.rows.map(
        (row) =>
          `<tr>${row.map((c, i) => (i === 0 ? `<th scope="row">${inlineHtml(c)}</th>` : `<td>${inlineHtml(c)}</td>`)).join('')}</tr>`,
      );
      return `<table>
<caption>${escapeHtml(block.caption)}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
    }
    case 'http':
      // tabindex: a scrollable region must be reachable from the keyboard.
      return `<figure>
<figcaption class="sr-only">${escapeHtml(block.caption)}</figcaption>
<pre tabindex="0"><code>${escapeHtml(block.text)}</code></pre>
</figure>`;
  }
}

function codesHtml(model: DocsModel): string {
  return `<section id="${model.codesId}" aria-labelledby="${model.codesId}-title">
<h2 id="${model.codesId}-title">Error codes</h2>
${model.codesIntro.map((p) => `<p>${inlineHtml(p)}</p>`).join('\n')}
<div class="filter" id="filter-box" role="search" hidden>
<label for="filter">Filter codes</label>
<input id="filter" type="search" autocomplete="off" spellcheck="false" placeholder="code, status or word" aria-describedby="filter-count">
<p id="filter-count" role="status"></p>
</div>
${model.categories.map((c) => categoryHtml(c, model.lifecycle)).join('\n')}
<p id="filter-empty" hidden>No code matches the filter.</p>
</section>`;
}

function categoryHtml(category: CategoryDoc, lifecycle: boolean): string {
  const sinceCol = lifecycle ? '<col class="col-since">' : '';
  const sinceHead = lifecycle ? '<th scope="col">Since</th>' : '';
  return `<section class="category" id="${escapeHtml(category.id)}" data-category="${escapeHtml(category.name)}" aria-labelledby="${escapeHtml(category.id)}-title">
<h3 id="${escapeHtml(category.id)}-title">${escapeHtml(category.name)}</h3>
<table class="codes">
<caption class="sr-only">${escapeHtml(category.name)} error codes</caption>
<colgroup><col class="col-status"><col class="col-code"><col><col class="col-retry">${sinceCol}</colgroup>
<thead><tr><th scope="col">HTTP</th><th scope="col">Code</th><th scope="col">Meaning</th><th scope="col">Retryable</th>${sinceHead}</tr></thead>
<tbody>
${category.codes.map((c) => rowHtml(c, lifecycle)).join('\n')}
</tbody>
</table>
</section>`;
}

function rowHtml(c: CodeDoc, lifecycle: boolean): string {
  const meaning = [
    `<p class="title">${escapeHtml(c.title)}</p>`,
    ...c.meaning.map((line) => `<p>${inlineHtml(line)}</p>`),
  ].join('');
  const retry = c.retryable
    ? `<span class="yes">Yes</span><span class="note">${inlineHtml(c.retryNote)}</span>`
    : 'No';
  const alias = c.alias === undefined ? '' : `<span id="${escapeHtml(c.alias)}"></span>`;
  const since = c.lifecycle === '' ? '' : `<span class="since">${inlineHtml(c.lifecycle)}</span>`;
  return `<tr id="${escapeHtml(c.anchor)}"${c.deprecated ? ' class="deprecated"' : ''}>
<td class="status">${c.status}<span class="phrase">${escapeHtml(statusPhrase(c.status))}</span></td>
<th scope="row" class="code">${alias}<a href="#${escapeHtml(c.anchor)}"><code>${escapeHtml(c.code)}</code></a></th>
<td class="meaning">${meaning}</td>
<td class="retry">${retry}</td>${lifecycle ? `\n<td class="since-cell">${since}</td>` : ''}
</tr>`;
}
