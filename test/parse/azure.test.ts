import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api-error.js';
import { envelopeFormat } from '../../src/formats/envelope.js';
import { formats } from '../../src/index.js';
import { parseJson } from './support.js';

describe('azure (Microsoft REST / OData errors)', () => {
  it('reads Microsoft Graph with innererror request id and date', () => {
    const e = parseJson(404, {
      error: {
        code: 'Request_ResourceNotFound',
        message:
          "Resource 'a1b2' does not exist or one of its queried reference-property objects are not present.",
        innerError: {
          date: '2024-05-01T10:15:30',
          'request-id': '9f0d2c1e-4a5b',
          'client-request-id': '9f0d2c1e-4a5b',
        },
      },
    });
    expect(e.format).toBe('azure');
    expect(e.code).toBe('Request_ResourceNotFound');
    expect(e.requestId).toBe('9f0d2c1e-4a5b');
    expect(e.details).toEqual({
      innererror: {
        date: '2024-05-01T10:15:30',
        'request-id': '9f0d2c1e-4a5b',
        'client-request-id': '9f0d2c1e-4a5b',
      },
    });
  });

  it('reads Azure Resource Manager details: each target becomes a violation', () => {
    const e = parseJson(
      400,
      {
        error: {
          code: 'InvalidTemplateDeployment',
          message: 'The template deployment failed.',
          details: [
            {
              code: 'InvalidParameter',
              message: 'Value must be 3-24 characters.',
              target: 'properties.storageAccountName',
            },
            { code: 'QuotaExceeded', message: 'Core quota exceeded.' },
          ],
        },
      },
      { 'x-ms-request-id': 'arm-77' },
    );
    expect(e.format).toBe('azure');
    expect(e.requestId).toBe('arm-77');
    expect(e.fields).toEqual([
      {
        path: ['properties', 'storageAccountName'],
        message: 'Value must be 3-24 characters.',
        code: 'InvalidParameter',
      },
    ]);
    expect(e.details).toEqual({
      details: [
        {
          code: 'InvalidParameter',
          message: 'Value must be 3-24 characters.',
          target: 'properties.storageAccountName',
        },
        { code: 'QuotaExceeded', message: 'Core quota exceeded.' },
      ],
    });
  });

  it('a top-level target alone is one violation', () => {
    const e = parseJson(400, {
      error: { code: 'BadArgument', message: 'Invalid top value.', target: '$top' },
    });
    expect(e.fields).toEqual([
      { path: ['$top'], message: 'Invalid top value.', code: 'BadArgument' },
    ]);
  });

  it("errata's envelope bodies stay envelope", () => {
    const plain = parseJson(404, { error: { code: 'secret_not_found', message: 'No secret' } });
    expect(plain.format).toBe('envelope');
    const rendered = envelopeFormat.render(
      new ApiError({
        status: 422,
        code: 'validation_error',
        fields: [{ path: ['a'], message: 'm' }],
      }),
      { requestId: 'req_1' },
    );
    const e = parseJson(422, JSON.parse(rendered.body));
    expect(e.format).toBe('envelope');
    expect(e.fields).toEqual([{ path: ['a'], message: 'm' }]);
  });

  it.each([
    ['a list of strings', ['quota', 'region']],
    ['a list of numbers', [1, 2, 3]],
    ['a list of objects', [{ reason: 'quota' }, { reason: 'region', limit: 5 }]],
    ['an empty list', []],
    ['a string', 'try again later'],
    ['a number', 42],
  ])('envelope-rendered details as %s parse back as envelope', (_, details) => {
    for (const requestId of [undefined, 'req_42']) {
      const error = new ApiError({
        status: 409,
        code: 'conflict_detected',
        message: 'Conflict',
        details,
        ...(requestId === undefined ? {} : { requestId }),
      });
      const rendered = formats.envelope.render(error, {});
      const e = parseJson(rendered.status, JSON.parse(rendered.body));
      expect(e.format).toBe('envelope');
      expect(e.code).toBe('conflict_detected');
      expect(e.message).toBe('Conflict');
      expect(e.details).toEqual(details);
      expect(e.requestId).toBe(requestId);
    }
  });

  it('a details list of { code, message } objects is Microsoft evidence', () => {
    const e = parseJson(400, {
      error: {
        code: 'BadRequest',
        message: 'Invalid request.',
        details: [{ code: 'InvalidValue', message: 'Bad value.' }],
      },
    });
    expect(e.format).toBe('azure');
    // A list with any other item is not.
    const mixed = parseJson(400, {
      error: {
        code: 'BadRequest',
        message: 'Invalid request.',
        details: [{ code: 'InvalidValue', message: 'Bad value.' }, 'other'],
      },
    });
    expect(mixed.format).toBe('envelope');
  });
});
