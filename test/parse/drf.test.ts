import { describe, expect, it } from 'vitest';
import { parseJson } from './support.js';

describe('drf (Django REST framework)', () => {
  it('reads a serializer error map, nested serializers and list items', () => {
    const e = parseJson(
      400,
      {
        email: ['Enter a valid email address.'],
        address: { zip: ['This field is required.'] },
        items: [{}, { qty: ['Ensure this value is greater than or equal to 1.'] }],
        non_field_errors: ['The fields start, end must make a unique set.'],
      },
      { 'x-request-id': 'dj-1' },
    );
    expect(e.format).toBe('drf');
    expect(e.code).toBe('invalid_request');
    // The errors of no field are the error's message; the others are its fields.
    expect(e.message).toBe('The fields start, end must make a unique set.');
    expect(e.requestId).toBe('dj-1');
    expect(e.fields).toEqual([
      { path: ['email'], message: 'Enter a valid email address.' },
      { path: ['address', 'zip'], message: 'This field is required.' },
      { path: ['items', 1, 'qty'], message: 'Ensure this value is greater than or equal to 1.' },
    ]);
  });

  it('reads a bare list of messages', () => {
    const e = parseJson(400, ['Only one active subscription is allowed.']);
    expect(e.format).toBe('drf');
    expect(e.message).toBe('Only one active subscription is allowed.');
  });

  it('{ detail } is the fastapi shape (DRF sends it too)', () => {
    expect(parseJson(401, { detail: 'Authentication credentials were not provided.' }).format).toBe(
      'fastapi',
    );
  });

  it('does not claim data-like objects', () => {
    expect(parseJson(400, { id: 1, name: 'x' }).format).toBe('unknown');
    expect(parseJson(400, { tags: [] }).format).toBe('unknown');
    expect(parseJson(400, { items: [{ name: 'x' }] }).format).toBe('unknown');
    expect(parseJson(400, [1, 2]).format).toBe('unknown');
  });

  it('bounds a deeply nested map', () => {
    let body: Record<string, unknown> = { leaf: ['deep'] };
    for (let i = 0; i < 50; i++) body = { n: body };
    expect(parseJson(400, body).format).toBe('unknown');
  });
});
