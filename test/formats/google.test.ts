import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api-error.js';
import { upperSnake } from '../../src/code-case.js';
import { googleFormat } from '../../src/formats/google.js';
import { renderError } from '../../src/render.js';
import { back, bodyOf, catalog, crashed, invalid, limited, notFound, SECRET } from './fixtures.js';

const render = googleFormat.render;
const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };
const T = 'type.googleapis.com/google.rpc.';
const domain = 'api.example.com';

describe('google format: render (AIP-193)', () => {
  it('(a) a 404: ErrorInfo with an UPPER_SNAKE reason and string metadata', () => {
    const r = render(notFound(), { domain });
    expect(r.status).toBe(404);
    expect(r.headers).toEqual(JSON_HEADERS);
    expect(bodyOf(r)).toEqual({
      error: {
        code: 404,
        message: "No secret named 'db'",
        status: 'NOT_FOUND',
        details: [
          {
            '@type': `${T}ErrorInfo`,
            reason: 'SECRET_NOT_FOUND',
            domain,
            metadata: { name: 'db', version: '3' },
          },
        ],
      },
    });
  });

  it('(b) a 422: INVALID_ARGUMENT, BadRequest fieldViolations, RequestInfo', () => {
    const r = render(invalid(), { domain, requestId: 'req_1' });
    expect(r.headers).toEqual({ ...JSON_HEADERS, 'x-request-id': 'req_1' });
    expect(bodyOf(r)).toEqual({
      error: {
        code: 422,
        message: 'The request has invalid fields.',
        status: 'INVALID_ARGUMENT',
        details: [
          { '@type': `${T}ErrorInfo`, reason: 'VALIDATION_ERROR', domain, metadata: {} },
          {
            '@type': `${T}BadRequest`,
            fieldViolations: [
              { field: 'name', description: 'must not be empty' },
              { field: 'items.0.qty', description: 'must be positive', reason: 'TOO_SMALL' },
            ],
          },
          { '@type': `${T}RequestInfo`, requestId: 'req_1', servingData: '' },
        ],
      },
    });
  });

  it('(c) a 429: RESOURCE_EXHAUSTED with RetryInfo "42s"', () => {
    const r = render(limited(), { domain });
    expect(r.headers).toEqual({ ...JSON_HEADERS, 'retry-after': '42' });
    expect(bodyOf(r)).toEqual({
      error: {
        code: 429,
        message: 'Too many requests. Retry later.',
        status: 'RESOURCE_EXHAUSTED',
        details: [
          { '@type': `${T}ErrorInfo`, reason: 'RATE_LIMITED', domain, metadata: {} },
          { '@type': `${T}RetryInfo`, retryDelay: '42s' },
        ],
      },
    });
  });

  it('(d) a 500 from a thrown Error shows nothing of it', () => {
    const r = renderError(new Error(SECRET), { catalog, format: 'google' });
    expect(r.body).not.toContain('hunter2');
    expect(r.headers).toEqual(JSON_HEADERS);
    expect(bodyOf(r)).toEqual({
      error: {
        code: 500,
        message: 'Internal error',
        status: 'INTERNAL',
        details: [
          // renderError takes the ErrorInfo domain from the catalog
          { '@type': `${T}ErrorInfo`, reason: 'INTERNAL_ERROR', domain, metadata: {} },
        ],
      },
    });
    expect(render(crashed(), { domain }).body).toBe(r.body);
  });

  it("defaults the domain to 'errata', and a context domain beats the catalog's", () => {
    const plain = bodyOf(render(new ApiError({ status: 404 }))) as {
      error: { details: { domain: string }[] };
    };
    expect(plain.error.details[0]?.domain).toBe('errata');
    const r = renderError(notFound(), { catalog, format: 'google', domain: 'other.example' });
    expect(r.body).toContain('"domain":"other.example"');
  });

  it.each([
    [400, 'INVALID_ARGUMENT'],
    [401, 'UNAUTHENTICATED'],
    [403, 'PERMISSION_DENIED'],
    [404, 'NOT_FOUND'],
    [409, 'ABORTED'],
    [429, 'RESOURCE_EXHAUSTED'],
    [500, 'INTERNAL'],
    [503, 'UNAVAILABLE'],
    [504, 'DEADLINE_EXCEEDED'],
  ])('status %i is %s', (status, name) => {
    const body = bodyOf(render(new ApiError({ status }))) as { error: { status: string } };
    expect(body.error.status).toBe(name);
  });

  it('stringifies non-string metadata values', () => {
    const e = new ApiError({
      status: 400,
      details: { n: 1, ok: true, list: [1, 2], nested: { a: 'b' }, nothing: null, s: 'x' },
    });
    const body = bodyOf(render(e)) as { error: { details: { metadata: unknown }[] } };
    expect(body.error.details[0]?.metadata).toEqual({
      n: '1',
      ok: 'true',
      list: '[1,2]',
      nested: '{"a":"b"}',
      nothing: 'null',
      s: 'x',
    });
  });

  it('adds a Help link with the doc url', () => {
    const e = new ApiError({
      status: 404,
      title: 'Secret not found',
      docUrl: 'https://docs.example.com/errors#secret_not_found',
    });
    const body = bodyOf(render(e)) as { error: { details: unknown[] } };
    expect(body.error.details[1]).toEqual({
      '@type': `${T}Help`,
      links: [
        {
          description: 'Secret not found',
          url: 'https://docs.example.com/errors#secret_not_found',
        },
      ],
    });
    expect(back(render(e)).docUrl).toBe('https://docs.example.com/errors#secret_not_found');
  });

  it('a 503 gets a RetryInfo of the default 1s', () => {
    const body = bodyOf(render(new ApiError({ status: 503 }))) as { error: { details: unknown[] } };
    expect(body.error.details).toContainEqual({ '@type': `${T}RetryInfo`, retryDelay: '1s' });
  });

  it('spells codes in UPPER_SNAKE', () => {
    expect(upperSnake('secret_not_found')).toBe('SECRET_NOT_FOUND');
    expect(upperSnake('secretNotFound')).toBe('SECRET_NOT_FOUND');
    expect(upperSnake('token.expired')).toBe('TOKEN_EXPIRED');
    expect(upperSnake('rate-limited')).toBe('RATE_LIMITED');
    expect(upperSnake('VALIDATION_ERROR')).toBe('VALIDATION_ERROR');
    expect(upperSnake('x'.repeat(80))).toHaveLength(63);
  });
});

