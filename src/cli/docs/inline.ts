/**
 * The docs' inline markup: the small part of Markdown that catalog descriptions and the page's
 * own prose use (`code` spans and [links](#anchor)), written once and rendered to Markdown or
 * HTML. Everything else is text and is escaped for the target.
 */

/** One piece of inline markup. */
export type Token =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'link'; label: Token[]; href: string };

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escape text for HTML content and quoted attribute values.
 * @example escapeHtml('<b>"x"</b>') // '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/**
 * Whether a link target may be rendered as a link: fragments, http(s) and relative paths.
 * Anything else (`javascript:`, `data:`) stays text, because catalog text is not trusted markup.
 * @example isSafeHref('#secret_not_found') // true
 */
export function isSafeHref(href: string): boolean {
  return /^(?:#|https?:\/\/|\/(?!\/)|\.{1,2}\/)/i.test(href) && !/[\s<>"'`]/.test(href);
}

/**
 * Split inline markup into text, code spans and links (whose labels may hold code spans).
 * @example tokenize('see [`x`](#x)') // [{ kind: 'text', … }, { kind: 'link', … }]
 */
export function tokenize(inline: string): Token[] {
  const out: Token[] = [];
  let text = '';
  let i = 0;
  const flush = () => {
    if (text !== '') out.push({ kind: 'text', text });
    text = '';
  };
  while (i < inline.length) {
    const ch = inline[i];
    if (ch === '`') {
      let run = 1;
      while (inline[i + run] === '`') run++;
      const end = closingRun(inline, i + run, run);
      // An unmatched backtick run is literal text, as in CommonMark.
      if (end !== -1) {
        flush();
        out.push({ kind: 'code', text: inline.slice(i + run, end).trim() || ' ' });
        i = end + run;
        continue;
      }
      text += '`'.repeat(run);
      i += run;
      continue;
    }
    if (ch === '[') {
      const link = /^\[((?:`[^`\n]*`|[^\]`\n])+)\]\(([^()\s]+)\)/.exec(inline.slice(i));
      if (link !== null) {
        flush();
        out.push({ kind: 'link', label: tokenize(link[1] ?? ''), href: link[2] ?? '' });
        i += link[0].length;
        continue;
      }
    }
    text += ch;
    i++;
  }
  flush();
  return out;
}

/** Where a backtick run of exactly `length` starts at or after `from`, or -1. */
function closingRun(text: string, from: number, length: number): number {
  let i = from;
  while (i < text.length) {
    if (text[i] !== '`') {
      i++;
      continue;
    }
    let run = 1;
    while (text[i + run] === '`') run++;
    if (run === length && i > from) return i;
    i += run;
  }
  return -1;
}

/**
 * Inline markup to HTML: code spans as `<code>`, safe links as `<a>`, everything escaped.
 * @example inlineHtml('use `If-Match`') // 'use <code>If-Match</code>'
 */
export function inlineHtml(inline: string): string {
  return tokensHtml(tokenize(inline));
}

function tokensHtml(tokens: readonly Token[]): string {
  let out = '';
  for (const t of tokens) {
    if (t.kind === 'text') out += escapeHtml(t.text);
    else if (t.kind === 'code') out += `<code>${escapeHtml(t.text)}</code>`;
    else if (isSafeHref(t.href))
      out += `<a href="${escapeHtml(t.href)}">${tokensHtml(t.label)}</a>`;
    else out += tokensHtml(t.label);
  }
  return out;
}

/**
 * Inline markup to Markdown that renders as intended anywhere: raw HTML (`<`) and, in table
 * cells, pipes and line breaks are neutralised; unsafe links keep only their label.
 * @example inlineMarkdown('a | b', { cell: true }) // 'a \\| b'
 */
export function inlineMarkdown(inline: string, options: { cell?: boolean } = {}): string {
  return tokensMarkdown(tokenize(inline), options.cell === true);
}

function tokensMarkdown(tokens: readonly Token[], cell: boolean): string {
  let out = '';
  for (const t of tokens) {
    if (t.kind === 'text') {
      // `[` is escaped so that only the links recognised above (and found safe) are links.
      let text = t.text.replace(/</g, '&lt;').replace(/[[\]]/g, '\\$&');
      if (cell) text = text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
      out += text;
    } else if (t.kind === 'code') {
      // GFM splits cells on `|` even inside code spans, so it is escaped there too.
      const body = cell ? t.text.replace(/\|/g, '\\|').replace(/\n/g, ' ') : t.text;
      const run = longestRun(body, '`') + 1;
      const fence = '`'.repeat(run);
      const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
      out += `${fence}${pad}${body}${pad}${fence}`;
    } else if (isSafeHref(t.href)) {
      out += `[${tokensMarkdown(t.label, cell)}](${t.href})`;
    } else {
      out += tokensMarkdown(t.label, cell);
    }
  }
  return out;
}

/**
 * The longest run of a character in a text (to pick a code fence that cannot close early).
 * @example longestRun('a ``` b', '`') // 3
 */
export function longestRun(text: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

/**
 * Wrap a value as a code span whatever it contains.
 * @example code('a`b') // '``a`b``'
 */
export function code(text: string): string {
  const fence = '`'.repeat(longestRun(text, '`') + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
