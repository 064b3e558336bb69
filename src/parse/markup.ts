/** Characters of an HTML or XML page that are looked at: titles and headings sit near the top. */
export const SCAN = 65_536;

const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  copy: '©',
};

/** Decode the common named entities and numeric ones; unknown entities stay as written. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X'
          ? Number.parseInt(name.slice(2), 16)
          : Number(name.slice(1));
      // Control characters and invalid code points are not worth a message; drop them.
      return code >= 0x20 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
        ? String.fromCodePoint(code)
        : '';
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

/** Remove tags (linear scan, no regex backtracking), replacing each with a space. */
export function stripTags(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const open = s.indexOf('<', i);
    if (open === -1) {
      out += s.slice(i);
      break;
    }
    out += s.slice(i, open);
    const close = s.indexOf('>', open + 1);
    if (close === -1) break; // an unterminated tag: nothing after it is text
    out += ' ';
    i = close + 1;
  }
  return out;
}

/** Whitespace (and control characters) collapsed to single spaces, trimmed. */
export function collapse(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  return s.replace(/[\s\x00-\x1f\x7f]+/g, ' ').trim();
}

/**
 * The text inside the first `<tag …>…</tag>` of a page, tags stripped, entities decoded,
 * whitespace collapsed. `lower` is the page lower-cased (for case-insensitive search), same length.
 */
export function elementText(page: string, lower: string, tag: string): string | undefined {
  let from = 0;
  for (;;) {
    const open = lower.indexOf(`<${tag}`, from);
    if (open === -1) return undefined;
    const after = lower[open + tag.length + 1];
    // `<title>` or `<title lang=…>`, but not `<titlebar>`.
    if (after === '>' || after === ' ' || after === '\t' || after === '\n' || after === '\r') {
      const start = lower.indexOf('>', open);
      if (start === -1) return undefined;
      const end = lower.indexOf(`</${tag}`, start);
      const inner = page.slice(start + 1, end === -1 ? Math.min(page.length, start + 4096) : end);
      const value = collapse(decodeEntities(stripTags(inner)));
      return value === '' ? undefined : value;
    }
    from = open + 1;
  }
}
