import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api-error.js';
import { bounded } from '../../src/parse/bounds.js';
import { parseErrorBody } from '../../src/parse/index.js';
import { parseJson } from './support.js';

describe('bounds', () => {
  it('does not take a body known to be cut for whole JSON, even when what is left parses', () => {
    const body = JSON.stringify({ error: { code: 'secret_not_found', message: 'gone' } });
    const input = { status: 404, headers: { 'content-type': 'application/json' }, body };
    expect(parseErrorBody(input).format).toBe('envelope');
    const cut = parseErrorBody(input, { truncated: true });
    expect(cut.format).not.toBe('envelope');
    expect(cut.code).toBe('not_found');
    expect(cut.raw).toBe(body);
  });

  it("cuts an errata format's huge message, title and code", () => {
    const e = parseJson(400, {
      type: 'https://example.com/p',
      title: 't'.repeat(10_000),
      status: 400,
      detail: 'd'.repeat(500_000),
      code: 'c'.repeat(5000),
    });
    expect(e.format).toBe('problem');
    expect(e.message.length).toBeLessThanOrEqual(1000);
    expect(e.message.endsWith('…')).toBe(true);
    expect(e.title.length).toBeLessThanOrEqual(200);
    expect(e.code).toBe('invalid_request');
  });

  it('keeps at most 100 violations with bounded paths', () => {
    const errors: Record<string, string[]> = {};
    for (let i = 0; i < 1000; i++) errors[`f${i}`] = ['bad'];
    errors['a.'.repeat(500)] = ['deep'];
    const e = parseJson(422, { message: 'Invalid', errors });
    expect(e.format).toBe('laravel');
    expect(e.fields).toHaveLength(100);
  });

  it('drops an unsafe body request id for the header one, and negative delays', () => {
    const e = parseJson(
      503,
      { error: { code: 'down', message: 'x', request_id: 'a\nb', retry_after: -5 } },
      { 'x-request-id': 'hdr-1' },
    );
    expect(e.format).toBe('envelope');
    expect(e.requestId).toBe('hdr-1');
    expect(e.retryAfter).toBeUndefined();
  });

  it('returns the same object when nothing needs cutting', () => {
    const error = new ApiError({ status: 404, code: 'not_found', message: 'x' });
    expect(bounded(error, undefined)).toBe(error);
  });

  it('does not split a surrogate pair when cutting', () => {
    const e = parseJson(400, { message: `${'a'.repeat(998)}😀😀😀` });
    const last = e.message.charCodeAt(e.message.length - 2);
    expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
    expect(e.message.endsWith('…')).toBe(true);
  });

  it('bounds details like the other fields: members, size, depth, strings (issue 12)', () => {
    const wide: Record<string, string> = {};
    for (let i = 0; i < 20_000; i++) wide[`k${i}`] = 'v'.repeat(20);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 40; i++) deep = { n: deep };
    const e = parseJson(400, {
      error: { code: 'bad', message: 'm', details: { wide, deep, s: 's'.repeat(100_000) } },
    });
    expect(e.format).toBe('envelope');
    expect(e.code).toBe('bad');
    const d = e.details as Record<string, unknown>;
    expect(JSON.stringify(d).length).toBeLessThanOrEqual(16_384);
    expect(Object.keys(d.wide as object).length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(d).includes('leaf')).toBe(false);
  });

  it('bounds raw: a JSON body within 64 Ki characters stays JSON, a longer one is its cut text', () => {
    const small = { error: { code: 'c', message: 'm', details: { list: ['a', 'b'] } } };
    expect(parseJson(400, small).raw).toEqual(small);
    const big = { error: { code: 'c', message: 'm', details: { s: 'x'.repeat(500_000) } } };
    const e = parseJson(400, big);
    expect(e.format).toBe('envelope');
    expect(typeof e.raw).toBe('string');
    expect((e.raw as string).length).toBeLessThanOrEqual(65_536);
    expect((e.raw as string).startsWith('{"error":{"code":"c"')).toBe(true);
    const text = parseErrorBody({ status: 502, headers: {}, body: 'down '.repeat(100_000) });
    expect((text.raw as string).length).toBeLessThanOrEqual(65_536);
  });

  it('bounds raw of a shorter JSON body with many members to RAW_LIMITS', () => {
    const errors: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) errors[`f${i}`] = 'bad';
    const e = parseJson(422, { message: 'Invalid', errors });
    const raw = e.raw as { errors: Record<string, string> };
    expect(Object.keys(raw.errors).length).toBeLessThanOrEqual(1000);
    expect(JSON.stringify(raw).length).toBeLessThanOrEqual(65_536);
  });
});
