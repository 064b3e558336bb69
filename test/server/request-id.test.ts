import { describe, expect, it } from 'vitest';
import {
  generateRequestId,
  isSafeRequestId,
  MAX_REQUEST_ID_LENGTH,
  requestIdOptions,
  resolveRequestId,
} from '../../src/server/request-id.js';

describe('isSafeRequestId', () => {
  it('accepts 1..128 visible ASCII characters but quotes, <, >, \\ and `', () => {
    const traceId = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    for (const id of ['a', 'req_abc', 'A-Z.0_9:~!#$%&()*+,/;=?@[]^{|}', traceId, 'x'.repeat(128)]) {
      expect(isSafeRequestId(id)).toBe(true);
    }
    expect(MAX_REQUEST_ID_LENGTH).toBe(128);
  });

  it('refuses empty, too long, spaces, control characters, CR/LF, DEL, non-ASCII, markup', () => {
    const bad = [
      '"abc"',
      "it's",
      '<script>alert(1)</script>',
      'a\\b',
      '`id`',
      '',
      'x'.repeat(129),
      'a b',
      ' lead',
      'tab\there',
      'cr\rlf',
      'line\nbreak',
      'nul\0',
      'bell\x07',
      'del\x7f',
      'café',
      'emoji😀',
      undefined,
      42,
      ['a'],
    ];
    for (const id of bad) expect(isSafeRequestId(id)).toBe(false);
  });
});

describe('generateRequestId', () => {
  it('makes distinct safe req_ ids', () => {
    const ids = new Set(Array.from({ length: 100 }, generateRequestId));
    expect(ids.size).toBe(100);
    for (const id of ids) {
      expect(id).toMatch(/^req_[A-Za-z0-9_-]{22}$/);
      expect(isSafeRequestId(id)).toBe(true);
    }
  });
});

describe('resolveRequestId', () => {
  it('keeps a safe incoming id and replaces an unsafe or repeated one', () => {
    expect(resolveRequestId('abc-1')).toBe('abc-1');
    expect(resolveRequestId('a b')).toMatch(/^req_/);
    expect(resolveRequestId(['a', 'b'])).toMatch(/^req_/);
    expect(resolveRequestId(undefined)).toMatch(/^req_/);
  });

  it('uses the generator option and can distrust incoming ids', () => {
    const options = requestIdOptions({ generate: () => 'fixed-id', trustIncoming: false });
    expect(resolveRequestId('abc-1', options)).toBe('fixed-id');
    expect(resolveRequestId(undefined, requestIdOptions({ generate: () => 'g' }))).toBe('g');
  });

  it('never returns an unsafe generated id', () => {
    const options = requestIdOptions({ generate: () => 'bad\r\nid' });
    expect(resolveRequestId(undefined, options)).toMatch(/^req_/);
  });

  it('lower-cases the header name', () => {
    expect(requestIdOptions({ header: 'X-Trace-ID' }).header).toBe('x-trace-id');
    expect(requestIdOptions().header).toBe('x-request-id');
  });
});

describe('requestIdOptions', () => {
  it('takes the default for an option given as undefined', () => {
    const options = requestIdOptions({
      header: undefined,
      trustIncoming: undefined,
      generate: undefined,
    });
    expect(options.header).toBe('x-request-id');
    expect(options.trustIncoming).toBe(true);
    expect(options.generate()).toMatch(/^req_[A-Za-z0-9_-]{22}$/);
    expect(resolveRequestId('abc-1', options)).toBe('abc-1');
    expect(Object.isFrozen(options)).toBe(true);
  });

  it('refuses a header that is not an HTTP token, and a generate that is not a function', () => {
    for (const header of ['', 'x id', 'x-id:', 'x\r\nid', 'ïd', 'x"id', 'x/id']) {
      expect(() => requestIdOptions({ header }), JSON.stringify(header)).toThrow(TypeError);
    }
    expect(() => requestIdOptions({ header: 'x id' })).toThrow(/requestId\.header must be a valid/);
    expect(() => requestIdOptions({ generate: 42 as never })).toThrow(TypeError);
    expect(requestIdOptions({ header: "X-A!#$%&'*+.^_`|~9" }).header).toBe("x-a!#$%&'*+.^_`|~9");
  });
});
