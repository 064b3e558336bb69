import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api-error.js';
import { jsonapiFormat } from '../../src/formats/jsonapi.js';
import { parseErrorBody } from '../../src/parse/index.js';
import { renderError } from '../../src/render.js';
import { back, bodyOf, catalog, crashed, invalid, limited, notFound, SECRET } from './fixtures.js';

const render = jsonapiFormat.render;
const HEADERS = { 'content-type': 'application/vnd.api+json', 'cache-control': 'no-store' };

describe('jsonapi format: render', () => {
  it('(a) a 404: one error object, status as a string, details in meta', () => {
    const r = render(notFound());
    expect(r.status).toBe(404);
    expect(r.headers).toEqual(HEADERS);
    expect(bodyOf(r)).toEqual({
      errors: [
        {
          status: '404',
          code: 'secret_not_found',
          title: 'Secret not found',
          detail: "No secret named 'db'",
          meta: { name: 'db', version: 3 },
        },
      ],
    });
  });

  it('(b) a 422: one error object per violation with source.pointer, and meta.request_id', () => {
    const r = render(invalid(), { requestId: 'req_1' });
    expect(r.headers).toEqual({ ...HEADERS, 'x-request-id': 'req_1' });
    expect(bodyOf(r)).toEqual({
      errors: [
        {
          status: '422',
          code: 'validation_error',
          title: 'Validation failed',
          detail: 'must not be empty',
          source: { pointer: '/name' },
        },
        {
          status: '422',
          code: 'validation_error',
          title: 'Validation failed',
          detail: 'must be positive',
          source: { pointer: '/items/0/qty' },
          meta: { violation: 'too_small' },
        },
      ],
      meta: { request_id: 'req_1' },
    });
  });

  it('(c) a 429 with Retry-After', () => {
    const r = render(limited());
    expect(r.headers).toEqual({ ...HEADERS, 'retry-after': '42' });
    expect(bodyOf(r)).toEqual({
      errors: [
        {
          status: '429',
          code: 'rate_limited',
          title: 'Rate limited',
          detail: 'Too many requests. Retry later.',
        },
      ],
    });
  });

  it('(d) a 500 from a thrown Error shows nothing of it', () => {
    const r = renderError(new Error(SECRET), { catalog, format: 'jsonapi' });
    expect(r.body).not.toContain('hunter2');
    expect(r.headers).toEqual(HEADERS);
    expect(bodyOf(r)).toEqual({
      errors: [
        {
          status: '500',
          code: 'internal_error',
          title: 'Internal error',
          detail: 'Internal error',
        },
      ],
    });
    expect(render(crashed()).body).toBe(r.body);
  });

  it('escapes pointer segments and links the doc url', () => {
    const e = new ApiError({
      status: 422,
      docUrl: 'https://docs.example.com/errors#validation_error',
      fields: [{ path: ['a/b', 'c~d'], message: 'bad' }],
    });
    expect(bodyOf(render(e))).toEqual({
      errors: [
        {
          status: '422',
          code: 'validation_error',
          title: 'Unprocessable Content',
          detail: 'bad',
          source: { pointer: '/a~1b/c~0d' },
          links: { type: 'https://docs.example.com/errors#validation_error' },
        },
      ],
    });
    const parsed = back(render(e));
    expect(parsed.fields).toEqual([{ path: ['a/b', 'c~d'], message: 'bad' }]);
    expect(parsed.docUrl).toBe('https://docs.example.com/errors#validation_error');
  });
});

describe('jsonapi format: round trip', () => {
  it('gives back status, code, title, message and details', () => {
    const e = back(render(notFound()));
    expect(e.format).toBe('jsonapi');
    expect(e.status).toBe(404);
    expect(e.code).toBe('secret_not_found');
    expect(e.title).toBe('Secret not found');
    expect(e.message).toBe("No secret named 'db'");
    expect(e.details).toEqual({ name: 'db', version: 3 });
  });

  it('gives back fields with codes and the request id; the message becomes the title', () => {
    const e = back(render(invalid(), { requestId: 'req_1' }));
    expect(e.format).toBe('jsonapi');
    expect(e.status).toBe(422);
    expect(e.code).toBe('validation_error');
    expect(e.fields).toEqual([
      { path: ['name'], message: 'must not be empty' },
      { path: ['items', 0, 'qty'], message: 'must be positive', code: 'too_small' },
    ]);
    expect(e.requestId).toBe('req_1');
    expect(e.message).toBe('Validation failed');
    expect(e.details).toBeUndefined();
    expect(jsonapiFormat.drops.join(' ')).toMatch(/overall message/);
  });

  it('gives back retryAfter from the header, and the 500', () => {
    expect(back(render(limited())).retryAfter).toBe(42);
    const c = back(render(crashed()));
    expect([c.status, c.code, c.message]).toEqual([500, 'internal_error', 'Internal error']);
  });
});

describe('jsonapi round trips of non-object details', () => {
  it.each([['text'], [5], [[1, 2]], [{ a: 1 }]])('details %j come back as they were', (details) => {
    const { status, headers, body } = jsonapiFormat.render(new ApiError({ status: 409, details }));
    const back = parseErrorBody({ status, headers, body });
    expect(back.format).toBe('jsonapi');
    expect(back.details).toEqual(details);
  });
});
