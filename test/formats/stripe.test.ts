import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api-error.js';
import { stripeFormat } from '../../src/formats/stripe.js';
import { renderError } from '../../src/render.js';
import { back, bodyOf, catalog, crashed, invalid, limited, notFound, SECRET } from './fixtures.js';

const render = stripeFormat.render;
const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };

describe('stripe format: render', () => {
  it('(a) a 404: invalid_request_error; details dropped', () => {
    const r = render(notFound());
    expect(r.status).toBe(404);
    expect(r.headers).toEqual(JSON_HEADERS);
    expect(bodyOf(r)).toEqual({
      error: {
        type: 'invalid_request_error',
        code: 'secret_not_found',
        message: "No secret named 'db'",
      },
    });
  });

  it('(b) a 422 names the first violation as param; the id goes in the header', () => {
    const r = render(invalid(), { requestId: 'req_1' });
    expect(r.headers).toEqual({ ...JSON_HEADERS, 'x-request-id': 'req_1' });
    expect(bodyOf(r)).toEqual({
      error: {
        type: 'invalid_request_error',
        code: 'validation_error',
        message: 'The request has invalid fields.',
        param: 'name',
      },
    });
  });

  it('writes param in bracket notation', () => {
    const e = new ApiError({
      status: 400,
      code: 'parameter_invalid_integer',
      message: 'Invalid integer',
      fields: [{ path: ['items', 0, 'qty'], message: 'must be an integer' }],
      docUrl: 'https://docs.example.com/errors#parameter_invalid_integer',
    });
    expect(bodyOf(render(e))).toEqual({
      error: {
        type: 'invalid_request_error',
        code: 'parameter_invalid_integer',
        message: 'Invalid integer',
        param: 'items[0][qty]',
        doc_url: 'https://docs.example.com/errors#parameter_invalid_integer',
      },
    });
    const parsed = back(render(e));
    expect(parsed.fields).toEqual([{ path: ['items', 0, 'qty'], message: 'Invalid integer' }]);
    expect(parsed.docUrl).toBe('https://docs.example.com/errors#parameter_invalid_integer');
  });

  it('(c) a 429 with Retry-After', () => {
    const r = render(limited());
    expect(r.headers).toEqual({ ...JSON_HEADERS, 'retry-after': '42' });
    expect(bodyOf(r)).toEqual({
      error: {
        type: 'invalid_request_error',
        code: 'rate_limited',
        message: 'Too many requests. Retry later.',
      },
    });
  });

  it('(d) a 500 from a thrown Error is an api_error showing nothing of it', () => {
    const r = renderError(new Error(SECRET), { catalog, format: 'stripe' });
    expect(r.body).not.toContain('hunter2');
    expect(r.headers).toEqual(JSON_HEADERS);
    expect(bodyOf(r)).toEqual({
      error: { type: 'api_error', code: 'internal_error', message: 'Internal error' },
    });
    expect(render(crashed()).body).toBe(r.body);
  });

  it('uses api_error for every 5xx and idempotency_error for idempotency codes', () => {
    const type = (e: ApiError) => (bodyOf(render(e)) as { error: { type: string } }).error.type;
    expect(type(new ApiError({ status: 502 }))).toBe('api_error');
    expect(type(new ApiError({ status: 503 }))).toBe('api_error');
    expect(type(new ApiError({ status: 409, code: 'idempotency_key_in_use' }))).toBe(
      'idempotency_error',
    );
  });
});

describe('stripe format: round trip', () => {
  it('gives back status, code and message', () => {
    const e = back(render(notFound()));
    expect(e.format).toBe('stripe');
    expect([e.status, e.code, e.message]).toEqual([
      404,
      'secret_not_found',
      "No secret named 'db'",
    ]);
  });

  it('gives back the named param as the one field, and the request id from the header', () => {
    const e = back(render(invalid(), { requestId: 'req_1' }));
    expect(e.format).toBe('stripe');
    expect(e.code).toBe('validation_error');
    expect(e.fields).toEqual([{ path: ['name'], message: 'The request has invalid fields.' }]);
    expect(e.requestId).toBe('req_1');
  });

  it('gives back retryAfter from the header, and the 500', () => {
    expect(back(render(limited())).retryAfter).toBe(42);
    const c = back(render(crashed()));
    expect([c.status, c.code, c.message]).toEqual([500, 'internal_error', 'Internal error']);
  });
});
