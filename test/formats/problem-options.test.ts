import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api-error.js';
import { defineCatalog } from '../../src/catalog.js';
import { formats } from '../../src/formats/index.js';
import { parseErrorBody } from '../../src/parse/index.js';
import { renderError } from '../../src/render.js';
import { back, bodyOf, catalog, FIELDS, invalid, limited, notFound } from './fixtures.js';

/** Seed 002: the four RFC 7807 members and nothing else. */
const FOUR = formats.problem.with({
  members: { instance: false, code: false, request_id: false, errors: false, details: false },
});

const vaults = defineCatalog({
  errors: {
    forbidden: { status: 403, title: 'Forbidden', message: 'Insufficient permissions' },
    resource_limit_exceeded: {
      status: 403,
      title: 'Resource Limit Exceeded',
      type: 'resource_limit_exceeded',
      message: 'Vault limit reached (3/3 on free tier). Upgrade your plan for more.',
    },
  },
});

describe('problem options: seed 002, exactly type, title, status, detail', () => {
  const context = { requestId: 'req_1', instance: '/v1/vaults', catalog: vaults };

  it('a plain 403 is about:blank with the status phrase', () => {
    const r = FOUR.render(vaults.error('forbidden'), context);
    expect(r.body).toBe(
      '{"type":"about:blank","title":"Forbidden","status":403,"detail":"Insufficient permissions"}',
    );
    expect(r.headers['x-request-id']).toBe('req_1');
  });

  it("an entry's own type is kept, with the entry's title", () => {
    const r = FOUR.render(vaults.error('resource_limit_exceeded'), context);
    expect(r.body).toBe(
      '{"type":"resource_limit_exceeded","title":"Resource Limit Exceeded","status":403,"detail":"Vault limit reached (3/3 on free tier). Upgrade your plan for more."}',
    );
  });

  it('violations, details, request id and instance stay out; a 500 is generic', () => {
    const body = bodyOf(FOUR.render(invalid(), context));
    expect(Object.keys(body as object)).toEqual(['type', 'title', 'status', 'detail']);
    expect(Object.keys(bodyOf(FOUR.render(notFound(), context)) as object)).toEqual([
      'type',
      'title',
      'status',
      'detail',
    ]);
    const crash = renderError(new Error('password=x'), { format: FOUR, catalog: vaults });
    expect(crash.body).toBe(
      '{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"Internal error"}',
    );
  });

  it('parses back: code from type, else from the status', () => {
    for (const [code, expected] of [
      ['resource_limit_exceeded', 'resource_limit_exceeded'],
      ['forbidden', 'forbidden'],
    ] as const) {
      const r = FOUR.render(vaults.error(code), context);
      const universal = back(r);
      expect(universal.code).toBe(expected);
      expect(universal.format).toBe('problem');
      const own = parseErrorBody(
        { status: r.status, headers: r.headers, body: r.body },
        { format: FOUR },
      );
      expect(own.code).toBe(expected);
      expect(own.message).toBe(vaults.error(code).message);
    }
  });

  it('its guide and drops say what is left out', () => {
    expect(FOUR.guide.requestId).toBe('only the `X-Request-ID` header');
    expect(FOUR.guide.fields).toBe('not sent: `detail` says what is wrong');
    expect(FOUR.guide.details).toBe('not sent');
    expect(FOUR.guide.code).toBe(
      'the last segment of the `type` URI when there is a problem type; otherwise the HTTP status',
    );
    expect(FOUR.guide.carriesCode).toBe(false);
    expect(FOUR.drops.some((d) => d.startsWith('code'))).toBe(true);
    expect(FOUR.drops.some((d) => d.startsWith('structured fields'))).toBe(true);
  });
});

