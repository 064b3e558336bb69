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
  return parseJsonBody(text).json;
}

/** A parsed body and how deep at most its arrays and objects nest (0 when it is not JSON). */
export type ParsedJson = { json: unknown; depth: number };

const NOT_JSON: ParsedJson = { json: undefined, depth: 0 };

/**
 * `parseJson`, with a bound on its nesting depth (exact when the scan measured it, else the count
 * of brackets, never less than the depth): what bounds the parsed value (a body
 * short and shallow enough is within every limit without walking it).
 * @example parseJsonBody('{"a":[1]}') // { json: { a: [1] }, depth: 2 }
 */
export function parseJsonBody(text: string): ParsedJson {
  // Look at the first non-blank character without copying the body (trimStart would).
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) <= 32 || text.charCodeAt(i) === 0xfeff)) i++;
  const first = text.charCodeAt(i);
  if (first !== 123 /* { */ && first !== 91 /* [ */) return NOT_JSON;
  // Nesting never exceeds the number of `[` and `{`: a count (a few indexOf jumps over an error
  // body) settles it without the string-aware scan, which only a bracket-heavy body needs.
  const count = brackets(text, i, MAX_JSON_DEPTH);
  const depth = count <= MAX_JSON_DEPTH ? count : nesting(text, i, MAX_JSON_DEPTH);
  if (depth < 0) return NOT_JSON;
  try {
    return { json: JSON.parse(i === 0 ? text : text.slice(i)), depth };
  } catch {
    return NOT_JSON;
  }
}

/**
 * Whether `[`/`{` outside strings never nest deeper than `max`, from `from` on: one linear scan
 * (about a millisecond per MiB), stopping at the first level too deep. Brackets need not balance:
 * JSON.parse still rejects what is malformed; this only decides whether it is worth trying.
 */
export function nestingWithin(text: string, from: number, max: number): boolean {
  return nesting(text, from, max) >= 0;
}

/** `[` and `{` from `from` on, counting stops past `max`. */
function brackets(text: string, from: number, max: number): number {
  let count = 0;
  for (let i = text.indexOf('{', from); i !== -1 && count <= max; i = text.indexOf('{', i + 1)) {
    count++;
  }
  for (let i = text.indexOf('[', from); i !== -1 && count <= max; i = text.indexOf('[', i + 1)) {
    count++;
  }
  return count;
}

/** The deepest nesting from `from` on, or -1 past `max` (see `nestingWithin`). */
function nesting(text: string, from: number, max: number): number {
  let depth = 0;
  let deepest = 0;
  const end = text.length;
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // Skip the string, escapes included, so brackets inside it do not count: jump from quote to
      // quote (most of an error body is strings) and look back for escaping backslashes.
      for (;;) {
        const q = text.indexOf('"', i + 1);
        if (q === -1) return deepest;
        let slashes = 0;
        while (text.charCodeAt(q - 1 - slashes) === 92 /* \ */) slashes++;
        i = q;
        if (slashes % 2 === 0) break;
      }
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > max) return -1;
      if (depth > deepest) deepest = depth;
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      depth--;
    }
  }
  return deepest;
}
