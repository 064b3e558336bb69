import { createHash } from 'node:crypto';
import { codeIds } from './code-doc.js';
import { entryHtml, groupHtml, plainText } from './html-codes.js';
import { escapeHtml, inlineHtml } from './inline.js';
import { DOCS_CSS, DOCS_SCRIPT, LOCALE_CSS, REFERENCE_CSS, THEME_SCRIPT } from './style.js';
import type { Block, DocsModel, Section } from './types.js';

/** `'sha256-…'` of an inline script or style, for the Content-Security-Policy. */
function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
}

const FILTER_BOX = `<div class="filter" id="filter-box" role="search" hidden>
<label for="filter">Filter codes</label>
<input id="filter" type="search" autocomplete="off" spellcheck="false" placeholder="code, status or word" aria-describedby="filter-count">
<p id="filter-count" role="status"></p>
</div>`;
const FILTER_EMPTY = '<p id="filter-empty" hidden>No code matches the filter.</p>';

/** Where the filter box goes: before the page's first code table; its note after the last. */
type Filter = { first: Block | undefined; last: Block | undefined };

/**
 * The error reference as one self-contained, accessible HTML page: inline style and script, no
 * request of any kind (its Content-Security-Policy forbids them), a filter box over the code
 * tables, light and dark themes. Every code's row (or entry) has `id = codeAnchor(code)`.
 * @example const html = docsHtml(docsModel(catalog, { wire: 'problem' }));
 */
export function docsHtml(model: DocsModel): string {
  const groups = model.sections.flatMap((s) => s.blocks.filter((b) => b.kind === 'codes'));
  const filter: Filter = { first: groups[0], last: groups[groups.length - 1] };
  const css =
    (model.custom ? DOCS_CSS + REFERENCE_CSS : DOCS_CSS) + (model.translated ? LOCALE_CSS : '');
  // The filter's half of the script would fail on a page without the filter box.
  const script = filter.first === undefined ? THEME_SCRIPT : DOCS_SCRIPT;
  // Catalog text cannot add a request either: nothing but this style and this script may run.
  const csp = [
    "default-src 'none'",
    `style-src ${cspHash(css)}`,
    `script-src ${cspHash(script)}`,
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
<style>${css}</style>
</head>
<body>
<a class="skip" href="#${escapeHtml(model.skipTo.id)}">${escapeHtml(model.skipTo.label)}</a>
<header class="page">
<h1>${title}</h1>
<button type="button" id="theme" class="theme" aria-pressed="false" hidden>Dark theme</button>
</header>
${model.lead.map((p) => `<p class="lead">${inlineHtml(p)}</p>`).join('\n')}
${model.contents ? contents(model) : ''}
<main id="main">
${model.sections.map((s) => sectionHtml(s, filter)).join('\n')}
</main>
<script>${script}</script>
</body>
</html>
`;
}

function contents(model: DocsModel): string {
  const items: string[] = [];
  const link = (id: string, text: string) => `<a href="#${escapeHtml(id)}">${inlineHtml(text)}</a>`;
  for (const section of model.sections) {
    const groups = section.blocks
      .filter((b) => b.kind === 'codes' && b.group.heading)
      .map((b) => (b.kind === 'codes' ? `<li>${link(b.group.id, b.group.name)}</li>` : ''));
    if (section.title === '') items.push(...groups);
    else if (groups.length === 0) items.push(`<li>${link(section.id, section.title)}</li>`);
    else items.push(`<li>${link(section.id, section.title)}<ul>${groups.join('')}</ul></li>`);
  }
  return `<nav aria-labelledby="contents-title">
<h2 id="contents-title" class="sr-only">Contents</h2>
<ul>${items.join('')}</ul>
</nav>`;
}

function sectionHtml(section: Section, filter: Filter): string {
  const id = escapeHtml(section.id);
  const titled = section.title !== '';
  const level = titled ? 3 : 2;
  const blocks = section.blocks.map((b) => blockHtml(b, level, filter)).join('\n');
  if (!titled) return `<div id="${id}">\n${blocks}\n</div>`;
  return `<section id="${id}" aria-labelledby="${id}-title">
<h2 id="${id}-title">${inlineHtml(section.title)}</h2>
${blocks}
</section>`;
}

/**
 * One block; `level` is the heading level of the groups and entries in it.
 * @example blockHtml({ kind: 'list', items: ['a'] }, 3) // '<ul><li>a</li></ul>'
 */
export function blockHtml(block: Block, level: number, filter?: Filter): string {
  switch (block.kind) {
    case 'paragraph': {
      if (block.strong === undefined) return `<p>${inlineHtml(block.text)}</p>`;
      const text = block.text === '' ? '' : ` ${inlineHtml(block.text)}`;
      return `<p><strong>${inlineHtml(block.strong)}</strong>${text}</p>`;
    }
    case 'list':
      return `<ul>${block.items.map((item) => `<li>${inlineHtml(item)}</li>`).join('')}</ul>`;
    case 'table': {
      const head = block.head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
      const rows = block.rows.map((row, i) => {
        const spans = (block.anchors?.[i] ?? [])
          .flatMap(codeIds)
          .map((id) => `<span id="${escapeHtml(id)}"></span>`)
          .join('');
        const cells = row.map((c, j) =>
          j === 0 ? `<th scope="row">${spans}${inlineHtml(c)}</th>` : `<td>${inlineHtml(c)}</td>`,
        );
        return `<tr>${cells.join('')}</tr>`;
      });
      return `<table>
<caption>${escapeHtml(plainText(block.caption))}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
    }
    case 'http':
    case 'json':
    case 'text':
      // tabindex: a scrollable region must be reachable from the keyboard.
      return `<figure>
<figcaption class="sr-only">${escapeHtml(block.caption)}</figcaption>
<pre tabindex="0"><code>${escapeHtml(block.text)}</code></pre>
</figure>`;
    case 'codes': {
      const html = groupHtml(block.group, level);
      const before = filter?.first === block ? `${FILTER_BOX}\n` : '';
      const after = filter?.last === block ? `\n${FILTER_EMPTY}` : '';
      return `${before}${html}${after}`;
    }
    case 'entry':
      return entryHtml(block.entry, level, (b) => blockHtml(b, level));
  }
}
