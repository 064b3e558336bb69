import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api-error.js';
import { formats } from '../../src/formats/index.js';
import { parseErrorBody } from '../../src/parse/index.js';
import { back, bodyOf, FIELDS, invalid, limited, notFound } from './fixtures.js';

describe('message: seed 000 and options', () => {
  it('seed 000: violations folded as `name: message`', () => {
    const e = new ApiError({
      status: 400,
      message: 'Invalid request',
      fields: [{ path: ['name'], message: 'String must contain at least 1 character(s)' }],
    });
    expect(formats.message.render(e).body).toBe(
      '{"message":"name: String must contain at least 1 character(s)"}',
    );
    expect(
      formats.message.render(new ApiError({ status: 404, message: 'Secret not found' })).body,
    ).toBe('{"message":"Secret not found"}');
  });

  it('the member can be renamed, and parses back', () => {
    const f = formats.message.with({ members: { message: 'error' } });
    const r = f.render(notFound());
    expect(r.body).toBe('{"error":"No secret named \'db\'"}');
    expect(parseErrorBody({ status: 404, body: r.body }, { format: f }).message).toBe(
      "No secret named 'db'",
    );
    expect(f.guide).toMatchObject({
      summary: 'a JSON object with a single `error`',
      message: '`error`',
    });
  });
});

describe('laravel: seed 004 and options', () => {
  it('seed 004: two messages for one field', () => {
    const e = new ApiError({
      status: 422,
      message: 'The given data was invalid.',
      fields: [
        { path: ['email'], message: 'The email field is required.' },
        { path: ['email'], message: 'The email must be a valid email address.' },
        { path: ['amount'], message: 'The amount must be greater than 0.' },
      ],
    });
    expect(formats.laravel.render(e).body).toBe(
      '{"message":"The given data was invalid.","errors":{"email":["The email field is required.","The email must be a valid email address."],"amount":["The amount must be greater than 0."]}}',
    );
    expect(back(formats.laravel.render(e)).fields).toEqual(e.fields);
  });

  it('renamed members render and parse back', () => {
    const f = formats.laravel.with({ members: { message: 'msg', errors: 'violations' } });
    const r = f.render(invalid());
    expect(bodyOf(r)).toEqual({
      msg: 'The request has invalid fields.',
      violations: { name: ['must not be empty'], 'items.0.qty': ['must be positive'] },
    });
    const parsed = parseErrorBody({ status: 422, body: r.body }, { format: f });
    expect(parsed.format).toBe('laravel');
    expect(parsed.message).toBe('The request has invalid fields.');
    expect(parsed.fields).toEqual(FIELDS.map(({ path, message }) => ({ path, message })));
    expect(f.guide.fields).toBe('`violations`: each dotted field path maps to a list of messages');
  });
});

describe('google options', () => {
  it('RequestInfo, RetryInfo and Help can be left out', () => {
    const f = formats.google.with({
      members: { RequestInfo: false, RetryInfo: false, Help: false },
    });
    const e = new ApiError({ status: 429, retryAfter: 5, docUrl: 'https://d', requestId: 'r' });
    const types = (
      bodyOf(f.render(e)) as { error: { details: { '@type': string }[] } }
    ).error.details.map((d) => d['@type'].split('.').pop());
    expect(types).toEqual(['ErrorInfo']);
    const all = (bodyOf(formats.google.render(e)) as { error: { details: unknown[] } }).error
      .details;
    expect(all).toHaveLength(4);
    expect(f.guide.requestId).toBe('only the `X-Request-ID` header');
    expect(back(f.render(e)).code).toBe('RATE_LIMITED');
  });
});

describe('jsonapi options', () => {
  it('request_id renamed, meta and links left out', () => {
    const f = formats.jsonapi.with({
      members: { request_id: 'requestId', meta: false, links: false },
    });
    const e = new ApiError({
      status: 422,
      code: 'validation_error',
      details: { a: 1 },
      fields: FIELDS,
      docUrl: 'https://d',
    });
    const body = bodyOf(f.render(e, { requestId: 'req_1' })) as {
      errors: Record<string, unknown>[];
      meta: unknown;
    };
    expect(body.meta).toEqual({ requestId: 'req_1' });
    for (const item of body.errors) {
      expect(item).not.toHaveProperty('meta');
      expect(item).not.toHaveProperty('links');
    }
    const parsed = parseErrorBody({ status: 422, body: JSON.stringify(body) }, { format: f });
    expect(parsed.requestId).toBe('req_1');
    expect(parsed.fields).toEqual(FIELDS.map(({ path, message }) => ({ path, message })));
    const g = formats.jsonapi.with({ members: { request_id: false } });
    expect(bodyOf(g.render(notFound(), { requestId: 'r' }))).not.toHaveProperty('meta');
    expect(f.guide).toMatchObject({
      details: 'not sent',
      requestId: '`meta.requestId` of the document',
    });
  });
});

describe('stripe options', () => {
  it('param renamed, doc_url left out', () => {
    const f = formats.stripe.with({ members: { param: 'field', doc_url: false } });
    const e = new ApiError({ status: 400, code: 'bad', fields: FIELDS, docUrl: 'https://d' });
    const r = f.render(e);
    expect(bodyOf(r)).toEqual({
      error: { type: 'invalid_request_error', code: 'bad', message: 'Bad Request', field: 'name' },
    });
    const parsed = parseErrorBody({ status: 400, body: r.body }, { format: f });
    expect(parsed.format).toBe('stripe');
    expect(parsed.fields?.[0]?.path).toEqual(['name']);
    expect(f.guide.fields).toBe(
      'the first invalid parameter only, as `error.field` in bracket notation',
    );
    expect(bodyOf(formats.stripe.with({ members: { param: false } }).render(e))).not.toHaveProperty(
      'error.param',
    );
    expect(back(f.render(limited())).code).toBe('rate_limited');
  });
});
