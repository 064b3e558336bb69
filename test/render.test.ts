import { describe, expect, it } from 'vitest';
import { ApiError, isApiError } from '../src/api-error.js';
import { baseCatalog, defineCatalog } from '../src/catalog.js';
import { FORMAT_NAMES, formats } from '../src/formats/index.js';
import { parseErrorBody } from '../src/parse/index.js';
import { renderError, toApiError } from '../src/render.js';

const SECRET = 'AKIA-secret-key-9f8e7d';

describe('toApiError', () => {
  it('returns ApiErrors as they are', () => {
    const e = new ApiError({ status: 404 });
    expect(toApiError(e)).toBe(e);
  });

  it.each([
    ['an Error', new Error(SECRET)],
    ['a string', SECRET],
    ['an object', { message: SECRET, status: 404 }],
    ['undefined', undefined],
    ['null', null],
  ])('turns %s into the generic internal_error, keeping it as cause', (_, thrown) => {
    const e = toApiError(thrown);
    expect(isApiError(e, 'internal_error')).toBe(true);
    expect(e.status).toBe(500);
    expect(e.expose).toBe(false);
    expect(e.message).toBe('An internal error occurred.');
    expect(e.message).not.toContain(SECRET);
    expect(e.cause).toBe(thrown);
  });

  it("uses the catalog's internal_error role", () => {
    const catalog = defineCatalog({
      errors: { SERVER_ERROR: { status: 500, title: 'Server error' } },
      roles: { internal_error: 'SERVER_ERROR' },
    });
    expect(toApiError(new Error('x'), catalog).code).toBe('SERVER_ERROR');
  });
});

describe('renderError', () => {
  it('renders problem by default', () => {
    const r = renderError(new ApiError({ status: 404 }));
    expect(r.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(r.body)).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'Not Found',
      code: 'not_found',
    });
  });

  it.each(FORMAT_NAMES)('%s: never renders a thrown value, its stack or properties', (format) => {
    const thrown = Object.assign(new Error(SECRET), { status: 404, code: 'leak', details: SECRET });
    const r = renderError(thrown, { format });
    expect(r.status).toBe(500);
    expect(r.body).not.toContain(SECRET);
    expect(r.body).not.toContain('leak');
    expect(r.body).not.toContain('at ');
    expect(JSON.stringify(r.headers)).not.toContain(SECRET);
  });

  it.each(FORMAT_NAMES)(
    '%s: hides message, details and fields of unexposed ApiErrors',
    (format) => {
      const e = new ApiError({
        status: 500,
        code: 'storage_error',
        message: SECRET,
        details: { key: SECRET },
        fields: [{ path: [SECRET], message: SECRET }],
        cause: new Error(SECRET),
      });
      const r = renderError(e, { format });
      expect(r.body).not.toContain(SECRET);
      const parsed = parseErrorBody(r);
      expect(parsed.status).toBe(500);
      expect(parsed.fields).toBeUndefined();
      // stripe reads its own `type` member back as details; nothing else may come back
      expect(parsed.details).toEqual(format === 'stripe' ? { type: 'api_error' } : undefined);
    },
  );
});

describe('error headers, every format', () => {
  it.each(FORMAT_NAMES)('%s', (name) => {
    const format = formats[name];
    const base = { 'content-type': format.contentType, 'cache-control': 'no-store' };

    expect(format.render(new ApiError({ status: 404 })).headers).toEqual(base);
    expect(format.render(new ApiError({ status: 400 }), { requestId: 'req_1' }).headers).toEqual({
      ...base,
      'x-request-id': 'req_1',
    });
    expect(format.render(new ApiError({ status: 400, requestId: 'req_e' })).headers).toEqual({
      ...base,
      'x-request-id': 'req_e',
    });

    // Retry-After on 429 and 503: the error's (whole seconds, rounded up), else 1
    expect(format.render(new ApiError({ status: 429 })).headers['retry-after']).toBe('1');
    expect(format.render(new ApiError({ status: 503 })).headers['retry-after']).toBe('1');
    expect(
      format.render(new ApiError({ status: 503 }), { defaultRetryAfter: 30 }).headers[
        'retry-after'
      ],
    ).toBe('30');
    expect(
      format.render(new ApiError({ status: 429, retryAfter: 2.2 })).headers['retry-after'],
    ).toBe('3');
    expect(format.render(new ApiError({ status: 429, retryAfter: 0 })).headers['retry-after']).toBe(
      '0',
    );
    for (const status of [400, 404, 408, 422, 500, 502, 504]) {
      expect(format.render(new ApiError({ status })).headers).not.toHaveProperty('retry-after');
    }

    // the error's own headers, lower-cased; they cannot replace the standard ones
    const own = format.render(
      new ApiError({
        status: 401,
        headers: {
          'WWW-Authenticate': 'Bearer',
          'Content-Type': 'text/html',
          'Cache-Control': 'public',
        },
      }),
    );
    expect(own.headers).toEqual({ ...base, 'www-authenticate': 'Bearer' });
  });

  it('keeps entry headers of catalog errors', () => {
    const catalog = defineCatalog({
      errors: {
        token_expired: {
          status: 401,
          title: 'Token expired',
          headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
        },
      },
    });
    expect(renderError(catalog.error('token_expired'), { format: 'envelope' }).headers).toEqual({
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'www-authenticate': 'Bearer error="invalid_token"',
    });
  });

  it('uses the base catalog by default', () => {
    expect(baseCatalog.roleError('internal_error').code).toBe('internal_error');
  });
});

