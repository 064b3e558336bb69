/**
 * `Vary` (RFC 9110 §12.5.5) is a list: an error response that adds `Accept-Language` must keep
 * what the app or its CORS middleware already put there (`Origin`), once each. Used by
 * renderError and every adapter; no Node built-ins.
 */

/**
 * The field names of several `Vary` values merged in order, each once (compared without case,
 * spelled as first seen); `*` anywhere makes the whole value `*`. Undefined when none names
 * anything. Values may be what a framework keeps: a string, a list of strings, or nothing.
 * @example mergeVary('Origin', 'origin, Accept-Language') // 'Origin, Accept-Language'
 */
export function mergeVary(...values: unknown[]): string | undefined {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const value of values) {
    const parts = Array.isArray(value) ? value : [value];
    for (const part of parts) {
      if (typeof part !== 'string') continue;
      for (const raw of part.split(',')) {
        const name = raw.trim();
        if (name === '') continue;
        if (name === '*') return '*';
        const key = name.toLowerCase();
        if (seen.has(key)) continue;
        seen.add(key);
        names.push(name);
      }
    }
  }
  return names.length === 0 ? undefined : names.join(', ');
}

/**
 * A rendered header record (names in any case) whose `vary` names also what `existing` (the
 * response's `Vary` so far) names: the record itself, changed, when it has a `vary`, else as is
 * (a response without one keeps its own `Vary`, which nothing overwrites then).
 * @example withVary(rendered.headers, res.getHeader('vary'))
 */
export function withVary<H extends Record<string, string>>(headers: H, existing: unknown): H {
  if (existing === undefined || existing === null) return headers;
  for (const name of Object.keys(headers)) {
    if (name.length !== 4 || name.toLowerCase() !== 'vary') continue;
    const merged = mergeVary(existing, headers[name]);
    if (merged !== undefined) (headers as Record<string, string>)[name] = merged;
  }
  return headers;
}
