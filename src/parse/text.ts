import { parsedError } from '../formats/shared.js';
import { collapse, decodeEntities, SCAN, stripTags } from './markup.js';
import type { ShapeParser } from './util.js';

/**
 * Plain-text bodies (`Too Many Requests`, `upstream connect error or disconnect/reset before
 * headers`): the first non-empty line, control characters removed, bounded. Bodies that look like
 * JSON but did not parse (cut off, or too deep) are not text: the fallback names only the status.
 */
export const parseText: ShapeParser = (input) => {
  if (input.json !== undefined || input.contentType.includes('json')) return undefined;
  const head = input.text.slice(0, SCAN);
  const start = head.trimStart();
  if (start === '' || start[0] === '{' || start[0] === '[') return undefined;
  // Markup no other shape knew (XML, a bare HTML fragment): its text, never its tags.
  const line =
    start[0] === '<'
      ? nonEmpty(collapse(decodeEntities(stripTags(start.slice(0, 4096)))))
      : firstLine(start);
  if (line === undefined) return undefined;
  return parsedError(input, 'text', { message: jsonString(line) ?? line });
};

/** The first line with something in it, collapsed; scans once. */
function firstLine(s: string): string | undefined {
  let from = 0;
  while (from < s.length) {
    let end = s.indexOf('\n', from);
    if (end === -1) end = s.length;
    const line = collapse(s.slice(from, Math.min(end, from + 4096)));
    if (line !== '') return line;
    from = end + 1;
  }
  return undefined;
}

/** A body that is one JSON string (`"Not Found"`) is that string. */
function jsonString(line: string): string | undefined {
  if (line.length < 2 || line[0] !== '"' || line[line.length - 1] !== '"') return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'string' ? collapse(value) : undefined;
  } catch {
    return undefined;
  }
}

function nonEmpty(s: string): string | undefined {
  return s === '' ? undefined : s;
}
