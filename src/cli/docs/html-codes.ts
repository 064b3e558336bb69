// The HTML of codes: one group's table (rows at the codes' anchors, the filter's targets) and
// one code's entry.
import { escapeHtml, inlineHtml, type Token, tokenize } from './inline.js';
import {
  type Block,
  type CodeDoc,
  type ColumnDoc,
  type EntryDoc,
  type GroupDoc,
  noteColumn,
} from './types.js';

/**
 * Inline markup as plain text (for captions and attributes): code spans keep their text, links
 * their label.
 * @example plainText('the `code` [here](#x)') // 'the code here'
 */
export function plainText(inline: string): string {
  const text = (tokens: readonly Token[]): string =>
    tokens.map((t) => (t.kind === 'link' ? text(t.label) : t.text)).join('');
  return text(tokenize(inline));
}

const COL_CLASS: Readonly<Partial<Record<ColumnDoc['key'], string>>> = {
  status: 'col-status',
  code: 'col-code',
  retryable: 'col-retry',
  since: 'col-since',
};

/**
 * A group's table in its `section.category` (what the filter box narrows).
 * @example groupHtml(group, 3) // '<section class="category" …'
 */
export function groupHtml(group: GroupDoc, level: number): string {
  const id = escapeHtml(group.id);
  const name = plainText(group.name);
  const label = group.heading
    ? `aria-labelledby="${id}-title"`
    : `aria-label="${escapeHtml(name)}"`;
  const heading = group.heading
    ? `\n<h${level} id="${id}-title">${inlineHtml(group.name)}</h${level}>`
    : '';
  const intro = group.intro.map((p) => `\n<p>${inlineHtml(p)}</p>`).join('');
  const cols = group.columns
    .map((c) => (COL_CLASS[c.key] === undefined ? '<col>' : `<col class="${COL_CLASS[c.key]}">`))
    .join('');
  const head = group.columns.map((c) => `<th scope="col">${escapeHtml(c.header)}</th>`).join('');
  const phraseInStatus = !group.columns.some((c) => c.key === 'phrase');
  // A code left in the catalog's own language says so in the cell with its title (types.ts).
  const noteAt = noteColumn(group.columns);
  return `<section class="category" id="${id}" data-category="${escapeHtml(name)}" ${label}>${heading}${intro}
<table class="codes">
<caption class="sr-only">${escapeHtml(name)} error codes</caption>
<colgroup>${cols}</colgroup>
<thead><tr>${head}</tr></thead>
<tbody>
${group.codes.map((c) => rowHtml(c, group.columns, phraseInStatus, noteAt)).join('\n')}
</tbody>
</table>
</section>`;
}

function rowHtml(
  c: CodeDoc,
  columns: readonly ColumnDoc[],
  phraseInStatus: boolean,
  noteAt: number,
): string {
  const anchor = escapeHtml(c.anchor);
  const id = c.anchored ? ` id="${anchor}"` : '';
  const alias =
    c.anchored && c.alias !== undefined ? `<span id="${escapeHtml(c.alias)}"></span>` : '';
  // The row's header is the code, else its first cell; the alias anchor goes there.
  const headerAt = Math.max(
    0,
    columns.findIndex((column) => column.key === 'code'),
  );
  const cells = columns.map((column, i) => {
    const [cls, content] = cellHtml(c, column, phraseInStatus, i === noteAt);
    const inner = i === headerAt ? `${alias}${content}` : content;
    return i === headerAt
      ? `<th scope="row" class="${cls}">${inner}</th>`
      : `<td class="${cls}">${inner}</td>`;
  });
  return `<tr${id}${c.deprecated ? ' class="deprecated"' : ''}>
${cells.join('\n')}
</tr>`;
}

/** A code's untranslated note (`CodeDoc.note`) as it follows the text of its cell. */
function noteHtml(note: string): string {
  return `<p class="untranslated">${inlineHtml(note)}</p>`;
}

function cellHtml(
  c: CodeDoc,
  column: ColumnDoc,
  phraseInStatus: boolean,
  noted: boolean,
): [string, string] {
  const note = noted && c.note !== undefined ? noteHtml(c.note) : '';
  const [cls, content] = cellParts(c, column, phraseInStatus, note);
  // In the Meaning cell the note follows the title; elsewhere it ends the cell.
  return column.key === 'meaning' ? [cls, content] : [cls, `${content}${note}`];
}

function cellParts(
  c: CodeDoc,
  column: ColumnDoc,
  phraseInStatus: boolean,
  note: string,
): [string, string] {
  switch (column.key) {
    case 'status': {
      const phrase = phraseInStatus ? `<span class="phrase">${escapeHtml(c.phrase)}</span>` : '';
      return ['status', `${c.status}${phrase}`];
    }
    case 'code':
      return ['code', `<a href="#${escapeHtml(c.anchor)}"><code>${escapeHtml(c.code)}</code></a>`];
    case 'meaning': {
      const lines = c.meaning.map((line) => `<p>${inlineHtml(line)}</p>`);
      return ['meaning', [`<p class="title">${escapeHtml(c.title)}</p>`, note, ...lines].join('')];
    }
    case 'retryable':
      return [
        'retry',
        c.retryable
          ? `<span class="yes">Yes</span><span class="note">${inlineHtml(c.retryNote)}</span>`
          : 'No',
      ];
    case 'since':
      return [
        'since-cell',
        c.lifecycle === '' ? '' : `<span class="since">${inlineHtml(c.lifecycle)}</span>`,
      ];
    case 'phrase':
      return ['cell-phrase', escapeHtml(c.phrase)];
    case 'title':
      return ['cell-title', escapeHtml(c.title)];
    case 'description':
      return ['cell-description', inlineHtml(c.description)];
    case 'causes':
    case 'resolution': {
      const items = c[column.key];
      const list = items.map((item) => `<li>${inlineHtml(item)}</li>`).join('');
      return [`cell-${column.key}`, items.length === 0 ? '' : `<ul>${list}</ul>`];
    }
  }
}

/**
 * One code's entry: its heading at its anchor, then its parts.
 * @example entryHtml(entry, 3, (b) => blockHtml(b, 3))
 */
export function entryHtml(entry: EntryDoc, level: number, block: (block: Block) => string): string {
  const anchor = escapeHtml(entry.anchor);
  const alias =
    entry.anchored && entry.alias !== undefined
      ? `<span id="${escapeHtml(entry.alias)}"></span>`
      : '';
  const heading = `<code>${escapeHtml(entry.code)}</code> (${entry.status})`;
  // A `/` occurs in no anchor, so `<anchor>/title` cannot be another code's id.
  const open = entry.anchored
    ? `<section class="entry${entry.deprecated ? ' deprecated' : ''}" id="${anchor}" aria-labelledby="${anchor}/title">
<h${level} id="${anchor}/title">${alias}${heading}</h${level}>`
    : `<section class="entry${entry.deprecated ? ' deprecated' : ''}">
<h${level}>${heading}</h${level}>`;
  return `${open}
${entry.note === undefined ? '' : `${noteHtml(entry.note)}\n`}${entry.blocks.map(block).join('\n')}
</section>`;
}