describe('google format: round trip', () => {
  it('gives back status, the UPPER_SNAKE code, message and string details', () => {
    const e = back(render(notFound(), { domain }));
    expect(e.format).toBe('google');
    expect(e.status).toBe(404);
    expect(e.code).toBe('SECRET_NOT_FOUND');
    expect(e.message).toBe("No secret named 'db'");
    expect(e.details).toEqual({ name: 'db', version: '3' });
    // the catalog restores its own spelling
    expect(catalog.normalize(e).code).toBe('secret_not_found');
  });

  it('gives back fields (codes in UPPER_SNAKE) and the request id', () => {
    const e = back(render(invalid(), { domain, requestId: 'req_1' }));
    expect(e.code).toBe('VALIDATION_ERROR');
    expect(e.fields).toEqual([
      { path: ['name'], message: 'must not be empty' },
      { path: ['items', 0, 'qty'], message: 'must be positive', code: 'TOO_SMALL' },
    ]);
    expect(e.requestId).toBe('req_1');
  });

  it('gives back retryAfter from RetryInfo, without the header', () => {
    const r = render(limited(), { domain });
    const e = back({ ...r, headers: { 'content-type': 'application/json' } });
    expect(e.retryAfter).toBe(42);
    expect(e.code).toBe('RATE_LIMITED');
  });

  it('gives back the 500', () => {
    const e = back(render(crashed(), { domain }));
    expect([e.status, e.code, e.message, e.details]).toEqual([
      500,
      'INTERNAL_ERROR',
      'Internal error',
      undefined,
    ]);
  });
});
