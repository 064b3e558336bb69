import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api-error.js';
import { formats } from '../../src/formats/index.js';
import { parseErrorBody } from '../../src/parse/index.js';
import { back, bodyOf, invalid, limited } from './fixtures.js';

/** Seed 003: meta.timestamp in whole seconds. */
const SECONDS = formats.success.with({ timestamp: 'seconds' });

const priority = new ApiError({
  status: 400,
  code: 'VALIDATION_ERROR',
  message: 'Invalid request body/params',
  fields: [
    {
      path: ['priority'],
      message: "The 'priority' field must be one of: low, normal, high, critical",
    },
  ],
});

describe('success options: seed 003', () => {
  it('the seed envelope, timestamp in whole seconds', () => {
    const r = SECONDS.render(priority, {
      requestId: 'req_abc123',
      timestamp: '2025-12-14T10:30:00.000Z',
    });
    expect(r.body).toBe(
      '{"success":false,"error":{"code":"VALIDATION_ERROR","message":"The \'priority\' field must be one of: low, normal, high, critical","field":"priority"},"meta":{"requestId":"req_abc123","timestamp":"2025-12-14T10:30:00Z"}}',
    );
  });

  it('the current time is cut to seconds too', () => {
    const body = bodyOf(SECONDS.render(priority)) as { meta: { timestamp: string } };
    expect(body.meta.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const ms = bodyOf(formats.success.render(priority)) as { meta: { timestamp: string } };
    expect(ms.meta.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('a 429 says its delay in error.retryAfter', () => {
    const e = new ApiError({
      status: 429,
      code: 'RATE_LIMITED',
      message: 'Rate limit exceeded. Try again in 42 seconds.',
      retryAfter: 42,
    });
    const r = SECONDS.render(e, { requestId: 'req_1', timestamp: '2025-12-14T10:30:00.000Z' });
    expect(bodyOf(r)).toEqual({
      success: false,
      error: {
        code: 'RATE_LIMITED',
        message: 'Rate limit exceeded. Try again in 42 seconds.',
        retryAfter: 42,
      },
      meta: { requestId: 'req_1', timestamp: '2025-12-14T10:30:00Z' },
    });
    expect(r.headers['retry-after']).toBe('42');
  });

  it('parses back with and without the format', () => {
    const r = SECONDS.render(priority, { requestId: 'req_abc123' });
    for (const parsed of [
      back(r),
      parseErrorBody({ status: 400, body: r.body }, { format: SECONDS }),
    ]) {
      expect(parsed.format).toBe('success');
      expect(parsed.code).toBe('VALIDATION_ERROR');
      expect(parsed.requestId).toBe('req_abc123');
      expect(parsed.fields).toEqual([
        { path: ['priority'], message: priority.fields?.[0]?.message },
      ]);
    }
    expect(SECONDS.guide.requestId).toBe(
      '`meta.requestId`, next to `meta.timestamp` (whole seconds)',
    );
  });
});

describe('success options: members', () => {
  it('renamed members render and parse back', () => {
    const f = formats.success.with({
      members: { requestId: 'request_id', timestamp: 'at', field: 'param', retryAfter: 'wait' },
    });
    const r = f.render(invalid(), { requestId: 'req_1', timestamp: 'T' });
    expect(bodyOf(r)).toEqual({
      success: false,
      error: { code: 'validation_error', message: 'must not be empty', param: 'name' },
      meta: { request_id: 'req_1', at: 'T' },
    });
    const parsed = parseErrorBody({ status: 422, body: r.body }, { format: f });
    expect(parsed.fields).toEqual([{ path: ['name'], message: 'must not be empty' }]);
    expect(parsed.requestId).toBe('req_1');
    const l = f.render(limited(), { timestamp: 'T' });
    expect(bodyOf(l)).toMatchObject({ error: { wait: 42 } });
    expect(parseErrorBody({ status: 429, body: l.body }, { format: f }).retryAfter).toBe(42);
    expect(f.guide).toMatchObject({
      fields: 'the first invalid field only, as `error.param` (a dotted path) with its message',
      details: 'not sent; a 429 adds `error.wait` (seconds)',
      requestId: '`meta.request_id`, next to `meta.at`',
    });
  });

  it('left out: timestamp (either way), retryAfter, field, request id', () => {
    for (const f of [
      formats.success.with({ timestamp: false }),
      formats.success.with({ members: { timestamp: false } }),
    ]) {
      expect(bodyOf(f.render(invalid(), { requestId: 'r' }))).toMatchObject({
        meta: { requestId: 'r' },
      });
      expect(f.render(invalid(), { requestId: 'r' }).body).not.toMatch(/timestamp/);
      expect(f.guide.requestId).toBe('`meta.requestId`');
    }
    const g = formats.success.with({
      timestamp: false,
      members: { requestId: false, retryAfter: false, field: false },
    });
    expect(g.render(limited(), { requestId: 'r' }).body).toBe(
      '{"success":false,"error":{"code":"rate_limited","message":"Too many requests. Retry later."}}',
    );
    expect(bodyOf(g.render(invalid()))).toMatchObject({ error: { message: 'must not be empty' } });
    expect(g.guide.summary).toBe('a JSON object with `success: false` and an `error` member');
    expect(g.guide.requestId).toBe('only the `X-Request-ID` header');
    expect(g.options).toEqual({
      timestamp: false,
      members: { requestId: false, retryAfter: false, field: false },
    });
  });
});
