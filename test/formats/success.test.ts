import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api-error.js';
import { successFormat } from '../../src/formats/success.js';
import { renderError } from '../../src/render.js';
import {
  back,
  bodyOf,
  catalog,
  crashed,
  invalid,
  limited,
  notFound,
  SECRET,
  TIMESTAMP,
} from './fixtures.js';

const render = successFormat.render;
const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };
const at = { timestamp: TIMESTAMP };

describe('success format: render', () => {
  it('(a) a 404: code and message; details dropped', () => {
    const r = render(notFound(), at);
    expect(r.status).toBe(404);
    expect(r.headers).toEqual(JSON_HEADERS);
    expect(bodyOf(r)).toEqual({
      success: false,
      error: { code: 'secret_not_found', message: "No secret named 'db'" },
      meta: { timestamp: TIMESTAMP },
    });
  });

  it('(b) a 422 names the first violation, with meta.requestId', () => {
    const r = render(invalid(), { ...at, requestId: 'req_1' });
    expect(r.headers).toEqual({ ...JSON_HEADERS, 'x-request-id': 'req_1' });
    expect(bodyOf(r)).toEqual({
      success: false,
      error: { code: 'validation_error', message: 'must not be empty', field: 'name' },
      meta: { requestId: 'req_1', timestamp: TIMESTAMP },
    });
  });

  it('(c) a 429 carries retryAfter in the error and the header', () => {
    const r = render(limited(), at);
    expect(r.headers).toEqual({ ...JSON_HEADERS, 'retry-after': '42' });
    expect(bodyOf(r)).toEqual({
      success: false,
      error: { code: 'rate_limited', message: 'Too many requests. Retry later.', retryAfter: 42 },
      meta: { timestamp: TIMESTAMP },
    });
  });

  it('a 429 without a known delay says 1 second; other statuses carry no retryAfter', () => {
    const r = render(new ApiError({ status: 429 }), at);
    expect((bodyOf(r) as { error: unknown }).error).toEqual({
      code: 'rate_limited',
      message: 'Too Many Requests',
      retryAfter: 1,
    });
    const u = render(new ApiError({ status: 503, retryAfter: 7 }), at);
    expect((bodyOf(u) as { error: Record<string, unknown> }).error.retryAfter).toBeUndefined();
    expect(u.headers['retry-after']).toBe('7');
  });

  it('(d) a 500 from a thrown Error shows nothing of it', () => {
    const r = renderError(new Error(SECRET), { ...at, catalog, format: 'success' });
    expect(r.body).not.toContain('hunter2');
    expect(r.headers).toEqual(JSON_HEADERS);
    expect(bodyOf(r)).toEqual({
      success: false,
      error: { code: 'internal_error', message: 'Internal error' },
      meta: { timestamp: TIMESTAMP },
    });
    expect(render(crashed(), at).body).toBe(r.body);
  });

  it('stamps the current time when the context has none', () => {
    const r = render(notFound());
    const { meta } = bodyOf(r) as { meta: { timestamp: string } };
    expect(meta.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Number.isNaN(Date.parse(meta.timestamp))).toBe(false);
  });
});

describe('success format: round trip', () => {
  it('gives back status, code and message', () => {
    const e = back(render(notFound(), at));
    expect(e.format).toBe('success');
    expect([e.status, e.code, e.message]).toEqual([
      404,
      'secret_not_found',
      "No secret named 'db'",
    ]);
    expect(e.details).toBeUndefined();
  });

  it('gives back the one named field and the request id', () => {
    const e = back(render(invalid(), { ...at, requestId: 'req_1' }));
    expect(e.format).toBe('success');
    expect(e.code).toBe('validation_error');
    expect(e.fields).toEqual([{ path: ['name'], message: 'must not be empty' }]);
    expect(e.requestId).toBe('req_1');
  });

  it('gives back retryAfter from the body', () => {
    const r = render(limited(), at);
    const e = back({ ...r, headers: { 'content-type': 'application/json' } });
    expect(e.retryAfter).toBe(42);
    expect(e.code).toBe('rate_limited');
  });

  it('gives back the 500', () => {
    const e = back(render(crashed(), at));
    expect([e.status, e.code, e.message]).toEqual([500, 'internal_error', 'Internal error']);
  });
});
