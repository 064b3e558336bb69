import type { HeadersLike } from '../formats/types.js';

const MAX_HEADER = 8192;

/**
 * Response headers as a plain record with lower-case names (arrays joined with ', '). A plain
 * object that is one already (lower-case names, string values within MAX_HEADER) is returned as
 * it is, not copied: the usual case (Node's and errata's own headers), and read-only here.
 */
export function headerRecord(headers: HeadersLike): Readonly<Record<string, string>> {
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
  if (isPlainRecord(record)) return record as Readonly<Record<string, string>>;
  for (const name of Object.keys(record)) {
    const value = record[name];
    const key = name.toLowerCase();
    if (typeof value === 'string') {
      out[key] = value.length > MAX_HEADER ? value.slice(0, MAX_HEADER) : value;
    } else if (Array.isArray(value)) out[key] = value.join(', ').slice(0, MAX_HEADER);
  }
  return out;
}

/** A plain object whose own names are lower-case and whose values are strings within MAX_HEADER. */
function isPlainRecord(record: object): boolean {
  if (Object.getPrototypeOf(record) !== Object.prototype) return false;
  // for…in, not Object.keys: no array. It sees inherited members too, which lookups in the record
  // would see as well.
  for (const name in record) {
    const value: unknown = (record as Record<string, unknown>)[name];
    if (typeof value !== 'string' || value.length > MAX_HEADER || name.toLowerCase() !== name) {
      return false;
    }
  }
  return true;
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
];

/** `x-<vendor>-request-id`, `x-<vendor>-req-id` (Slack, Dropbox, Shopify, …). */
const VENDOR_REQUEST_ID = /^x-[a-z0-9]+(?:-[a-z0-9]+)*-(?:request|req)-id$/;

/**
 * Ids that name the request less directly, tried last: the Kubernetes API server's audit id,
 * trace ids, and Cloudflare's ray (which names the edge hop, so only when nothing else does).
 */
const LAST_RESORT_HEADERS = ['audit-id', 'x-trace-id', 'x-b3-traceid', 'cf-ray'];

/**
 * A request id that is safe to log or show: visible ASCII, at most 200 characters. Looser than
 * the server's 128 (src/server/request-id.ts): the parser reads ids from any API, some longer.
 */
export function safeId(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // Visible ASCII has no white space, so such a value is its own trim (the usual id).
  if (visible(value)) return value;
  const v = value.trim();
  return v !== value && visible(v) ? v : undefined;
}

