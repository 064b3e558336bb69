import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api-error.js';
import { messageFormat } from '../../src/formats/message.js';
import { renderError } from '../../src/render.js';
import { back, bodyOf, catalog, crashed, invalid, limited, notFound, SECRET } from './fixtures.js';

const render = messageFormat.render;
const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };

describe('message format: render', () => {
  it('(a) a 404: only the message; details are dropped', () => {
    const r = render(notFound());
    expect(r.status).toBe(404);
    expect(r.headers).toEqual(JSON_HEADERS);
    expect(bodyOf(r)).toEqual({ message: "No secret named 'db'" });
  });

  it('(b) a 422: violations folded into the message; the id goes in the header', () => {
    const r = render(invalid(), { requestId: 'req_1' });
    expect(r.headers).toEqual({ ...JSON_HEADERS, 'x-request-id': 'req_1' });
    expect(bodyOf(r)).toEqual({
      message: 'name: must not be empty; items.0.qty: must be positive',
    });
  });

  it('folds a violation without a path as its bare message', () => {
    const e = new ApiError({ status: 400, fields: [{ path: [], message: 'body is empty' }] });
    expect(bodyOf(render(e))).toEqual({ message: 'body is empty' });
  });

  it('(c) a 429 with Retry-After', () => {
    const r = render(limited());
    expect(r.headers).toEqual({ ...JSON_HEADERS, 'retry-after': '42' });
    expect(bodyOf(r)).toEqual({ message: 'Too many requests. Retry later.' });
  });

  it('(d) a 500 from a thrown Error shows nothing of it', () => {
    const r = renderError(new Error(SECRET), { catalog, format: 'message' });
    expect(r.body).not.toContain('hunter2');
    expect(r.headers).toEqual(JSON_HEADERS);
    expect(bodyOf(r)).toEqual({ message: 'Internal error' });
    expect(render(crashed()).body).toBe(r.body);
  });

  it('does not fold fields of an unexposed error', () => {
    const e = new ApiError({
      status: 500,
      message: SECRET,
      fields: [{ path: ['x'], message: SECRET }],
    });
    expect(bodyOf(render(e))).toEqual({ message: 'Internal Server Error' });
  });
});

describe('message format: round trip', () => {
  it('gives back status and message; the code comes from the status', () => {
    const e = back(render(notFound()));
    expect(e.format).toBe('message');
    expect(e.status).toBe(404);
    expect(e.code).toBe('not_found');
    expect(e.message).toBe("No secret named 'db'");
    expect(e.details).toBeUndefined();
    expect(messageFormat.drops.join(' ')).toMatch(/code/);
  });

  it('gives back the request id and retryAfter from the headers', () => {
    const v = back(render(invalid(), { requestId: 'req_1' }));
    expect(v.requestId).toBe('req_1');
    expect(v.code).toBe('validation_error');
    expect(v.message).toBe('name: must not be empty; items.0.qty: must be positive');
    expect(v.fields).toBeUndefined();
    const l = back(render(limited()));
    expect(l.retryAfter).toBe(42);
    expect(l.code).toBe('rate_limited');
  });

  it('gives back the 500', () => {
    const e = back(render(crashed()));
    expect([e.status, e.code, e.message]).toEqual([500, 'internal_error', 'Internal error']);
  });
});
