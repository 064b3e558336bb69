import type { HeadersLike } from '../formats/types.js';

const MAX_HEADER = 8192;

/** Response headers as a plain record with lower-case names (arrays joined with ', '). */
export function headerRecord(headers: HeadersLike): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === undefined || headers === null) return out;
  if (
    typeof (headers as Headers).forEach === 'function' &&
    typeof (headers as Headers).get === 'function'
  ) {
    (headers as Headers).forEach((value, name) => {
      out[name.toLowerCase()] = value.slice(0, MAX_HEADER);
    });
    return out;
  }
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  for (const name of Object.keys(record)) {
    const value = record[name];
    if (typeof value === 'string') out[name.toLowerCase()] = value.slice(0, MAX_HEADER);
    else if (Array.isArray(value)) out[name.toLowerCase()] = value.join(', ').slice(0, MAX_HEADER);
  }
  return out;
}

const REQUEST_ID_HEADERS = [
  'x-request-id',
  'request-id',
  'x-correlation-id',
  'x-amzn-requestid',
  'x-amz-request-id',
  'x-github-request-id',
  'x-ms-request-id',
  'x-amz-cf-id',
  'cf-ray',
];

/** A request id that is safe to log or show: visible ASCII, at most 200 characters. */
export function safeId(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  return v.length > 0 && v.length <= 200 && /^[\x21-\x7e]+$/.test(v) ? v : undefined;
}

/** The request id a response names in its headers. */
export function requestIdFromHeaders(
  headers: Readonly<Record<string, string>>,
): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const id = safeId(headers[name]);
    if (id !== undefined) return id;
  }
  return undefined;
}

/**
 * Seconds to wait according to `Retry-After` (delay-seconds or HTTP-date), else the rate-limit
 * reset headers (`RateLimit` `t=`, `RateLimit-Reset`, `X-RateLimit-Reset` as delta or epoch).
 */
export function retryAfterFromHeaders(
  headers: Readonly<Record<string, string>>,
  now: number = Date.now(),
): number | undefined {
  const retryAfter = headers['retry-after']?.trim();
  if (retryAfter !== undefined && retryAfter !== '') {
    if (/^\d{1,10}$/.test(retryAfter)) return Number(retryAfter);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - now) / 1000));
  }
  const structured = headers.ratelimit;
  if (structured !== undefined) {
    const m = /(?:^|;)\s*t=(\d{1,10})(?:\s*[;,]|\s*$)/.exec(structured);
    if (m) return Number(m[1]);
  }
  for (const name of ['ratelimit-reset', 'x-ratelimit-reset', 'x-rate-limit-reset']) {
    const value = headers[name]?.trim();
    if (value === undefined || !/^\d{1,13}(\.\d+)?$/.test(value)) continue;
    const n = Number(value);
    if (n > 1e12) return Math.max(0, Math.ceil((n - now) / 1000)); // epoch milliseconds
    if (n > 1e9) return Math.max(0, Math.ceil(n - now / 1000)); // epoch seconds
    return Math.ceil(n);
  }
  return undefined;
}
