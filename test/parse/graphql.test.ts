import { describe, expect, it } from 'vitest';
import { parseGraphql } from '../../src/parse/graphql.js';
import { parseJson, shapeInput } from './support.js';

describe('graphql', () => {
  it('reads the code from extensions and the message from the first error', () => {
    const e = parseJson(
      400,
      {
        errors: [
          {
            message: 'Variable "$input" got invalid value -1 at "input.qty"',
            locations: [{ line: 1, column: 20 }],
            extensions: { code: 'BAD_USER_INPUT', argumentName: 'input' },
          },
        ],
      },
      { 'x-request-id': 'gql-1' },
    );
    expect(e.format).toBe('graphql');
    expect(e.status).toBe(400);
    expect(e.code).toBe('BAD_USER_INPUT');
    expect(e.message).toBe('Variable "$input" got invalid value -1 at "input.qty"');
    expect(e.details).toEqual({ argumentName: 'input' });
    expect(e.fields).toBeUndefined();
    expect(e.requestId).toBe('gql-1');
  });

  it('a 200 with errors takes extensions.http.status, else 500', () => {
    const body = {
      data: null,
      errors: [
        {
          message: 'You must be logged in',
          path: ['viewer'],
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
        },
      ],
    };
    const auth = parseJson(200, body);
    expect(auth.status).toBe(401);
    expect(auth.code).toBe('UNAUTHENTICATED');
    expect(parseGraphql(shapeInput(200, body))?.status).toBe(401);
    const plain = parseJson(200, {
      data: { viewer: null },
      errors: [{ message: 'Cannot query field "nme" on type "User".', locations: [] }],
    });
    expect(plain.format).toBe('graphql');
    expect(plain.status).toBe(500);
    expect(plain.code).toBe('internal_error');
  });

  it('errors with a path become violations at that path, with their own codes', () => {
    const e = parseJson(200, {
      data: { order: { lines: [null, null] } },
      errors: [
        {
          message: 'Product discontinued',
          path: ['order', 'lines', 0, 'product'],
          extensions: { code: 'NOT_FOUND' },
        },
        { message: 'Price unavailable', path: ['order', 'lines', 1, 'price'] },
        { message: 'no path here' },
      ],
    });
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toBe('Product discontinued');
    expect(e.fields).toEqual([
      {
        path: ['order', 'lines', 0, 'product'],
        message: 'Product discontinued',
        code: 'NOT_FOUND',
      },
      { path: ['order', 'lines', 1, 'price'], message: 'Price unavailable' },
    ]);
  });

  it('drops stack traces from details', () => {
    const e = parseJson(500, {
      errors: [
        {
          message: 'Internal server error',
          extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['Error: boom', '  at x'] },
        },
      ],
    });
    expect(e.code).toBe('INTERNAL_SERVER_ERROR');
    expect(e.details).toBeUndefined();
  });

  it('leaves JSON:API documents to jsonapi', () => {
    const e = parseJson(422, {
      errors: [
        {
          status: '422',
          title: 'Invalid',
          detail: 'qty must be positive',
          source: { pointer: '/data/attributes/qty' },
        },
      ],
    });
    expect(e.format).toBe('jsonapi');
  });
});
