import { describe, expect, it } from 'vitest';
import { parseHttpDate, retryAfterFromHeaders } from '../../src/parse/headers.js';
import { parseJson } from './support.js';

/** Wed, 01 May 2024 10:00:00 GMT */
const NOW = Date.UTC(2024, 4, 1, 10, 0, 0);

function retryAfter(value: string, status = 503): number | undefined {
  return retryAfterFromHeaders({ 'retry-after': value }, status, NOW);
}

describe('retryAfterFromHeaders: Retry-After', () => {
  it('delay-seconds', () => {
    expect(retryAfter('120')).toBe(120);
    expect(retryAfter(' 0 ')).toBe(0);
  });

  it('duplicate headers joined with ", " give the first delay', () => {
    expect(retryAfter('5, 5')).toBe(5);
    expect(retryAfter('5,10')).toBe(5);
  });

  it('an IMF-fixdate in the future is the seconds until then', () => {
    expect(retryAfter('Wed, 01 May 2024 10:01:30 GMT')).toBe(90);
    expect(retryAfter('Thu, 02 May 2024 10:00:00 GMT')).toBe(86_400);
    // Any status: Retry-After is the server's explicit word.
    expect(retryAfter('Wed, 01 May 2024 10:00:05 GMT', 301)).toBe(5);
  });

  it('a date in the past means now', () => {
    expect(retryAfter('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(0);
  });

  it('the obsolete RFC 850 and asctime forms', () => {
    expect(retryAfter('Wednesday, 01-May-24 10:00:30 GMT')).toBe(30);
    expect(retryAfter('Wed May  1 10:00:30 2024')).toBe(30);
    expect(retryAfter('Wed May 01 10:00:30 2024')).toBe(30);
  });

  it.each([
    '1.',
    '-1',
    '+5',
    '1e3',
    '0x10',
    '5 seconds',
    'soon',
    'Infinity',
    ', 5',
    '12345678901',
    '2024-05-01T10:01:30Z',
    '2024-05-01',
    'May 1, 2024',
    'Wed, 01 May 2024',
    'Wed, 01 May 2024 10:01:30',
    'Wed, 01 May 2024 10:01:30 UTC',
    'Wed, 01 May 2024 10:01:30 +0000',
    'Wed, 1 May 2024 10:01:30 GMT',
    'wed, 01 may 2024 10:01:30 gmt',
    'Wed,  01 May 2024 10:01:30 GMT',
    'Wed, 31 Feb 2024 10:01:30 GMT',
    'Wed, 00 May 2024 10:01:30 GMT',
    'Wed, 01 May 2024 24:00:00 GMT',
    'Wed, 01 May 2024 10:60:00 GMT',
    'Wed, 01 May 2024 10:01:30 GMT, Wed, 01 May 2024 10:01:30 GMT',
    'Wed, 01-May-24 10:00:30 GMT',
    'Wed May 1 10:00:30 2024',
  ])('%j is malformed: undefined', (value) => {
    expect(retryAfter(value)).toBeUndefined();
  });
});

describe('retryAfterFromHeaders: rate-limit reset headers', () => {
  const epoch = String(NOW / 1000 + 60);

  it('count on 429, whatever the remaining header says', () => {
    for (const name of ['ratelimit-reset', 'x-ratelimit-reset', 'x-rate-limit-reset']) {
      expect(retryAfterFromHeaders({ [name]: '30' }, 429, NOW)).toBe(30);
      expect(retryAfterFromHeaders({ [name]: epoch }, 429, NOW)).toBe(60);
      expect(retryAfterFromHeaders({ [name]: String(NOW + 60_000) }, 429, NOW)).toBe(60);
    }
    expect(retryAfterFromHeaders({ ratelimit: '"default";r=3;t=40' }, 429, NOW)).toBe(40);
  });

  it('count on 403 and 503 only when the matching remaining header is 0', () => {
    for (const status of [403, 503]) {
      expect(
        retryAfterFromHeaders(
          { 'x-ratelimit-reset': epoch, 'x-ratelimit-remaining': '0' },
          status,
          NOW,
        ),
      ).toBe(60);
      expect(
        retryAfterFromHeaders(
          { 'x-ratelimit-reset': epoch, 'x-ratelimit-remaining': '12' },
          status,
          NOW,
        ),
      ).toBeUndefined();
      expect(retryAfterFromHeaders({ 'x-ratelimit-reset': epoch }, status, NOW)).toBeUndefined();
      // Another header's remaining does not count.
      expect(
        retryAfterFromHeaders(
          { 'x-ratelimit-reset': epoch, 'ratelimit-remaining': '0' },
          status,
          NOW,
        ),
      ).toBeUndefined();
      expect(
        retryAfterFromHeaders({ 'ratelimit-reset': '15', 'ratelimit-remaining': '0' }, status, NOW),
      ).toBe(15);
      expect(retryAfterFromHeaders({ ratelimit: '"default";r=0;t=40' }, status, NOW)).toBe(40);
      expect(
        retryAfterFromHeaders({ ratelimit: '"default";r=5;t=40' }, status, NOW),
      ).toBeUndefined();
    }
  });

  it('never count on other statuses (GitHub sends them on every response)', () => {
    const headers = {
      'x-ratelimit-reset': epoch,
      'x-ratelimit-remaining': '0',
      ratelimit: '"default";r=0;t=40',
      'ratelimit-reset': '15',
      'ratelimit-remaining': '0',
    };
    for (const status of [400, 401, 404, 422, 500, 502]) {
      expect(retryAfterFromHeaders(headers, status, NOW)).toBeUndefined();
    }
  });

  it('Retry-After wins; a malformed one falls back to the reset headers on 429', () => {
    expect(retryAfterFromHeaders({ 'retry-after': '7', 'x-ratelimit-reset': '30' }, 429, NOW)).toBe(
      7,
    );
    expect(
      retryAfterFromHeaders({ 'retry-after': '-1', 'x-ratelimit-reset': '30' }, 429, NOW),
    ).toBe(30);
    expect(
      retryAfterFromHeaders({ 'retry-after': '-1', 'x-ratelimit-reset': '30' }, 404, NOW),
    ).toBeUndefined();
  });
});

describe('parseHttpDate', () => {
  it('the three RFC 9110 forms of the same instant', () => {
    const t = Date.UTC(1994, 10, 6, 8, 49, 37);
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT', NOW)).toBe(t);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', NOW)).toBe(t);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994', NOW)).toBe(t);
  });

  it('an RFC 850 two-digit year more than 50 years ahead is in the past century', () => {
    expect(parseHttpDate('Friday, 01-Jan-50 00:00:00 GMT', NOW)).toBe(Date.UTC(2050, 0, 1));
    expect(parseHttpDate('Thursday, 01-Jan-75 00:00:00 GMT', NOW)).toBe(Date.UTC(1975, 0, 1));
  });

  it('leap day only in leap years', () => {
    expect(parseHttpDate('Thu, 29 Feb 2024 00:00:00 GMT', NOW)).toBe(Date.UTC(2024, 1, 29));
    expect(parseHttpDate('Wed, 29 Feb 2023 00:00:00 GMT', NOW)).toBeUndefined();
  });
});

describe('parseErrorBody passes the status to the Retry-After reading', () => {
  it('a 404 with a rate-limit reset header has no retryAfter; a 429 has', () => {
    const headers = { 'x-ratelimit-reset': '30', 'x-ratelimit-remaining': '10' };
    expect(parseJson(404, { message: 'nope' }, headers).retryAfter).toBeUndefined();
    expect(parseJson(429, { message: 'slow down' }, headers).retryAfter).toBe(30);
  });

  it('a malformed Retry-After gives no retryAfter (not 0)', () => {
    for (const value of ['1.5s', '-1', 'soon', '2024-05-01']) {
      expect(parseJson(503, { message: 'down' }, { 'retry-after': value }).retryAfter).toBe(
        undefined,
      );
    }
  });
});
