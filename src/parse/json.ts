/**
 * Deepest nesting of `[` and `{` a body may have to be parsed as JSON. Error bodies nest a few
 * levels; V8's JSON.parse of a 1 MiB `[[[[…]]]]` costs 0.3–0.6 s, and the result overflows the
 * stack of anything that walks it (JSON.stringify, a logger). Deeper bodies are read as text.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The body as JSON when it is an object or array nested at most MAX_JSON_DEPTH deep, else
 * undefined (then the text shapes and the fallback read it).
 */
export function parseJson(text: string): unknown {
  // Look at the first non-blank character without copying the body (trimStart would).
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) <= 32 || text.charCodeAt(i) === 0xfeff)) i++;
  const first = text.charCodeAt(i);
  if (first !== 123 /* { */ && first !== 91 /* [ */) return undefined;
  if (!nestingWithin(text, i, MAX_JSON_DEPTH)) return undefined;
  try {
    return JSON.parse(i === 0 ? text : text.slice(i));
  } catch {
    return undefined;
  }
}

/**
 * Whether `[`/`{` outside strings never nest deeper than `max`, from `from` on: one linear scan
 * (about a millisecond per MiB), stopping at the first level too deep. Brackets need not balance:
 * JSON.parse still rejects what is malformed; this only decides whether it is worth trying.
 */
export function nestingWithin(text: string, from: number, max: number): boolean {
  let depth = 0;
  const end = text.length;
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // Skip the string, escapes included, so brackets inside it do not count.
      for (i++; i < end; i++) {
        const s = text.charCodeAt(i);
        if (s === 92 /* \ */) i++;
        else if (s === 34) break;
      }
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > max) return false;
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      depth--;
    }
  }
  return true;
}
