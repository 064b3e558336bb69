import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ApiError, isApiError, quickApiError } from '../src/api-error.js';
import { parseErrorBody } from '../src/parse/index.js';

// Parsing builds its ApiError without Error's constructor (quickApiError): what a caller can
// observe must stay what a constructed ApiError shows.
const init = {
  status: 404,
  code: 'secret_not_found',
  message: "Secret 'db' not found",
  requestId: 'req_1',
  format: 'envelope',
  raw: { error: { code: 'secret_not_found' } },
};

describe('quickApiError', () => {
  it('is an ApiError and an Error, equal to a constructed one', () => {
    const quick = quickApiError(init);
    const built = new ApiError(init);
    expect(quick).toBeInstanceOf(ApiError);
    expect(quick).toBeInstanceOf(Error);
    expect(isApiError(quick, 'secret_not_found')).toBe(true);
    expect(quick.constructor).toBe(ApiError);
    expect(quick).toEqual(built);
    expect(Object.keys(quick)).toEqual(Object.keys(built));
    expect(JSON.stringify(quick)).toBe(JSON.stringify(built));
    expect(String(quick)).toBe(String(built));
    expect(quick.category).toBe(built.category);
  });

  it('keeps message and stack out of keys, spread and JSON, and prints like a constructed one', () => {
    const quick = quickApiError(init);
    expect(quick.message).toBe("Secret 'db' not found");
    expect(quick.stack).toBe("ApiError: Secret 'db' not found");
    expect(Object.keys(quick)).not.toContain('message');
    expect(Object.keys(quick)).not.toContain('stack');
    expect({ ...quick }).not.toHaveProperty('message');
    // util.inspect names the error `ApiError [Error]` (the tag that makes toString say Error).
    expect(inspect(quick)).toMatch(/^\[ApiError \[Error\]: Secret 'db' not found\] \{/);
    expect(inspect(new ApiError(init))).toMatch(/^\[ApiError: Secret 'db' not found\] \{/);
    expect(Object.prototype.toString.call(quick)).toBe('[object Error]');
  });

  it('takes assignments to message and stack as own non-enumerable members', () => {
    const quick = quickApiError(init);
    quick.message = 'changed';
    quick.stack = 'a stack';
    expect(quick.message).toBe('changed');
    expect(quick.stack).toBe('a stack');
    expect(Object.getOwnPropertyDescriptor(quick, 'message')?.enumerable).toBe(false);
    expect(Object.keys(quick)).toEqual(Object.keys(new ApiError(init)));
  });

  it('defaults like the constructor', () => {
    const quick = quickApiError({ status: 429 });
    const built = new ApiError({ status: 429 });
    expect(quick).toEqual(built);
    expect(quick.message).toBe(built.message);
    expect(quick.retryable).toBe(true);
    expect(quickApiError({ status: 42 }).status).toBe(500);
  });

  it('is a constructed ApiError when stacks are asked for or there is a cause', () => {
    const cause = new Error('boom');
    const withCause = quickApiError({ status: 500, cause });
    expect(withCause.cause).toBe(cause);
    expect(Object.getOwnPropertyDescriptor(withCause, 'message')).toBeDefined();
    ApiError.captureStackTraces = true;
    try {
      expect(quickApiError({ status: 500 }).stack).toMatch(/\n\s+at /);
    } finally {
      ApiError.captureStackTraces = false;
    }
  });

  it('does not change errors made by the constructor', () => {
    const built = new ApiError(init);
    expect(Object.getOwnPropertyDescriptor(built, 'message')?.value).toBe("Secret 'db' not found");
    expect(Object.getOwnPropertyDescriptor(built, 'stack')).toBeDefined();
  });
});

describe('parseErrorBody on the fast path', () => {
  it('returns an ApiError with no enumerable message or stack', () => {
    const error = parseErrorBody({
      status: 404,
      headers: { 'content-type': 'application/json', 'x-request-id': 'req_1' },
      body: '{"message":"Secret not found"}',
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('Secret not found');
    expect(error.requestId).toBe('req_1');
    expect(Object.keys(error)).not.toContain('message');
    expect(Object.keys(error)).not.toContain('stack');
  });

  it('reads headers with upper-case names, arrays and long values as before', () => {
    const error = parseErrorBody({
      status: 429,
      headers: { 'X-Request-Id': ' req_2 ', 'Retry-After': ['5', '7'] },
      body: '',
    });
    expect(error.requestId).toBe('req_2');
    expect(error.retryAfter).toBe(5);
  });
});
