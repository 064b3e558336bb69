import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api-error.js';
import { parseErrorBody } from '../../src/parse/index.js';
import { isErrorStatus } from '../../src/status.js';

/** Every member name some shape looks at, so random objects hit real code paths. */
const KEYS = [
  'type',
  'title',
  'status',
  'detail',
  'instance',
  'code',
  'request_id',
  'requestId',
  'errors',
  'details',
  'doc_url',
  'retry_after',
  'traceId',
  'error',
  'message',
  'success',
  'meta',
  'field',
  'fields',
  'source',
  'pointer',
  'param',
  'documentation_url',
  'resource',
  'loc',
  'msg',
  'ctx',
  'error_description',
  'error_uri',
  'path',
  'locations',
  'extensions',
  'data',
  'timestamp',
  'jsonrpc',
  'id',
  'result',
  'innererror',
  'innerError',
  'target',
  'statusCode',
  'validation',
  'keys',
  'instancePath',
  '__type',
  'Code',
  'Message',
  'RequestId',
  'non_field_errors',
  'base',
  'defaultMessage',
  'http',
  'reason',
  'metadata',
  '@type',
  'fieldViolations',
  'retryDelay',
  '__proto__',
  'constructor',
  'prototype',
];

const HEADER_NAMES = [
  'content-type',
  'Content-Type',
  'x-request-id',
  'request-id',
  'retry-after',
  'ratelimit',
  'x-ratelimit-reset',
  'www-authenticate',
  'x-amzn-errortype',
  'cf-ray',
  'x-ms-request-id',
];

/** JSON built from shape-relevant keys, nested a few levels. */
const shapedJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 1 }),
    fc.constantFrom(
      '2.0',
      'invalid_grant',
      'One or more validation errors occurred.',
      'body',
      -32602,
      '$.a[0].b',
    ),
    fc.array(tie('value'), { maxLength: 4 }),
    tie('object'),
  ),
  object: fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 6 }),
})).value;

const status = fc.oneof(
  fc.integer({ min: 100, max: 699 }),
  fc.integer(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, 0, 200, 204, 302, 399, 600, 404.5),
  fc.double(),
);

const headerValue = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom(
    'application/json',
    'application/problem+json',
    'text/html; charset=utf-8',
    'application/xml',
    'text/plain',
    '120',
    'Wed, 21 Oct 2015 07:28:00 GMT',
    'Bearer error="invalid_token", error_description="x"',
    'limit=10, remaining=0, t=30',
    'id\r\nSet-Cookie: a=b',
    'x'.repeat(100_000),
  ),
  fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
);

const headers = fc.dictionary(
  fc.oneof(fc.constantFrom(...HEADER_NAMES), fc.string({ maxLength: 20 })),
  headerValue,
  { maxKeys: 6 },
);

/** The invariants every parse must hold, whatever it was given. */
function expectSound(e: unknown, inputStatus: unknown): void {
  expect(e).toBeInstanceOf(ApiError);
  const error = e as ApiError;
  expect(Number.isInteger(error.status)).toBe(true);
  expect(error.status).toBeGreaterThanOrEqual(400);
  expect(error.status).toBeLessThanOrEqual(599);
  // The response status wins when it is an error status; anything else becomes 500.
  expect(error.status).toBe(isErrorStatus(inputStatus) ? inputStatus : 500);
  expect(typeof error.code).toBe('string');
  expect(error.code.length).toBeGreaterThan(0);
  expect(error.code.length).toBeLessThanOrEqual(200);
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(0);
  expect(error.message.length).toBeLessThanOrEqual(1000);
  expect(error.title.length).toBeLessThanOrEqual(200);
  expect(typeof error.format).toBe('string');
  // A parser that threw would have been caught and recorded as the cause: none may throw.
  expect(error.cause).toBeUndefined();
  if (error.fields !== undefined) {
    expect(error.fields.length).toBeLessThanOrEqual(100);
    for (const f of error.fields) {
      expect(Array.isArray(f.path)).toBe(true);
      expect(f.path.length).toBeLessThanOrEqual(64);
      expect(typeof f.message).toBe('string');
      expect(f.message.length).toBeLessThanOrEqual(1000);
    }
  }
  if (error.requestId !== undefined) expect(error.requestId).toMatch(/^[\x21-\x7e]{1,200}$/);
  if (error.retryAfter !== undefined) {
    expect(Number.isFinite(error.retryAfter)).toBe(true);
    expect(error.retryAfter).toBeGreaterThanOrEqual(0);
  }
  if (error.format === 'html' || error.format === 'text') {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
    expect(error.message).not.toMatch(/[\x00-\x1f\x7f]/);
  }
}

