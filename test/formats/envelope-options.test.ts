import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api-error.js';
import { defineCatalog } from '../../src/catalog.js';
import { formats } from '../../src/formats/index.js';
import { parseErrorBody } from '../../src/parse/index.js';
import { back, bodyOf, FIELDS, invalid, limited, notFound } from './fixtures.js';

const secrets = defineCatalog({
  errors: {
    secret_not_found: {
      status: 404,
      title: 'Secret not found',
      message: "Secret 'environments/production/missing' not found",
    },
  },
});

describe('envelope: seed 001 without options', () => {
  it('{ error: { code, message, details, request_id } }', () => {
    const e = secrets.error('secret_not_found', undefined, {
      requestId: 'req_abc',
    });
    const withPath = new ApiError({
      status: e.status,
      code: e.code,
      message: e.message,
      details: { path: 'environments/production/missing' },
      requestId: 'req_abc',
    });
    expect(formats.envelope.render(withPath).body).toBe(
      '{"error":{"code":"secret_not_found","message":"Secret \'environments/production/missing\' not found","details":{"path":"environments/production/missing"},"request_id":"req_abc"}}',
    );
  });
});

describe('envelope options', () => {
  const f = formats.envelope.with({
    members: {
      request_id: 'requestId',
      details: 'data',
      fields: 'errors',
      doc_url: 'docs',
      code: 'kind',
    },
    retryAfter: 'retry_after',
  });

  it('renders every member under its new name', () => {
    const body = bodyOf(f.render(invalid(), { requestId: 'req_1' }));
    expect(body).toEqual({
      error: {
        kind: 'validation_error',
        message: 'The request has invalid fields.',
        data: {
          errors: [
            { field: 'name', message: 'must not be empty' },
            { field: 'items.0.qty', message: 'must be positive', code: 'too_small' },
          ],
        },
        requestId: 'req_1',
      },
    });
    const docs = new ApiError({ status: 400, docUrl: 'https://d/x' });
    expect(bodyOf(f.render(docs))).toMatchObject({ error: { docs: 'https://d/x' } });
    expect(bodyOf(f.render(limited()))).toMatchObject({ error: { retry_after: 42 } });
    expect(bodyOf(f.render(new ApiError({ status: 503 })))).toMatchObject({
      error: { retry_after: 1 },
    });
    expect(bodyOf(f.render(notFound()))).not.toHaveProperty('error.retry_after');
  });

  it('its parse reads them back, and parseErrorBody does with the format', () => {
    for (const make of [invalid, notFound, limited]) {
      const error = make();
      const r = f.render(error, { requestId: 'req_1' });
      const parsed = parseErrorBody(
        { status: r.status, headers: r.headers, body: r.body },
        { format: f },
      );
      expect(parsed.format).toBe('envelope');
      expect(parsed.code).toBe(error.code);
      expect(parsed.requestId).toBe('req_1');
      expect(parsed.details).toEqual(error.details);
      expect(parsed.fields).toEqual(error.fields);
    }
    const r = f.render(limited());
    expect(parseErrorBody({ status: 429, body: r.body }, { format: f }).retryAfter).toBe(42);
  });

  it('request_id renamed to requestId: even the universal parser reads it', () => {
    const g = formats.envelope.with({ members: { request_id: 'requestId' } });
    const r = g.render(notFound(), { requestId: 'req_9' });
    expect(bodyOf(r)).toMatchObject({ error: { requestId: 'req_9' } });
    const parsed = parseErrorBody({ status: r.status, body: r.body });
    expect(parsed.requestId).toBe('req_9');
    expect(parsed.format).toBe('envelope');
  });

  it('left out: code, details, fields, request id', () => {
    const g = formats.envelope.with({
      members: { code: false, details: false, request_id: false, doc_url: false },
    });
    expect(g.render(invalid(), { requestId: 'r' }).body).toBe(
      '{"error":{"message":"The request has invalid fields."}}',
    );
    const h = formats.envelope.with({ members: { fields: false } });
    expect(bodyOf(h.render(invalid()))).toEqual({
      error: { code: 'validation_error', message: 'The request has invalid fields.' },
    });
    expect(back(h.render(notFound())).details).toEqual({ name: 'db', version: 3 });
    expect(g.guide).toMatchObject({
      code: 'not in the body: branch on the HTTP status',
      fields: 'not sent',
      details: 'not sent',
      requestId: 'only the `X-Request-ID` header',
      carriesCode: false,
    });
    expect(g.drops.some((d) => d.startsWith('code'))).toBe(true);
  });

  it('guide names renamed members with their paths', () => {
    expect(f.guide).toMatchObject({
      code: '`error.kind`',
      fields:
        '`error.data.errors`: one `{ "field", "message", "code" }` per field, `field` a dotted path',
      details: '`error.data`; a 429 or 503 adds `error.retry_after` (seconds)',
      requestId: '`error.requestId`',
    });
  });

  it('a details member named like the fields list is replaced, as before', () => {
    const e = new ApiError({ status: 422, details: { errors: 'x', keep: 1 }, fields: FIELDS });
    const body = bodyOf(f.render(e)) as { error: { data: Record<string, unknown> } };
    expect(body.error.data.keep).toBe(1);
    expect(Array.isArray(body.error.data.errors)).toBe(true);
  });
});
