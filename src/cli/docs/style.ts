/**
 * The HTML page's only style sheet and script, inlined so that the page is one file that makes
 * no request. Both are constants: the page's Content-Security-Policy allows exactly them by hash.
 */

// Contrast (WCAG 2.x) of text on the page background: text >= 14:1, muted >= 5.7:1, links >= 5.9:1.
const LIGHT = `
  --bg: #ffffff; --fg: #1f2328; --muted: #565f69; --border: #d0d7de; --panel: #f6f8fa;
  --code-bg: #eff1f3; --link: #0b57b8; --target: #fff3b0; --focus: #0b57b8;
  --yes-fg: #0f5323; --yes-bg: #dcf5e3; --warn-fg: #7a4500; --warn-bg: #fff1d6;
  color-scheme: light;`;
const DARK = `
  --bg: #0f1419; --fg: #e6edf3; --muted: #a2adb9; --border: #3a434d; --panel: #161c23;
  --code-bg: #1f2730; --link: #6cb6ff; --target: #3d3413; --focus: #6cb6ff;
  --yes-fg: #7ee2a0; --yes-bg: #12301e; --warn-fg: #f5c76b; --warn-bg: #3a2a08;
  color-scheme: dark;`;

/** The page's CSS: light by default, dark by `prefers-color-scheme` or the theme button. */
export const DOCS_CSS = `
:root {${LIGHT}
}
@media (prefers-color-scheme: dark) {
  :root:not([data-theme="light"]) {${DARK}
  }
}
:root[data-theme="dark"] {${DARK}
}
*, *::before, *::after { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body {
  margin: 0 auto; max-width: 76rem; padding: 0 1.25rem 4rem;
  font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  background: var(--bg); color: var(--fg);
}
a { color: var(--link); }
a:focus-visible, button:focus-visible, input:focus-visible, pre:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px;
}
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.9em; }
code { background: var(--code-bg); border-radius: 4px; padding: 0.1em 0.3em; overflow-wrap: anywhere; }
pre { background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: 1rem; overflow-x: auto; line-height: 1.45; }
pre code { background: none; padding: 0; overflow-wrap: normal; }
.skip { position: absolute; left: 1rem; top: -4rem; background: var(--bg); color: var(--link); padding: 0.5rem 1rem; border: 2px solid var(--focus); z-index: 10; }
.skip:focus { top: 1rem; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
header.page { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 1rem; padding-top: 1.5rem; }
h1 { margin: 0; font-size: 2rem; }
h2 { margin-top: 2.5rem; padding-bottom: 0.3rem; border-bottom: 1px solid var(--border); }
h3 { margin: 2rem 0 0.5rem; }
.lead { color: var(--muted); max-width: 48rem; }
button.theme {
  font: inherit; color: var(--fg); background: var(--panel); border: 1px solid var(--border);
  border-radius: 6px; padding: 0.35rem 0.8rem; cursor: pointer;
}
nav ul { margin: 0.25rem 0; padding-left: 1.25rem; }
nav li ul { display: flex; flex-wrap: wrap; gap: 0 1rem; padding-left: 0; list-style: none; }
table { width: 100%; border-collapse: collapse; margin: 0.5rem 0 1rem; }
/* Fixed layout: every category's table has the same columns at the same places. */
table.codes { table-layout: fixed; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
table:not(.codes) tbody th[scope="row"] code { white-space: nowrap; }
th, td { text-align: left; vertical-align: top; padding: 0.55rem 0.6rem; border-bottom: 1px solid var(--border); }
thead th { background: var(--panel); font-size: 0.9rem; }
td p { margin: 0 0 0.35rem; }
td p:last-child { margin-bottom: 0; }
table.codes th[scope="row"] { font-weight: normal; }
table.codes .status { white-space: nowrap; font-variant-numeric: tabular-nums; }
table.codes .phrase { display: block; color: var(--muted); font-size: 0.8rem; }
table.codes .title { font-weight: 600; }
table.codes .col-status { width: 7.5rem; }
table.codes .col-code { width: 16rem; }
table.codes .col-retry, table.codes .col-since { width: 10rem; }
tr:target, tr:has(> th > span:target) { background: var(--target); }
tr[id], th > span[id] { scroll-margin-top: 7rem; }
.yes { color: var(--yes-fg); background: var(--yes-bg); border-radius: 4px; padding: 0.05em 0.45em; font-weight: 600; }
.note { display: block; color: var(--muted); font-size: 0.85rem; margin-top: 0.25rem; }
.deprecated .code code { text-decoration: line-through; }
.deprecated .since { color: var(--warn-fg); background: var(--warn-bg); }
.filter {
  position: sticky; top: 0; z-index: 5; background: var(--bg); padding: 0.75rem 0;
  border-bottom: 1px solid var(--border); display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1rem;
}
.filter label { font-weight: 600; }
.filter input {
  font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--muted);
  border-radius: 6px; padding: 0.35rem 0.6rem; min-width: min(22rem, 100%);
}
.filter p { margin: 0; color: var(--muted); }
[hidden] { display: none !important; }
@media (max-width: 48rem) {
  /* Too narrow for five columns: each code becomes a card, its cells stacked. */
  table.codes, table.codes tbody { display: block; }
  table.codes thead, table.codes colgroup { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.codes tr { display: grid; grid-template-columns: auto 1fr; gap: 0.35rem 0.75rem; padding: 0.75rem 0.5rem; border-bottom: 1px solid var(--border); }
  table.codes td, table.codes th { display: block; border: 0; padding: 0; }
  table.codes .status .phrase { display: inline; margin-left: 0.4rem; }
  table.codes .code, table.codes .meaning, table.codes .retry, table.codes .since-cell { grid-column: 1 / -1; }
  table.codes .retry::before { content: "Retryable: "; color: var(--muted); }
  table.codes .note { display: inline; margin-left: 0.4rem; }
  table.codes .since-cell:empty { display: none; }
}
`;