function expectUnpolluted(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
}

describe('parseErrorBody: properties', () => {
  it('random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), status, headers, (json, s, h) => {
        const e = parseErrorBody({ status: s, headers: h, body: JSON.stringify(json) });
        expectSound(e, s);
      }),
      { numRuns: 300 },
    );
  });

  it('random values of any kind, turned into JSON where JSON can hold them', () => {
    fc.assert(
      fc.property(fc.anything(), status, (value, s) => {
        let body: string | undefined;
        try {
          body = JSON.stringify(value);
        } catch {
          body = String(typeof value);
        }
        expectSound(
          parseErrorBody({ status: s, headers: { 'content-type': 'application/json' }, body }),
          s,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('shape-like JSON objects (keys every shape looks at, values of any type)', () => {
    fc.assert(
      fc.property(shapedJson, status, headers, (json, s, h) => {
        const e = parseErrorBody({ status: s, headers: h, body: JSON.stringify(json) });
        expectSound(e, s);
        expectUnpolluted();
      }),
      { numRuns: 1000 },
    );
  });

  it('random strings, with and without an HTML or JSON content type', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300, unit: 'binary' }),
        fc.constantFrom('', 'text/html', 'application/json', 'text/plain', 'application/xml'),
        status,
        (body, type, s) => {
          const e = parseErrorBody({
            status: s,
            headers: type === '' ? {} : { 'content-type': type },
            body,
          });
          expectSound(e, s);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('HTML pages never yield markup in the message', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ maxLength: 20 }),
            fc.constantFrom(
              '<',
              '>',
              '<title>',
              '</title>',
              '<h1 x="y">',
              '</h1>',
              '<!--',
              '-->',
              '<br/>',
            ),
          ),
          { maxLength: 30 },
        ),
        (parts) => {
          const page = `<!DOCTYPE html><html>${parts.join('').replace(/&/g, '')}</html>`;
          const e = parseErrorBody({
            status: 502,
            headers: { 'content-type': 'text/html' },
            body: page,
          });
          expect(e.format).toBe('html');
          expect(e.message).not.toContain('<');
          expect(e.message.length).toBeLessThanOrEqual(200);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hostile headers: CR/LF, huge values, arrays, odd names', () => {
    fc.assert(
      fc.property(
        headers,
        fc.constantFrom('', '{"message":"m"}', '<html><title>t</title></html>'),
        (h, body) => {
          expectSound(parseErrorBody({ status: 503, headers: h, body }), 503);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('bodies nested 100,000 deep parse without throwing (the test timeout bounds the time)', () => {
    for (const [body, format] of [
      [`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'unknown'],
      [`${'{"error":'.repeat(100_000)}1${'}'.repeat(100_000)}`, 'unknown'],
      [`${'{"errors":'.repeat(50_000)}1${'}'.repeat(50_000)}`, 'unknown'],
      [`{"detail":[{"loc":${'['.repeat(100_000)}${']'.repeat(100_000)},"msg":"x"}]}`, 'unknown'],
      [`${'['.repeat(100_000)}`, 'unknown'],
    ]) {
      const e = parseErrorBody({
        status: 400,
        headers: { 'content-type': 'application/json' },
        body,
      });
      expectSound(e, 400);
      expect(e.format).toBe(format);
      expect(e.code).toBe('invalid_request');
      expect(e.message).toBe('Bad Request');
      expect(e.fields).toBeUndefined();
    }
  });

  it('a 50 MB body is cut: only the first MiB is looked at', () => {
    const huge = `{"message":"${'a'.repeat(50 * 1024 * 1024)}"}`;
    const e = parseErrorBody({
      status: 500,
      headers: { 'content-type': 'application/json' },
      body: huge,
    });
    const text = parseErrorBody({
      status: 502,
      headers: { 'content-type': 'text/plain' },
      body: huge.slice(2),
    });
    const html = parseErrorBody({
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: `<html><title>${'&amp;<b>'.repeat(6 * 1024 * 1024)}`,
    });
    expectSound(e, 500);
    expect(e.format).toBe('unknown');
    expect(e.message).toBe('Internal Server Error');
    expect(text.format).toBe('text');
    expect(text.message.length).toBeLessThanOrEqual(1000);
    expect(text.message.startsWith('message":"aaa')).toBe(true);
    expect(html.format).toBe('html');
    expect(html.message.length).toBeLessThanOrEqual(200);
    expect(html.message).not.toContain('<');
  });

  it('prototype-pollution keys do not pollute Object.prototype', () => {
    const bodies = [
      '{"__proto__": {"polluted": 1}}',
      '{"constructor": {"prototype": {"polluted": 1}}}',
      '{"type": "x", "title": "t", "__proto__": {"polluted": 1}}',
      '{"message": "m", "errors": {"__proto__": ["polluted"]}}',
      '{"errors": {"__proto__": ["polluted"]}}',
      '{"error": {"code": "c", "message": "m", "details": {"__proto__": {"polluted": 1}, "fields": []}}}',
      '{"error": {"code": "c", "message": "m", "innererror": {"__proto__": {"polluted": 1}}}}',
      '{"errors": [{"message": "m", "extensions": {"__proto__": {"polluted": 1}, "code": "X"}}]}',
      '{"detail": [{"loc": ["body", "__proto__", "polluted"], "msg": "x", "type": "t"}]}',
      '{"__proto__": ["polluted"], "constructor": ["x"]}',
      '{"jsonrpc": "2.0", "error": {"code": 1, "message": "m", "data": {"__proto__": {"polluted": 1}}}}',
      '{"statusCode": 400, "error": "Bad", "message": "m", "validation": {"keys": ["__proto__.polluted"]}}',
    ];
    for (const body of bodies) {
      const e = parseErrorBody({
        status: 400,
        headers: { 'content-type': 'application/json' },
        body,
      });
      expectSound(e, 400);
      expectUnpolluted();
      // The parsed details stay plain data: reading `polluted` through them finds nothing inherited.
      if (e.format !== 'problem' && e.details !== null && typeof e.details === 'object') {
        expect(Object.getPrototypeOf(e.details)).toBe(Object.prototype);
      }
    }
  });

  // A `__proto__` member must stay a member, not become the details' prototype.
  it('problem details keep a plain prototype with a __proto__ member', () => {
    const e = parseErrorBody({
      status: 400,
      headers: { 'content-type': 'application/problem+json' },
      body: '{"type": "x", "title": "t", "__proto__": {"polluted": 1}}',
    });
    expectUnpolluted();
    expect(Object.getPrototypeOf(e.details)).toBe(Object.prototype);
    expect((e.details as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(e.details)).toBe('{"__proto__":{"polluted":1}}');
  });

  it('non-string bodies and missing input parts still give an ApiError', () => {
    const odd = [undefined, null, 42, {}, [], Symbol('x')] as unknown[];
    for (const body of odd) {
      const e = parseErrorBody({ status: 418, body: body as string });
      expectSound(e, 418);
      expect(e.format).toBe('empty');
    }
  });
});
