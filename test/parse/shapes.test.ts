import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api-error.js';
import { FORMAT_NAMES, formats } from '../../src/formats/index.js';
import { parseErrorBody } from '../../src/parse/index.js';
import { JSON_SHAPES, TEXT_SHAPES } from '../../src/parse/shapes.js';
import { shapeInput } from './support.js';

/** Errors chosen to look like other APIs' shapes once rendered (code-like codes, traceId, …). */
const SAMPLES: ApiError[] = [
  new ApiError({ status: 404, code: 'not_found', message: 'No such order' }),
  new ApiError({ status: 400, code: 'invalid_grant', message: 'Refresh token revoked' }),
  new ApiError({
    status: 422,
    code: 'validation_error',
    message: 'Invalid',
    fields: [
      { path: ['name'], message: 'must not be empty' },
      { path: ['items', 0, 'qty'], message: 'must be positive', code: 'too_small' },
    ],
    details: { traceId: 't-1', target: 'x' },
  }),
  new ApiError({ status: 429, code: 'rate_limited', message: 'Slow down', retryAfter: 12 }),
  new ApiError({
    status: 401,
    code: 'UNAUTHENTICATED',
    message: 'Log in',
    details: { path: '/x' },
  }),
];

describe("errata's own formats still parse as themselves", () => {
  for (const name of FORMAT_NAMES) {
    for (const sample of SAMPLES) {
      it(`${name}: ${sample.status} ${sample.code}`, () => {
        const r = formats[name].render(sample, { requestId: 'req_1' });
        const e = parseErrorBody({ status: r.status, headers: r.headers, body: r.body });
        // Laravel without violations is `{ message }`: indistinguishable from the message format.
        const plainLaravel = name === 'laravel' && sample.fields === undefined;
        expect(e.format).toBe(plainLaravel ? 'message' : name);
        expect(e.status).toBe(sample.status);
        expect(e.requestId).toBe('req_1');
        // `message` and `laravel` carry no code: the status gives it.
        if (name !== 'message' && name !== 'laravel' && name !== 'google')
          expect(e.code).toBe(sample.code);
      });
    }
  }
});

describe('shape lists', () => {
  it('every parser returns undefined for an empty object, an empty list and no JSON', () => {
    const inputs = [{}, [], undefined].map((json) => shapeInput(400, json));
    for (const parse of JSON_SHAPES)
      for (const input of inputs) expect(parse(input)).toBeUndefined();
    expect(TEXT_SHAPES.length).toBeGreaterThanOrEqual(4);
  });
});
