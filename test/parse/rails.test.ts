import { describe, expect, it } from 'vitest';
import { parseJson } from './support.js';

describe('rails', () => {
  it('reads errors.messages without a message: "attribute message" of the first', () => {
    const e = parseJson(
      422,
      {
        errors: {
          email: ['has already been taken'],
          password: ["can't be blank", 'is too short (minimum is 8 characters)'],
          'line_items.quantity': ['must be greater than 0'],
          base: ['Order is locked'],
        },
      },
      { 'x-request-id': 'c0ffee12-3456' },
    );
    expect(e.format).toBe('rails');
    expect(e.code).toBe('validation_error');
    expect(e.message).toBe('email has already been taken');
    expect(e.requestId).toBe('c0ffee12-3456');
    expect(e.fields).toEqual([
      { path: ['email'], message: 'has already been taken' },
      { path: ['password'], message: "can't be blank" },
      { path: ['password'], message: 'is too short (minimum is 8 characters)' },
      { path: ['line_items', 'quantity'], message: 'must be greater than 0' },
    ]);
  });

  it('reads errors.details entries: the error symbol is code and message', () => {
    const e = parseJson(422, { errors: { email: [{ error: 'taken', value: 'a@b.c' }] } });
    expect(e.fields).toEqual([{ path: ['email'], message: 'taken', code: 'taken' }]);
  });

  it('reads full_messages lists', () => {
    const e = parseJson(422, { errors: ["Email can't be blank", 'Name is too long'] });
    expect(e.format).toBe('rails');
    expect(e.message).toBe("Email can't be blank");
    // Full messages name no field: they are the error's messages, not violations.
    expect(e.fields).toBeUndefined();
  });

  it('with a message it is Laravel; with odd values it is not Rails', () => {
    expect(
      parseJson(422, { message: 'The given data was invalid.', errors: { a: ['x'] } }).format,
    ).toBe('laravel');
    expect(parseJson(422, { errors: { a: [1, 2] } }).format).not.toBe('rails');
    expect(parseJson(422, { errors: [{ message: 'graphql-ish' }] }).format).toBe('graphql');
  });
});
