import type { CheckResult, PolicyOutcome } from './types.js';

/** Which rate-limit headers to send. */
export type HeaderMode = 'legacy' | 'ietf' | 'both' | 'none';

// A minimal RFC 8941 (Structured Field Values) serializer for what the rate-limit fields use:
// a List of Items, each an sf-string with sf-integer or sf-boolean parameters. Not the
// `structured-headers` package: it prints the same bytes but ~15x slower, 2-6 µs per check on
// a path whose whole memory-store check costs 0.2-0.8 µs (bench/headers.ts, bench/RESULTS.md).

/** A structured-field parameter value this serializer supports. */
export type SfParam = number | boolean;

/** Printable ASCII but `"` and `\`: an sf-string as it is, between quotes. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** Serialize an sf-string: printable ASCII only, with `"` and `\` escaped (RFC 8941 §4.1.6). */
export function sfString(value: string): string {
  if (PLAIN.test(value)) return `"${value}"`; // every policy name (definePolicy's pattern)
  if (!/^[\x20-\x7e]*$/.test(value)) {
    throw new TypeError(`errata: ${JSON.stringify(value)} is not a valid structured-field string.`);
  }
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** Serialize an sf-integer (RFC 8941 §4.1.4): at most 15 digits. */
export function sfInteger(value: number): string {
  if (!Number.isInteger(value) || Math.abs(value) > 999_999_999_999_999) {
    throw new TypeError(`errata: ${value} is not a valid structured-field integer.`);
  }
  return String(value);
}

/** Serialize parameters (RFC 8941 §4.1.1.2): `;key=value`, a true boolean as a bare `;key`. */
export function sfParams(params: Readonly<Record<string, SfParam>>): string {
  let out = '';
  for (const [key, value] of Object.entries(params)) {
    if (!/^[a-z*][a-z0-9_.*-]*$/.test(key)) {
      throw new TypeError(`errata: ${JSON.stringify(key)} is not a valid structured-field key.`);
    }
    if (value === true) out += `;${key}`;
    else if (value === false) out += `;${key}=?0`;
    else out += `;${key}=${sfInteger(value)}`;
  }
  return out;
}

/** Serialize a List of string Items with parameters (RFC 8941 §4.1.1). */
export function sfList(
  items: readonly { value: string; params: Record<string, SfParam> }[],
): string {
  return items.map((item) => sfString(item.value) + sfParams(item.params)).join(', ');
}

const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

/**
 * The outcome a single-limit header reports: a refusing one first, then the fewest remaining,
 * then the longest reset.
 */
export function mostRestrictive(outcomes: readonly PolicyOutcome[]): PolicyOutcome | undefined {
  let best: PolicyOutcome | undefined;
  for (const o of outcomes) {
    if (
      best === undefined ||
      (!o.allowed && best.allowed) ||
      (o.allowed === best.allowed &&
        (o.remaining < best.remaining ||
          (o.remaining === best.remaining && o.resetMs > best.resetMs)))
    ) {
      best = o;
    }
  }
  return best;
}

/**
 * Rate-limit headers of a check.
 * - legacy: `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (Unix epoch
 *   seconds) of the most restrictive outcome;
 * - ietf (draft-ietf-httpapi-ratelimit-headers-11): `RateLimit-Policy: "burst";q=100;w=60, …`
 *   and `RateLimit: "burst";r=42;t=17, …`, one item per policy, in order (`w`: the window and
 *   `t`: seconds until the policy is back to full capacity or its window ends, both rounded up).
 */
export function rateLimitHeaders(
  result: CheckResult,
  windowMsOf: (name: string) => number,
  mode: HeaderMode,
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (result.outcomes.length === 0) return headers;
  if (mode === 'legacy' || mode === 'both') {
    const o = mostRestrictive(result.outcomes) as PolicyOutcome;
    headers['X-RateLimit-Limit'] = String(o.limit);
    headers['X-RateLimit-Remaining'] = String(Math.max(0, o.remaining));
    headers['X-RateLimit-Reset'] = String(Math.ceil((result.now + o.resetMs) / 1000));
  }
  if (mode === 'ietf' || mode === 'both') {
    // The same RFC 8941 Lists as sfList would print, built in one pass: the parameters are known
    // (q, w, r, t: integers), so only names need sfString. This runs on every check, where
    // sfList costs ~5x more (bench/headers.ts).
    let policy = '';
    let limit = '';
    for (const o of result.outcomes) {
      const name = sfString(o.name);
      const sep = policy === '' ? '' : ', ';
      policy += `${sep}${name};q=${sfInteger(o.limit)};w=${sfInteger(seconds(windowMsOf(o.name)))}`;
      limit += `${sep}${name};r=${sfInteger(Math.max(0, o.remaining))};t=${sfInteger(seconds(o.resetMs))}`;
    }
    headers['RateLimit-Policy'] = policy;
    headers.RateLimit = limit;
  }
  return headers;
}