/** 1 to 200 characters of visible ASCII (0x21-0x7e): a loop, not a regex, run on every parse. */
function visible(v: string): boolean {
  if (v.length === 0 || v.length > 200) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

/** The request id a response names in its headers. */
export function requestIdFromHeaders(
  headers: Readonly<Record<string, string>>,
): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const id = safeId(headers[name]);
    if (id !== undefined) return id;
  }
  for (const name of Object.keys(headers)) {
    if (!VENDOR_REQUEST_ID.test(name)) continue;
    const id = safeId(headers[name]);
    if (id !== undefined) return id;
  }
  for (const name of LAST_RESORT_HEADERS) {
    const id = safeId(headers[name]);
    if (id !== undefined) return id;
  }
  return undefined;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = `(${MONTHS.join('|')})`;
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const DAY_LONG = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
/** `Sun, 06 Nov 1994 08:49:37 GMT`: RFC 9110 IMF-fixdate, the form senders must use. */
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
/** `Sunday, 06-Nov-94 08:49:37 GMT`: the obsolete RFC 850 form. */
const RFC850_DATE = new RegExp(`^${DAY_LONG}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
/** `Sun Nov  6 08:49:37 1994`: the obsolete asctime form. */
const ASCTIME_DATE = new RegExp(`^${DAY} ${MONTH} ( \\d|\\d{2}) ${TIME} (\\d{4})$`);

/**
 * An RFC 9110 HTTP-date (IMF-fixdate or one of the two obsolete forms) as epoch milliseconds,
 * else undefined. Strict on purpose: `Date.parse` accepts almost anything (`"1.5"`, `"-1"`).
 */
export function parseHttpDate(value: string, now: number = Date.now()): number | undefined {
  let m = IMF_FIXDATE.exec(value);
  if (m) return utc(Number(m[3]), m[2], Number(m[1]), m[4], m[5], m[6]);
  m = RFC850_DATE.exec(value);
  if (m) {
    // RFC 9110 §5.6.7: a two-digit year more than 50 years ahead is in the previous century.
    const thisYear = new Date(now).getUTCFullYear();
    let year = Math.floor(thisYear / 100) * 100 + Number(m[3]);
    if (year > thisYear + 50) year -= 100;
    return utc(year, m[2], Number(m[1]), m[4], m[5], m[6]);
  }
  m = ASCTIME_DATE.exec(value);
  if (m) return utc(Number(m[6]), m[1], Number(m[2]), m[3], m[4], m[5]);
  return undefined;
}

function utc(
  year: number,
  month: string | undefined,
  day: number,
  hour: string | undefined,
  minute: string | undefined,
  second: string | undefined,
): number | undefined {
  const mo = MONTHS.indexOf(month ?? '');
  const h = Number(hour);
  const mi = Number(minute);
  const s = Number(second);
  // The grammar allows a leap second (`:60`); the Date rolls it into the next minute.
  if (mo < 0 || h > 23 || mi > 59 || s > 60) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, mo, day);
  // A day the month does not have (`31 Feb`, `00`) would roll into another month.
  if (date.getUTCMonth() !== mo || date.getUTCDate() !== day) return undefined;
  date.setUTCHours(h, mi, s);
  return date.getTime();
}

/** Seconds to wait according to `Retry-After`, or undefined when it is absent or malformed. */
function retryAfterHeader(value: string | undefined, now: number): number | undefined {
  const v = value?.trim();
  if (v === undefined || v === '') return undefined;
  // An HTTP-date holds a comma itself, so the whole value is tried as a date first; duplicate
  // headers joined with ', ' (`5, 5`) then give their first item, when that is delay-seconds.
  const date = parseHttpDate(v, now);
  if (date !== undefined) return Math.max(0, Math.ceil((date - now) / 1000));
  const first = v.split(',', 1)[0]?.trim() ?? '';
  // RFC 9110 says whole seconds; some APIs send fractions (`0.05`), which mean what they say.
  return /^\d{1,10}(\.\d{1,9})?$/.test(first) ? Number(first) : undefined;
}

/** Rate-limit reset headers and the remaining-quota header that goes with each. */
const RESET_HEADERS: readonly (readonly [reset: string, remaining: string])[] = [
  ['ratelimit-reset', 'ratelimit-remaining'],
  ['x-ratelimit-reset', 'x-ratelimit-remaining'],
  ['x-rate-limit-reset', 'x-rate-limit-remaining'],
];

/**
 * Seconds to wait according to `Retry-After` (delay-seconds or HTTP-date, any status), else,
 * when the response says the rate limit was hit, the rate-limit reset headers (`RateLimit` `t=`,
 * `RateLimit-Reset`, `X-RateLimit-Reset`, `X-Rate-Limit-Reset` as delta or epoch). A reset header
 * counts on 429, or on 403 / 503 whose matching remaining header (`r=` in `RateLimit`) is 0:
 * GitHub sends `x-ratelimit-reset` on every response, and a 404 is not a reason to wait.
 */
export function retryAfterFromHeaders(
  headers: Readonly<Record<string, string>>,
  status: number,
  at?: number,
): number | undefined {
  // The clock is read only when a header is there to read against it (Date.now() is not free).
  const value = headers['retry-after'];
  const resetCounts = status === 429 || status === 403 || status === 503;
  if (value === undefined && !resetCounts) return undefined;
  const now = at ?? Date.now();
  const retryAfter = retryAfterHeader(value, now);
  if (retryAfter !== undefined) return retryAfter;
  if (!resetCounts) return undefined;
  const limited = (remaining: string | undefined) => status === 429 || remaining?.trim() === '0';
  const structured = headers.ratelimit;
  if (structured !== undefined) {
    for (const item of structured.split(',')) {
      const t = /(?:^|;)\s*t=(\d{1,10})\s*(?:;|$)/.exec(item);
      const r = /(?:^|;)\s*r=(\d{1,10})\s*(?:;|$)/.exec(item);
      if (t && limited(r?.[1])) return Number(t[1]);
    }
  }
  for (const [name, remainingName] of RESET_HEADERS) {
    const value = headers[name]?.trim();
    if (value === undefined || !/^\d{1,13}(\.\d+)?$/.test(value)) continue;
    if (!limited(headers[remainingName])) continue;
    const n = Number(value);
    // An epoch already past (a stale or replayed response) says nothing about when to retry.
    if (n > 1e12) return n > now ? Math.ceil((n - now) / 1000) : undefined; // epoch milliseconds
    if (n > 1e9) return n > now / 1000 ? Math.ceil(n - now / 1000) : undefined; // epoch seconds
    return Math.ceil(n);
  }
  return undefined;
}
