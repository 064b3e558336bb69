import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ApiError, isApiError } from '../src/api-error.js';
import { FORMAT_NAMES } from '../src/formats/index.js';
import { renderError } from '../src/render.js';

describe('ApiError defaults', () => {
  it('derives code, title, message, retryable and expose from the status', () => {
    const e = new ApiError({ status: 404 });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ApiError');
    expect(e.status).toBe(404);
    expect(e.code).toBe('not_found');
    expect(e.title).toBe('Not Found');
    expect(e.message).toBe('Not Found');
    expect(e.retryable).toBe(false);
    expect(e.expose).toBe(true);
    expect(e.headers).toEqual({});
    expect(e.details).toBeUndefined();
    expect(e.fields).toBeUndefined();
    expect(e.type).toBeUndefined();
  });

  it('uses the title as the default message', () => {
    const e = new ApiError({ status: 409, title: 'Version conflict' });
    expect(e.title).toBe('Version conflict');
    expect(e.message).toBe('Version conflict');
    expect(e.code).toBe('conflict');
  });

  it.each([
    [408, true],
    [429, true],
    [502, true],
    [503, true],
    [504, true],
    [400, false],
    [404, false],
    [500, false],
    [501, false],
  ])('status %i retryable=%s by default', (status, retryable) => {
    expect(new ApiError({ status }).retryable).toBe(retryable);
  });

  it('exposes below 500 only, unless told', () => {
    expect(new ApiError({ status: 499 }).expose).toBe(true);
    expect(new ApiError({ status: 500 }).expose).toBe(false);
    expect(new ApiError({ status: 503 }).expose).toBe(false);
    expect(new ApiError({ status: 503, expose: true }).expose).toBe(true);
    expect(new ApiError({ status: 400, expose: false }).expose).toBe(false);
  });

  it('keeps explicit values', () => {
    const e = new ApiError({
      status: 429,
      code: 'quota_exceeded',
      message: 'Quota used up',
      retryable: false,
      retryAfter: 30,
      requestId: 'req_9',
      headers: { 'X-Quota': 'daily' },
      type: 'https://example.com/quota',
      docUrl: 'https://example.com/docs#quota',
    });
    expect(e.code).toBe('quota_exceeded');
    expect(e.message).toBe('Quota used up');
    expect(e.title).toBe('Too Many Requests');
    expect(e.retryable).toBe(false);
    expect(e.retryAfter).toBe(30);
    expect(e.requestId).toBe('req_9');
    expect(e.headers).toEqual({ 'X-Quota': 'daily' });
    expect(e.type).toBe('https://example.com/quota');
    expect(e.docUrl).toBe('https://example.com/docs#quota');
  });

  it.each([200, 302, 600, 404.5, -1, Number.NaN])(
    'turns non-error status %s into 500',
    (status) => {
      const e = new ApiError({ status });
      expect(e.status).toBe(500);
      expect(e.code).toBe('internal_error');
      expect(e.expose).toBe(false);
    },
  );
});

describe('cause', () => {
  const secret = 'connect ECONNREFUSED 10.0.0.7:5432 user=admin';
  const make = () => new ApiError({ status: 502, code: 'backend_error', cause: new Error(secret) });

  it('is kept on the error', () => {
    const e = make();
    expect(e.cause).toBeInstanceOf(Error);
    expect((e.cause as Error).message).toBe(secret);
    expect(new ApiError({ status: 400 }).cause).toBeUndefined();
    expect('cause' in new ApiError({ status: 400 })).toBe(false);
  });

  it('never reaches JSON.stringify', () => {
    const json = JSON.stringify(make());
    expect(json).not.toContain(secret);
    expect(json).not.toContain('cause');
    expect(JSON.parse(json)).toEqual({
      status: 502,
      code: 'backend_error',
      title: 'Bad Gateway',
      retryable: true,
    });
  });

  it('never reaches a rendered body, even when exposed', () => {
    const e = new ApiError({ status: 400, code: 'bad', cause: new Error(secret) });
    for (const format of FORMAT_NAMES) {
      const { body, headers } = renderError(e, { format });
      expect(body).not.toContain(secret);
      expect(body).not.toContain('ECONNREFUSED');
      expect(JSON.stringify(headers)).not.toContain(secret);
    }
  });
});

