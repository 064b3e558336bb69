import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api-error.js';
import { envelopeFormat } from '../../src/formats/envelope.js';
import { renderError } from '../../src/render.js';
import {
  back,
  bodyOf,
  catalog,
  crashed,
  FIELDS,
  invalid,
  limited,
  notFound,
  SECRET,
} from './fixtures.js';

const render = envelopeFormat.render;
const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };

describe('envelope format: render', () => {
  it('(a) a 404 with details', () => {
    const r = render(notFound());
    expect(r.status).toBe(404);
    expect(r.headers).toEqual(JSON_HEADERS);
    expect(bodyOf(r)).toEqual({
      error: {
        code: 'secret_not_found',
        message: "No secret named 'db'",
        details: { name: 'db', version: 3 },
      },
    });
  });

  it('(b) a 422 with violations in details.fields, dotted, and the request id', () => {
    const r = render(invalid(), { requestId: 'req_1' });
    expect(r.status).toBe(422);
    expect(r.headers).toEqual({ ...JSON_HEADERS, 'x-request-id': 'req_1' });
    expect(bodyOf(r)).toEqual({
      error: {
        code: 'validation_error',
        message: 'The request has invalid fields.',
        details: {
          fields: [
            { field: 'name', message: 'must not be empty' },
            { field: 'items.0.qty', message: 'must be positive', code: 'too_small' },
          ],
        },
        request_id: 'req_1',
      },
    });
  });

  it('(c) a 429 with Retry-After', () => {
    const r = render(limited());
    expect(r.headers).toEqual({ ...JSON_HEADERS, 'retry-after': '42' });
    expect(bodyOf(r)).toEqual({
      error: { code: 'rate_limited', message: 'Too many requests. Retry later.' },
    });
  });

  it('(d) a 500 from a thrown Error shows nothing of it', () => {
    const r = renderError(new Error(SECRET), { catalog, format: 'envelope' });
    expect(r.body).not.toContain('hunter2');
    expect(r.headers).toEqual(JSON_HEADERS);
    expect(bodyOf(r)).toEqual({ error: { code: 'internal_error', message: 'Internal error' } });
    expect(render(crashed()).body).toBe(r.body);
  });

  it('merges object details with fields, nests other details under value', () => {
    const withObject = new ApiError({
      status: 422,
      details: { form: 'signup' },
      fields: [{ path: ['email'], message: 'is invalid' }],
    });
    expect(bodyOf(render(withObject))).toMatchObject({
      error: { details: { form: 'signup', fields: [{ field: 'email', message: 'is invalid' }] } },
    });
    const withArray = new ApiError({
      status: 422,
      details: ['x'],
      fields: [{ path: ['email'], message: 'is invalid' }],
    });
    expect(bodyOf(render(withArray))).toMatchObject({
      error: { details: { value: ['x'], fields: [{ field: 'email', message: 'is invalid' }] } },
    });
    expect(back(render(withArray)).details).toEqual(['x']);
    expect(back(render(withObject)).details).toEqual({ form: 'signup' });
  });

  it('carries the doc url', () => {
    const e = new ApiError({ status: 404, docUrl: 'https://docs.example.com/errors#not_found' });
    expect(bodyOf(render(e))).toEqual({
      error: {
        code: 'not_found',
        message: 'Not Found',
        doc_url: 'https://docs.example.com/errors#not_found',
      },
    });
    expect(back(render(e)).docUrl).toBe('https://docs.example.com/errors#not_found');
  });
});

describe('envelope format: round trip', () => {
  it('gives back status, code, message and details', () => {
    const e = back(render(notFound()));
    expect(e.format).toBe('envelope');
    expect(e.status).toBe(404);
    expect(e.code).toBe('secret_not_found');
    expect(e.message).toBe("No secret named 'db'");
    expect(e.details).toEqual({ name: 'db', version: 3 });
  });

  it('gives back fields and request id, and no leftover details', () => {
    const e = back(render(invalid(), { requestId: 'req_1' }));
    expect(e.format).toBe('envelope');
    expect(e.fields).toEqual(FIELDS);
    expect(e.requestId).toBe('req_1');
    expect(e.details).toBeUndefined();
  });

  it('gives back retryAfter from the header', () => {
    const e = back(render(limited()));
    expect(e.code).toBe('rate_limited');
    expect(e.retryAfter).toBe(42);
  });

  it('gives back the 500', () => {
    const e = back(render(crashed()));
    expect([e.status, e.code, e.message, e.details]).toEqual([
      500,
      'internal_error',
      'Internal error',
      undefined,
    ]);
  });
});