// The script in three parts: pages without a code table (one section per code) have no filter
// box, and take the theme part alone.
const SCRIPT_THEME = `
(function () {
  'use strict';
  var root = document.documentElement;
  var KEY = 'errata-docs-theme';
  var media = window.matchMedia('(prefers-color-scheme: dark)');
  var button = document.getElementById('theme');
  function isDark() {
    var chosen = root.getAttribute('data-theme');
    return chosen ? chosen === 'dark' : media.matches;
  }
  function syncButton() { button.setAttribute('aria-pressed', String(isDark())); }
  try {
    var stored = window.localStorage.getItem(KEY);
    if (stored === 'dark' || stored === 'light') root.setAttribute('data-theme', stored);
  } catch (e) { /* storage may be off (private mode, file: pages); the choice just won't last */ }
  button.addEventListener('click', function () {
    var next = isDark() ? 'light' : 'dark';
    root.setAttribute('data-theme', next);
    try { window.localStorage.setItem(KEY, next); } catch (e) { /* see above */ }
    syncButton();
  });
  media.addEventListener('change', syncButton);
  syncButton();
  button.hidden = false;
`;

const SCRIPT_FILTER = `
  var box = document.getElementById('filter');
  var count = document.getElementById('filter-count');
  var empty = document.getElementById('filter-empty');
  var groups = Array.prototype.slice.call(document.querySelectorAll('section.category'));
  var total = document.querySelectorAll('section.category tbody tr').length;
  function apply() {
    var terms = box.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    groups.forEach(function (group) {
      var name = (group.getAttribute('data-category') || '').toLowerCase();
      var visible = 0;
      Array.prototype.forEach.call(group.querySelectorAll('tbody tr'), function (row) {
        var text = name + ' ' + row.textContent.toLowerCase();
        var match = terms.every(function (term) { return text.indexOf(term) !== -1; });
        row.hidden = !match;
        if (match) visible++;
      });
      group.hidden = visible === 0;
      shown += visible;
    });
    count.textContent = terms.length === 0
      ? total + (total === 1 ? ' code' : ' codes')
      : shown + ' of ' + total + ' codes match';
    empty.hidden = shown !== 0;
  }
  box.addEventListener('input', apply);
  // A link to a code the filter hides clears the filter, so that the link still lands.
  window.addEventListener('hashchange', function () {
    var target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    if (target && target.closest('[hidden]')) {
      box.value = '';
      apply();
      target.scrollIntoView();
    }
  });
  apply();
  document.getElementById('filter-box').hidden = false;
`;

const SCRIPT_END = `})();
`;

/**
 * The page's script: the theme button and the filter box. Without it the page is complete and
 * both controls stay hidden.
 */
export const DOCS_SCRIPT = SCRIPT_THEME + SCRIPT_FILTER + SCRIPT_END;

/** The script of a page without code tables: the theme button alone. */
export const THEME_SCRIPT = SCRIPT_THEME + SCRIPT_END;

/**
 * Extra rules for pages laid out by `catalog.reference`: code entries, chosen columns, lists in
 * cells (the standard page does without them, so its bytes stay as they were).
 */
export const REFERENCE_CSS = `
section.entry { margin-top: 1.75rem; }
section.entry > h2, section.entry > h3 { margin-bottom: 0.5rem; }
section.entry:target > h2, section.entry:target > h3 { background: var(--target); }
section.entry[id], section.entry > * > span[id] { scroll-margin-top: 1rem; }
table.codes td ul { margin: 0; padding-left: 1.1rem; }
table.codes .cell-title { font-weight: 600; }
section.category > p { max-width: 48rem; }
@media (max-width: 48rem) {
  table.codes td[class^="cell-"] { grid-column: 1 / -1; }
}
`;

/**
 * Extra rules for a page in one of the catalog's translations (`--locale`): the note on a code
 * left in the catalog's own language (other pages do without it, so their bytes stay as they were).
 */
export const LOCALE_CSS = `
.untranslated { color: var(--warn-fg); font-size: 0.85rem; font-style: italic; }
`;