describe('toJSON', () => {
  const init = {
    status: 422,
    code: 'validation_error',
    message: 'Fix the fields',
    details: { form: 'signup' },
    fields: [{ path: ['email'], message: 'is invalid' }],
    requestId: 'req_1',
  };

  it('shows message, details and fields when exposed', () => {
    expect(new ApiError(init).toJSON()).toEqual({
      status: 422,
      code: 'validation_error',
      title: 'Unprocessable Content',
      message: 'Fix the fields',
      details: { form: 'signup' },
      fields: [{ path: ['email'], message: 'is invalid' }],
      requestId: 'req_1',
      retryable: false,
    });
  });

  it('hides message, details and fields when not exposed', () => {
    const json = new ApiError({ ...init, expose: false, retryAfter: 5 }).toJSON();
    expect(json).toEqual({
      status: 422,
      code: 'validation_error',
      title: 'Unprocessable Content',
      requestId: 'req_1',
      retryAfter: 5,
      retryable: false,
    });
  });

  it('never includes the stack', () => {
    expect(JSON.stringify(new ApiError({ status: 500 }))).not.toContain('at ');
  });
});

describe('isApiError', () => {
  it('recognises ApiErrors and rejects other values', () => {
    expect(isApiError(new ApiError({ status: 404 }))).toBe(true);
    for (const value of [
      new Error('x'),
      { status: 404, code: 'not_found' },
      null,
      undefined,
      'ApiError',
      404,
    ]) {
      expect(isApiError(value)).toBe(false);
    }
  });

  it('checks the code when given', () => {
    const e = new ApiError({ status: 404, code: 'secret_not_found' });
    expect(isApiError(e, 'secret_not_found')).toBe(true);
    expect(isApiError(e, 'not_found')).toBe(false);
    expect(isApiError(new Error('x'), 'secret_not_found')).toBe(false);
  });

  it('recognises an ApiError from another realm (node:vm)', () => {
    const foreign = runInNewContext(`
      class ApiError extends Error {
        constructor() { super('gone'); this.status = 410; this.code = 'secret_expired'; }
        get [Symbol.for('errata.ApiError')]() { return true; }
      }
      new ApiError();
    `) as unknown;
    expect(foreign instanceof Error).toBe(false);
    expect(foreign instanceof ApiError).toBe(false);
    expect(isApiError(foreign)).toBe(true);
    expect(isApiError(foreign, 'secret_expired')).toBe(true);
    expect(isApiError(foreign, 'other')).toBe(false);
    const unbranded = runInNewContext(`({ status: 410, code: 'secret_expired' })`) as unknown;
    expect(isApiError(unbranded)).toBe(false);
  });

  it('recognises an ApiError from a second copy of the module', async () => {
    const specifier = '../src/api-error.ts?copy=1';
    const copy = (await import(
      /* @vite-ignore */ specifier
    )) as typeof import('../src/api-error.js');
    expect(copy.ApiError).not.toBe(ApiError);
    const e = new copy.ApiError({ status: 404, code: 'secret_not_found' });
    expect(e instanceof ApiError).toBe(false);
    expect(isApiError(e, 'secret_not_found')).toBe(true);
    expect(copy.isApiError(new ApiError({ status: 400 }))).toBe(true);
  });

  it('accepts a plain object carrying the brand, and only with the value true', () => {
    const brand = Symbol.for('errata.ApiError');
    expect(isApiError({ [brand]: true, status: 400, code: 'x' }, 'x')).toBe(true);
    expect(isApiError({ [brand]: 'yes', status: 400, code: 'x' })).toBe(false);
    expect(isApiError({ [Symbol('errata.ApiError')]: true })).toBe(false);
  });
});
