import { describe, expect, it } from 'vitest';
import { parseBoom } from '../../src/parse/boom.js';
import { parseJson, shapeInput } from './support.js';

describe('boom (hapi, NestJS, Fastify)', () => {
  it("reads hapi's payload with Joi validation keys", () => {
    const e = parseJson(
      400,
      {
        statusCode: 400,
        error: 'Bad Request',
        message: '"email" must be a valid email',
        validation: { source: 'payload', keys: ['email'] },
      },
      { 'x-request-id': 'hapi-1' },
    );
    expect(e.format).toBe('boom');
    expect(e.title).toBe('Bad Request');
    expect(e.message).toBe('"email" must be a valid email');
    expect(e.code).toBe('invalid_request');
    expect(e.fields).toEqual([{ path: ['email'], message: '"email" must be a valid email' }]);
    expect(e.requestId).toBe('hapi-1');
  });

  it("reads NestJS's ValidationPipe list of messages", () => {
    const e = parseJson(400, {
      statusCode: 400,
      message: ['name must be longer than or equal to 3 characters', 'email must be an email'],
      error: 'Bad Request',
    });
    expect(e.format).toBe('boom');
    // The first message is the error's, as the first item of any list is; all stay in details.
    expect(e.message).toBe('name must be longer than or equal to 3 characters');
    expect(e.details).toEqual({
      messages: ['name must be longer than or equal to 3 characters', 'email must be an email'],
    });
  });

  it("reads Fastify's code and ajv validation list", () => {
    const e = parseJson(400, {
      statusCode: 400,
      code: 'FST_ERR_VALIDATION',
      error: 'Bad Request',
      message: 'body/items/0/qty must be >= 1',
      validation: [
        {
          instancePath: '/items/0/qty',
          keyword: 'minimum',
          params: { limit: 1 },
          message: 'must be >= 1',
        },
      ],
    });
    expect(e.code).toBe('FST_ERR_VALIDATION');
    expect(e.fields).toEqual([
      { path: ['items', 0, 'qty'], message: 'must be >= 1', code: 'minimum' },
    ]);
  });

  it('the phrase when message is empty; statusCode is a hint for non-error statuses', () => {
    const body = { statusCode: 429, error: 'Too Many Requests', message: '' };
    const e = parseJson(429, body, { 'retry-after': '30' });
    expect(e.message).toBe('Too Many Requests');
    expect(e.retryAfter).toBe(30);
    // A 200 that names its real status in the body takes the body's status.
    expect(parseJson(200, body).status).toBe(429);
    // …while the shape itself offers the body's status to parsedError.
    expect(parseBoom(shapeInput(200, body))?.status).toBe(429);
  });
});
