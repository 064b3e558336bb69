import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api-error.js';
import { categoryOf } from '../src/category.js';
import { parseErrorBody } from '../src/parse/index.js';
import { codeForStatus } from '../src/status.js';

describe('categoryOf', () => {
  it("every status's own code falls in that status's category", () => {
    const expected: Record<number, string> = {
      400: 'invalid_request',
      401: 'unauthorized',
      403: 'forbidden',
      404: 'not_found',
      405: 'method_not_allowed',
      408: 'timeout',
      409: 'conflict',
      413: 'too_large',
      415: 'unsupported_media_type',
      422: 'validation',
      429: 'rate_limited',
      500: 'internal',
      502: 'unavailable',
      503: 'unavailable',
      504: 'timeout',
    };
    for (const [status, category] of Object.entries(expected)) {
      expect(categoryOf(Number(status), codeForStatus(Number(status))), status).toBe(category);
    }
  });

  it('reads the kind from codes in any case style when the status is generic', () => {
    expect(categoryOf(403, 'rate_limit_exceeded')).toBe('rate_limited');
    expect(categoryOf(403, 'RateLimitExceeded')).toBe('rate_limited');
    expect(categoryOf(429, 'RESOURCE_EXHAUSTED')).toBe('quota');
    expect(categoryOf(429, 'insufficient_quota')).toBe('quota');
    expect(categoryOf(400, 'INVALID_ARGUMENT')).toBe('validation');
    expect(categoryOf(400, 'parameter_missing')).toBe('validation');
    expect(categoryOf(400, 'ResourceNotFoundException')).toBe('not_found');
    expect(categoryOf(400, 'ConditionalCheckFailedException')).toBe('invalid_request');
    expect(categoryOf(500, 'DEADLINE_EXCEEDED')).toBe('timeout');
    expect(categoryOf(500, 'UNAVAILABLE')).toBe('unavailable');
    expect(categoryOf(409, 'ALREADY_EXISTS')).toBe('conflict');
    expect(categoryOf(400, 'EMAIL_EXISTS')).toBe('conflict');
  });

  it('a precise status wins over the code', () => {
    expect(categoryOf(404, 'E1234')).toBe('not_found');
    expect(categoryOf(401, 'rate_limited')).toBe('unauthorized');
    expect(categoryOf(429, 'too_many_requests')).toBe('rate_limited');
    expect(categoryOf(429, 'validation_failed')).toBe('rate_limited');
  });

  it('unknown statuses fall back by class', () => {
    expect(categoryOf(418, 'teapot')).toBe('invalid_request');
    expect(categoryOf(599, 'weird')).toBe('internal');
  });

  it('is on every ApiError, parsed ones included', () => {
    expect(new ApiError({ status: 404 }).category).toBe('not_found');
    const parsed = parseErrorBody({
      status: 403,
      headers: { 'content-type': 'application/json' },
      body: '{"message":"API rate limit exceeded","documentation_url":"https://docs.github.com"}',
    });
    expect(parsed.category).toBe('forbidden');
    expect(
      parseErrorBody({
        status: 400,
        headers: {},
        body: '{"error":{"code":"rate_limit_exceeded","message":"slow"}}',
      }).category,
    ).toBe('rate_limited');
  });
});
