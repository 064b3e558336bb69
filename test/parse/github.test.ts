import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/api-error.js';
import { parseGithub } from '../../src/parse/github.js';
import { parseJson, shapeInput } from './support.js';

describe('github', () => {
  it('reads a 422 with resource/field/code violations and the documentation URL', () => {
    const e = parseJson(
      422,
      {
        message: 'Validation Failed',
        errors: [
          { resource: 'Issue', field: 'title', code: 'missing_field' },
          { resource: 'Label', field: 'name', code: 'already_exists' },
          {
            resource: 'Issue',
            field: 'assignees',
            code: 'custom',
            message: 'octo is not a collaborator',
          },
        ],
        documentation_url: 'https://docs.github.com/rest/issues/issues#create-an-issue',
        status: '422',
      },
      { 'x-github-request-id': 'C0DE:1234:ABCD:5678:65F0A1B2' },
    );
    expect(e).toBeInstanceOf(ApiError);
    expect(e.format).toBe('github');
    expect(e.status).toBe(422);
    expect(e.code).toBe('validation_error');
    expect(e.message).toBe('Validation Failed');
    expect(e.docUrl).toBe('https://docs.github.com/rest/issues/issues#create-an-issue');
    expect(e.requestId).toBe('C0DE:1234:ABCD:5678:65F0A1B2');
    expect(e.fields).toEqual([
      { path: ['title'], message: 'is required', code: 'missing_field' },
      { path: ['name'], message: 'already exists', code: 'already_exists' },
      { path: ['assignees'], message: 'octo is not a collaborator', code: 'custom' },
    ]);
  });

  it('reads a plain 404; the string status is a hint for non-error statuses', () => {
    const body = {
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest',
      status: '404',
    };
    const e = parseJson(404, body);
    expect(e.format).toBe('github');
    expect(e.code).toBe('not_found');
    expect(e.fields).toBeUndefined();
    expect(parseJson(200, body).status).toBe(404);
    expect(parseGithub(shapeInput(200, body))?.status).toBe(404);
  });

  it('names the resource when a violation names no field, and keeps string items', () => {
    const e = parseJson(422, {
      message: 'Validation Failed',
      errors: [{ resource: 'Repository', code: 'missing' }, 'Sha does not match'],
    });
    expect(e.format).toBe('github');
    expect(e.docUrl).toBeUndefined();
    expect(e.fields).toEqual([
      { path: [], message: 'Repository does not exist', code: 'missing' },
      { path: [], message: 'Sha does not match' },
    ]);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('turns the rate-limit reset epoch into retryAfter', () => {
    const now = Date.UTC(2024, 4, 1, 10, 0, 0);
    vi.useFakeTimers({ now, toFake: ['Date'] });
    const reset = now / 1000 + 120;
    const e = parseJson(
      403,
      {
        message: 'API rate limit exceeded for 203.0.113.7.',
        documentation_url:
          'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting',
      },
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
    );
    expect(e.format).toBe('github');
    expect(e.status).toBe(403);
    expect(e.retryAfter).toBe(120);
  });

  it('a 404 ignores the x-ratelimit-reset GitHub sends on every response', () => {
    const now = Date.UTC(2024, 4, 1, 10, 0, 0);
    vi.useFakeTimers({ now, toFake: ['Date'] });
    const headers = {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(now / 1000 + 3000),
      'x-github-request-id': 'CAFE:1234:5678',
    };
    const notFound = parseJson(
      404,
      { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
      headers,
    );
    expect(notFound.format).toBe('github');
    expect(notFound.requestId).toBe('CAFE:1234:5678');
    expect(notFound.retryAfter).toBeUndefined();
    // A 403 that is not a rate limit (quota left) does not wait either.
    const forbidden = parseJson(
      403,
      { message: 'Resource not accessible', documentation_url: 'https://docs.github.com/rest' },
      headers,
    );
    expect(forbidden.retryAfter).toBeUndefined();
    // A 429 (secondary rate limit) does.
    const limited = parseJson(
      429,
      { message: 'You have exceeded a secondary rate limit.', documentation_url: 'https://x' },
      headers,
    );
    expect(limited.retryAfter).toBe(3000);
  });

  it('does not claim a bare { message } (that is the message format)', () => {
    expect(parseJson(400, { message: 'nope' }).format).toBe('message');
  });

  it('does not turn a __proto__ code into Object.prototype text', () => {
    const e = parseJson(422, {
      message: 'Validation Failed',
      documentation_url: 'https://docs.github.com/rest',
      errors: [{ resource: 'Issue', field: 'title', code: '__proto__' }],
    });
    expect(e.fields).toEqual([{ path: ['title'], message: '__proto__', code: '__proto__' }]);
  });
});