describe('problem options: type strategies', () => {
  const withBase = defineCatalog({
    typeBase: 'https://api.example.com/errors/',
    errors: {
      plain: { status: 409, title: 'Plain conflict' },
      own: { status: 403, title: 'Own type', type: 'https://example.com/probs/own' },
    },
  });

  it("'uri' (the default) uses typeBase + code", () => {
    expect(bodyOf(formats.problem.render(withBase.error('plain')))).toMatchObject({
      type: 'https://api.example.com/errors/plain',
      title: 'Plain conflict',
    });
  });

  it("'about:blank' drops derived type URIs but keeps an entry's own", () => {
    const f = formats.problem.with({ type: 'about:blank' });
    const ctx = { catalog: withBase };
    expect(bodyOf(f.render(withBase.error('plain'), ctx))).toMatchObject({
      type: 'about:blank',
      title: 'Conflict',
      code: 'plain',
    });
    expect(bodyOf(f.render(withBase.error('own'), ctx))).toMatchObject({
      type: 'https://example.com/probs/own',
      title: 'Own type',
    });
    // Through renderError, which puts the catalog in the context.
    const r = renderError(withBase.error('plain'), { format: f, catalog: withBase });
    expect(bodyOf(r)).toMatchObject({ type: 'about:blank' });
    expect(f.guide.code).toBe(
      '`code`; with a problem type, also the last segment of the `type` URI',
    );
  });

  it("'code' puts the code itself in type, with the entry's title, and parses it back", () => {
    const f = formats.problem.with({ type: 'code', members: { code: false } });
    const r = f.render(withBase.error('plain'));
    expect(r.body).toBe(
      '{"type":"plain","title":"Plain conflict","status":409,"detail":"Plain conflict"}',
    );
    expect(back(r).code).toBe('plain');
    expect(f.guide.code).toBe('`type`, which is the code itself');
    expect(f.guide.carriesCode).toBe(true);
  });
});

describe('problem options: renamed members render and parse back', () => {
  const f = formats.problem.with({
    members: {
      code: 'error_code',
      request_id: 'requestId',
      errors: 'invalid_params',
      instance: 'occurrence',
      details: 'extra',
    },
    retryAfter: 'retry_after',
  });

  it('renders each member under its new name, in the same order', () => {
    const body = bodyOf(f.render(invalid(), { requestId: 'req_1', instance: '/v1/x' }));
    expect(Object.keys(body as object)).toEqual([
      'type',
      'title',
      'status',
      'detail',
      'occurrence',
      'error_code',
      'requestId',
      'invalid_params',
    ]);
    expect(body).toMatchObject({ error_code: 'validation_error', requestId: 'req_1' });
    expect(bodyOf(f.render(limited()))).toMatchObject({ retry_after: 42 });
    expect(bodyOf(formats.problem.render(limited()))).not.toHaveProperty('retry_after');
    expect(bodyOf(f.render(new ApiError({ status: 400, details: ['a', 'b'] })))).toMatchObject({
      extra: ['a', 'b'],
    });
  });

  it('its own parse reads them back; so does parseErrorBody given the format', () => {
    const r = f.render(invalid(), { requestId: 'req_1' });
    const parsed = f.parse({
      status: r.status,
      contentType: 'application/problem+json',
      json: JSON.parse(r.body),
      text: r.body,
      headerRequestId: undefined,
      headerRetryAfter: undefined,
      headers: {},
    });
    expect(parsed?.code).toBe('validation_error');
    expect(parsed?.requestId).toBe('req_1');
    expect(parsed?.fields).toEqual(FIELDS);
    const viaOption = parseErrorBody(
      {
        status: r.status,
        headers: { 'content-type': r.headers['content-type'] as string },
        body: r.body,
      },
      { format: f },
    );
    expect(viaOption.code).toBe('validation_error');
    expect(viaOption.fields).toEqual(FIELDS);
    expect(viaOption.details).toBeUndefined();
    const limitedBody = f.render(limited());
    expect(parseErrorBody({ status: 429, body: limitedBody.body }, { format: f }).retryAfter).toBe(
      42,
    );
  });

  it('details named like a renamed member are not spread over it', () => {
    const e = catalog.error('secret_not_found', { name: 'db', version: 3 });
    const g = formats.problem.with({ members: { request_id: 'name' } });
    expect(bodyOf(g.render(e, { requestId: 'req_1' }))).toMatchObject({
      name: 'req_1',
      version: 3,
    });
    expect(g.drops.join('\n')).toMatch(/retry_after, name\) are dropped/);
  });

  it('renamed guides name the new members', () => {
    expect(f.guide.code).toBe(
      '`error_code`; with a problem type, also the last segment of the `type` URI',
    );
    expect(f.guide.requestId).toBe('`requestId`');
    expect(f.guide.fields).toMatch(/^`invalid_params`: one/);
    expect(f.guide.details).toBe(
      'extra top-level members of the body; a 429 or 503 adds `retry_after` (seconds)',
    );
  });
});