describe('headers a response could be split by are never sent', () => {
  it('drops per-error headers with CR/LF or a bad name, keeps the rest', () => {
    const error = new ApiError({
      status: 404,
      headers: { 'x-a': 'v\r\nSet-Cookie: a=b', 'bad name': 'x', 'x-ok': 'fine' },
    });
    for (const format of FORMAT_NAMES) {
      const { headers } = renderError(error, { format });
      expect(headers['x-ok'], format).toBe('fine');
      expect(headers['x-a'], format).toBeUndefined();
      expect(headers['bad name'], format).toBeUndefined();
      expect(Object.values(headers).join(''), format).not.toMatch(/[\r\n]/);
    }
  });

  it('keeps an unsafe request id out of X-Request-ID', () => {
    const { headers } = renderError(new ApiError({ status: 400 }), {
      format: 'envelope',
      requestId: 'req\r\nx-evil: 1',
    });
    expect(headers['x-request-id']).toBeUndefined();
  });
});

describe('Retry-After only where it means something', () => {
  it('is sent on 429 and 503 only, in whole seconds, clamped', () => {
    const at = (status: number, retryAfter: number) =>
      renderError(new ApiError({ status, retryAfter }), { format: 'envelope' }).headers[
        'retry-after'
      ];
    expect(at(400, 5)).toBeUndefined();
    expect(at(409, 5)).toBeUndefined();
    expect(at(429, 1.2)).toBe('2');
    expect(at(503, 1e21)).toBe('31536000');
    const google = JSON.parse(
      renderError(new ApiError({ status: 400, retryAfter: 5 }), { format: 'google' }).body,
    );
    expect(JSON.stringify(google)).not.toContain('RetryInfo');
  });
});

describe('a parsed 500 re-thrown by a server', () => {
  it('renders no upstream text in any format', () => {
    const upstream = parseErrorBody({
      status: 500,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        error: {
          code: 'boom',
          message: 'NullPointerException at com.foo.Bar(Bar.java:42)',
          details: { stack: 'at com.foo.Bar' },
        },
      }),
    });
    expect(upstream.message).toContain('NullPointerException'); // code can still read it
    for (const format of FORMAT_NAMES) {
      const { body } = renderError(upstream, { format });
      expect(body, format).not.toContain('NullPointer');
      expect(body, format).not.toContain('com.foo');
    }
  });
});

describe('the google domain', () => {
  it('comes from the catalog unless the call names one', () => {
    const catalog = defineCatalog({ domain: 'vault.example.com', errors: {} });
    const e = catalog.roleError('not_found');
    expect(renderError(e, { format: 'google', catalog }).body).toContain(
      '"domain":"vault.example.com"',
    );
    expect(renderError(e, { format: 'google', catalog, domain: 'x.example' }).body).toContain(
      '"domain":"x.example"',
    );
  });
});

describe('an error cannot set the framing of its own response', () => {
  it('drops Content-Length, Transfer-Encoding and Content-Encoding from error headers', () => {
    const error = new ApiError({
      status: 401,
      headers: {
        'Transfer-Encoding': 'chunked',
        'content-length': '1',
        'content-encoding': 'gzip',
        'www-authenticate': 'Bearer',
      },
    });
    for (const format of FORMAT_NAMES) {
      const { headers } = renderError(error, { format });
      expect(headers['transfer-encoding'], format).toBeUndefined();
      expect(headers['content-length'], format).toBeUndefined();
      expect(headers['content-encoding'], format).toBeUndefined();
      expect(headers['www-authenticate'], format).toBe('Bearer');
    }
  });
});

describe("renderError defaults to the catalog's format", () => {
  it('renders in the catalog format unless one is given, else in problem', () => {
    const catalog = defineCatalog({ errors: {}, format: 'message' });
    const error = catalog.roleError('not_found');
    expect(JSON.parse(renderError(error, { catalog }).body)).toEqual({
      message: 'The requested resource was not found.',
    });
    const envelope = renderError(error, { catalog, format: 'envelope' });
    expect(JSON.parse(envelope.body)).toMatchObject({ error: { code: 'not_found' } });
    const plain = renderError(error, { catalog: baseCatalog });
    expect(plain.headers['content-type']).toBe('application/problem+json');
  });
});
