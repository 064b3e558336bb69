/**
 * Request rules every adapter applies the same way, whatever its framework would do: a path
 * with a dot segment or a backslash, and a request with two `Content-Type` fields, are refused
 * (400 `invalid_request`). Both checks run on every request: they allocate nothing, and look
 * closer only when a cheap scan finds a suspect character.
 */

/** The message of the 400 answering a path with a `.` or `..` segment, plain or encoded. */
export const DOT_SEGMENT_MESSAGE =
  "The request path holds a '.' or '..' segment (plain or percent-encoded); this server does not resolve them.";

/** The message of the 400 answering a path with a backslash. */
export const BACKSLASH_MESSAGE =
  'The request path holds a backslash, which a URL path cannot hold unencoded; send it as %5C.';

/** The message of the 400 answering a request with more than one `Content-Type`. */
export const DUPLICATE_CONTENT_TYPE_MESSAGE = 'The request has more than one Content-Type header.';

/** Length of the dot at `i` of `s` (`.` → 1, `%2e`/`%2E` → 3), or 0 when there is none. */
function dotAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === 46) return 1;
  if (c === 37 && s.charCodeAt(i + 1) === 50 && (s.charCodeAt(i + 2) | 32) === 101) return 3;
  return 0;
}

/** Whether the segment starting at `i` of `s` is `.` or `..`, in any spelling. */
function dotSegmentAt(s: string, i: number): boolean {
  const first = dotAt(s, i);
  if (first === 0) return false;
  let end = i + first;
  end += dotAt(s, end);
  const next = s.charCodeAt(end);
  // The end of the path: the end of the target, `/`, `?` or `#` (NaN past the end).
  return Number.isNaN(next) || next === 47 || next === 63 || next === 35;
}

/**
 * Why the path of a raw request target (origin- or absolute-form, as on the request line) must
 * be refused, or undefined: a `.` or `..` segment, literal or percent-encoded (`%2e`, `.%2E`),
 * which some frameworks resolve (`/v1/secrets/../../healthz` reaching `/healthz`) and others do
 * not, or a backslash, which WHATWG URL parsers read as `/`. The query and fragment do not count.
 * @example pathRefusal('/v1/secrets/%2e%2e/healthz') // DOT_SEGMENT_MESSAGE
 * @example pathRefusal('/.well-known/x?next=../y') // undefined
 */
export function pathRefusal(target: string): string | undefined {
  // The common path: none of the characters that could make a refusal (native scans only).
  if (target.indexOf('/.') === -1 && target.indexOf('%2') === -1 && target.indexOf('\\') === -1) {
    return undefined;
  }
  for (let i = 0; i < target.length; i++) {
    const c = target.charCodeAt(i);
    if (c === 63 || c === 35) return undefined;
    if (c === 92) return BACKSLASH_MESSAGE;
    if (c === 47 && dotSegmentAt(target, i + 1)) return DOT_SEGMENT_MESSAGE;
  }
  return undefined;
}

/** Whether `name` is `content-type` in any case, without allocating a lower-cased copy. */
function isContentType(name: string): boolean {
  if (name.length !== 12) return false;
  const expected = 'content-type';
  for (let i = 0; i < 12; i++) {
    const c = name.charCodeAt(i);
    const e = expected.charCodeAt(i);
    // Upper-case letters match their lower-case ones; the '-' only itself.
    if (c !== e && (e === 45 || c !== e - 32)) return false;
  }
  return true;
}

/**
 * Whether raw request headers (node:http's `rawHeaders`: name, value, name, value…) hold more
 * than one `Content-Type`: a singleton field (RFC 9110 §8.3) that node:http reduces to its first
 * value and fetch runtimes join with a comma, so two of them cannot be read the same way twice.
 * @example hasDuplicateContentType(req.rawHeaders)
 */
export function hasDuplicateContentType(rawHeaders: readonly string[]): boolean {
  let seen = false;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (!isContentType(rawHeaders[i] as string)) continue;
    if (seen) return true;
    seen = true;
  }
  return false;
}
