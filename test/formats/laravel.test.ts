import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api-error.js';
import { laravelFormat } from '../../src/formats/laravel.js';
import { renderError } from '../../src/render.js';
import { back, bodyOf, catalog, crashed, invalid, limited, notFound, SECRET } from './fixtures.js';

const render = laravelFormat.render;
const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };

describe('laravel format: render', () => {
  it('(a) a 404: a plain message', () => {
    const r = render(notFound());
    expect(r.status).toBe(404);
    expect(r.headers).toEqual(JSON_HEADERS);
    expect(bodyOf(r)).toEqual({ message: "No secret named 'db'" });
  });

  it('(b) a 422 with the errors map keyed by dotted path', () => {
    const r = render(invalid(), { requestId: 'req_1' });
    expect(r.headers).toEqual({ ...JSON_HEADERS, 'x-request-id': 'req_1' });
    expect(bodyOf(r)).toEqual({
      message: 'The request has invalid fields.',
      errors: { name: ['must not be empty'], 'items.0.qty': ['must be positive'] },
    });
  });

  it('lists several messages for one field', () => {
    const e = new ApiError({
      status: 422,
      message: 'Invalid.',
      fields: [
        { path: ['email'], message: 'is required' },
        { path: ['email'], message: 'must be an email' },
        { path: ['amount'], message: 'must be positive' },
      ],
    });
    expect(bodyOf(render(e))).toEqual({
      message: 'Invalid.',
      errors: { email: ['is required', 'must be an email'], amount: ['must be positive'] },
    });
  });

  it('(c) a 429 with Retry-After', () => {
    const r = render(limited());
    expect(r.headers).toEqual({ ...JSON_HEADERS, 'retry-after': '42' });
    expect(bodyOf(r)).toEqual({ message: 'Too many requests. Retry later.' });
  });

  it('(d) a 500 from a thrown Error shows nothing of it', () => {
    const r = renderError(new Error(SECRET), { catalog, format: 'laravel' });
    expect(r.body).not.toContain('hunter2');
    expect(r.headers).toEqual(JSON_HEADERS);
    expect(bodyOf(r)).toEqual({ message: 'Internal error' });
    expect(render(crashed()).body).toBe(r.body);
  });
});

describe('laravel format: round trip', () => {
  it('gives back the message and fields (without violation codes) of a 422', () => {
    const e = back(render(invalid(), { requestId: 'req_1' }));
    expect(e.format).toBe('laravel');
    expect(e.status).toBe(422);
    expect(e.code).toBe('validation_error');
    expect(e.message).toBe('The request has invalid fields.');
    expect(e.fields).toEqual([
      { path: ['name'], message: 'must not be empty' },
      { path: ['items', 0, 'qty'], message: 'must be positive' },
    ]);
    expect(e.requestId).toBe('req_1');
  });

  it('bodies without violations are plain messages (documented)', () => {
    expect(laravelFormat.drops.join(' ')).toMatch(/parsed as `message`/);
    const e = back(render(notFound()));
    expect(e.format).toBe('message');
    expect([e.status, e.code, e.message]).toEqual([404, 'not_found', "No secret named 'db'"]);
    const l = back(render(limited()));
    expect(l.retryAfter).toBe(42);
    const c = back(render(crashed()));
    expect([c.status, c.code, c.message]).toEqual([500, 'internal_error', 'Internal error']);
  });
});

describe('laravel keys from hostile field names', () => {
  it('keeps a field named __proto__ as a key', () => {
    const error = new ApiError({
      status: 422,
      message: 'Invalid.',
      fields: [{ path: ['__proto__'], message: 'bad' }],
    });
    const body = JSON.parse(laravelFormat.render(error).body);
    expect(Object.keys(body.errors)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(body.errors, '__proto__')?.value).toEqual(['bad']);
  });
});
