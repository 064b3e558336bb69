import { describe, expect, it } from 'vitest';
import { parseJson } from './support.js';

describe('fastapi', () => {
  it('reads Pydantic v2 errors: request locations are dropped, the first message is the message', () => {
    const e = parseJson(
      422,
      {
        detail: [
          {
            type: 'greater_than',
            loc: ['body', 'items', 0, 'qty'],
            msg: 'Input should be greater than 0',
            input: 0,
            ctx: { gt: 0 },
          },
          { type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: {} },
          {
            type: 'int_parsing',
            loc: ['query', 'limit'],
            msg: 'Input should be a valid integer, unable to parse string as an integer',
            input: 'ten',
          },
          { type: 'missing', loc: ['header', 'x-tenant'], msg: 'Field required', input: null },
        ],
      },
      { 'x-request-id': 'req_fa_1' },
    );
    expect(e.format).toBe('fastapi');
    expect(e.status).toBe(422);
    expect(e.code).toBe('validation_error');
    expect(e.message).toBe('Input should be greater than 0');
    expect(e.requestId).toBe('req_fa_1');
    expect(e.fields).toEqual([
      {
        path: ['items', 0, 'qty'],
        message: 'Input should be greater than 0',
        code: 'greater_than',
      },
      { path: ['name'], message: 'Field required', code: 'missing' },
      {
        path: ['limit'],
        message: 'Input should be a valid integer, unable to parse string as an integer',
        code: 'int_parsing',
      },
      { path: ['x-tenant'], message: 'Field required', code: 'missing' },
    ]);
  });

  it('reads Pydantic v1 errors', () => {
    const e = parseJson(422, {
      detail: [
        {
          loc: ['body', 'email'],
          msg: 'value is not a valid email address',
          type: 'value_error.email',
        },
      ],
    });
    expect(e.format).toBe('fastapi');
    expect(e.message).toBe('value is not a valid email address');
    expect(e.fields).toEqual([
      { path: ['email'], message: 'value is not a valid email address', code: 'value_error.email' },
    ]);
  });

  it('a missing body is a violation at the empty path', () => {
    const e = parseJson(422, {
      detail: [{ type: 'missing', loc: ['body'], msg: 'Field required' }],
    });
    expect(e.fields).toEqual([{ path: [], message: 'Field required', code: 'missing' }]);
    expect(e.message).toBe('Field required');
  });

  it("reads HTTPException's { detail: string }", () => {
    const e = parseJson(404, { detail: 'Item not found' }, { 'request-id': 'r-77' });
    expect(e.format).toBe('fastapi');
    expect(e.code).toBe('not_found');
    expect(e.message).toBe('Item not found');
    expect(e.requestId).toBe('r-77');
    expect(e.fields).toBeUndefined();
  });

  it('reads an HTTPException whose detail is an object with code and message', () => {
    const e = parseJson(409, { detail: { code: 'slug_taken', message: 'Slug already in use' } });
    expect(e.format).toBe('fastapi');
    expect(e.code).toBe('slug_taken');
    expect(e.message).toBe('Slug already in use');
  });

  it('leaves { detail, status } to problem and unknown detail lists alone', () => {
    expect(parseJson(404, { detail: 'gone', status: 404 }).format).toBe('problem');
    expect(parseJson(400, { detail: [1, 2, 3] }).format).not.toBe('fastapi');
  });

  it('stops at 100 violations however long the list', () => {
    const detail = Array.from({ length: 5000 }, (_, i) => ({
      type: 'missing',
      loc: ['body', 'rows', i],
      msg: 'Field required',
    }));
    const e = parseJson(422, { detail });
    expect(e.fields).toHaveLength(100);
    expect(e.message).toBe('Field required');
  });
});
