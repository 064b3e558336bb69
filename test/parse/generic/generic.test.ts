import { describe, expect, it } from 'vitest';
import { pathOf } from '../../../src/parse/generic/fields.js';
import { genericParts } from '../../../src/parse/generic/generic.js';
import { codeInMessage, codeOf } from '../../../src/parse/generic/keys.js';

describe('codeOf', () => {
  it('takes tokens and whole numbers, not sentences, URIs or the status restated', () => {
    expect(codeOf('card_declined', 402)).toBe('card_declined');
    expect(codeOf('com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', 400)).toBe(
      'ResourceNotFoundException',
    );
    expect(codeOf(50035, 400)).toBe('50035');
    expect(codeOf(400, 400)).toBeUndefined();
    expect(codeOf('400', 400)).toBeUndefined();
    expect(codeOf('Not a code', 400)).toBeUndefined();
    expect(codeOf(1.5, 400)).toBeUndefined();
    expect(codeOf('x'.repeat(101), 400)).toBeUndefined();
  });

  it('finds a code a message is made of or starts with', () => {
    expect(codeInMessage('EMAIL_EXISTS')).toEqual({ code: 'EMAIL_EXISTS', rest: 'EMAIL_EXISTS' });
    expect(codeInMessage('INVALID_ARGUMENT : name is wrong')).toEqual({
      code: 'INVALID_ARGUMENT',
      rest: 'name is wrong',
    });
    expect(codeInMessage('Not found')).toBeUndefined();
    expect(codeInMessage('OK')).toBeUndefined();
  });
});

describe('pathOf', () => {
  it('reads pointers, dotted and bracketed paths, and location lists', () => {
    expect(pathOf('/data/attributes/email')).toEqual(['data', 'attributes', 'email']);
    expect(pathOf('#/items/0/sku')).toEqual(['items', 0, 'sku']);
    expect(pathOf('items[0].sku')).toEqual(['items', 0, 'sku']);
    expect(pathOf("a['b'].c")).toEqual(['a', 'b', 'c']);
    expect(pathOf(['body', 'user', 'email'])).toEqual(['user', 'email']);
    expect(pathOf(['query', 'limit'])).toEqual(['limit']);
    expect(pathOf('/a~1b/c~0d')).toEqual(['a/b', 'c~d']);
    expect(pathOf('')).toBeUndefined();
    expect(pathOf(42)).toBeUndefined();
  });
});

describe('genericParts', () => {
  it('an error object under `error` with a string status as code and a RetryInfo delay', () => {
    const parts = genericParts(
      {
        error: {
          code: 429,
          message: 'Quota exceeded',
          status: 'RESOURCE_EXHAUSTED',
          details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '30.5s' }],
        },
      },
      429,
    );
    expect(parts).toMatchObject({
      code: 'RESOURCE_EXHAUSTED',
      message: 'Quota exceeded',
      retryAfter: 30.5,
    });
  });

  it('camel-case members and an id under a custom name', () => {
    expect(
      genericParts(
        {
          errorCode: 'E0000001',
          errorSummary: 'Api validation failed: login',
          errorId: 'oaeXYZ',
          errorCauses: [{ errorSummary: 'login: An object with this field already exists' }],
        },
        400,
      ),
    ).toEqual({
      code: 'E0000001',
      message: 'Api validation failed: login',
      requestId: 'oaeXYZ',
      retryAfter: undefined,
      // The summary ends in the field's path.
      fields: [{ path: ['login'], message: 'Api validation failed: login' }],
    });
  });

  it('a list of errors at the top: the first is the error, each names a field', () => {
    expect(
      genericParts(
        [
          {
            message: 'Required fields are missing: [Name]',
            errorCode: 'REQUIRED_FIELD_MISSING',
            fields: ['Name'],
          },
        ],
        400,
      ),
    ).toMatchObject({
      code: 'REQUIRED_FIELD_MISSING',
      fields: [
        {
          path: ['Name'],
          message: 'Required fields are missing: [Name]',
          code: 'REQUIRED_FIELD_MISSING',
        },
      ],
    });
  });

  it('nested field maps with their own error lists', () => {
    const parts = genericParts(
      {
        code: 50035,
        message: 'Invalid Form Body',
        errors: {
          embeds: {
            0: { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Too long' }] } },
          },
          name: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'Required' }] },
        },
      },
      400,
    );
    expect(parts?.code).toBe('50035');
    expect(parts?.fields).toEqual([
      { path: ['embeds', 0, 'title'], message: 'Too long', code: 'BASE_TYPE_MAX_LENGTH' },
      { path: ['name'], message: 'Required', code: 'BASE_TYPE_REQUIRED' },
    ]);
  });

  it('a reason phrase under `error` is neither code nor message; a sentence is a message', () => {
    expect(genericParts({ error: 'Not Found', status: 404, path: '/x' }, 404)).toMatchObject({
      code: undefined,
      message: undefined,
    });
    expect(genericParts({ ok: false, error: 'channel_not_found' }, 200)).toMatchObject({
      code: 'channel_not_found',
    });
    expect(genericParts({ status: 'error', error: 'bad query: parse error' }, 400)).toMatchObject({
      code: undefined,
      message: 'bad query: parse error',
    });
  });

  it('retry delays in the body, seconds or milliseconds, and ids under meta', () => {
    expect(
      genericParts({ message: 'slow', retry_after: 1.337, meta: { request_id: 'r1' } }, 429),
    ).toMatchObject({
      retryAfter: 1.337,
      requestId: 'r1',
    });
    expect(genericParts({ message: 'slow', retry_after_ms: 1500 }, 429)?.retryAfter).toBe(1.5);
    expect(genericParts({ message: 'slow', retry_after: -5 }, 429)?.retryAfter).toBeUndefined();
  });

  it('nothing to read in a scalar or an empty object', () => {
    expect(genericParts('text', 400)).toBeUndefined();
    expect(genericParts({}, 400)).toEqual({
      code: undefined,
      message: undefined,
      requestId: undefined,
      retryAfter: undefined,
      fields: undefined,
    });
  });
});
