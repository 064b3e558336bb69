import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api-error.js';
import { problemFormat } from '../../src/formats/problem.js';
import { parseJson } from './support.js';

const VALIDATION = {
  type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
  title: 'One or more validation errors occurred.',
  status: 400,
  errors: {
    Name: ['The Name field is required.'],
    '$.items[0].qty': [
      'The JSON value could not be converted to System.Int32. Path: $.items[0].qty | LineNumber: 0 | BytePositionInLine: 31.',
    ],
    Email: [
      'The Email field is not a valid e-mail address.',
      'The field Email must be a string with a maximum length of 80.',
    ],
  },
  traceId: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
};

describe('aspnet', () => {
  it('reads ValidationProblemDetails: ModelState keys and JSON paths become paths', () => {
    const e = parseJson(400, VALIDATION, {
      'content-type': 'application/problem+json; charset=utf-8',
    });
    expect(e.format).toBe('aspnet');
    expect(e.status).toBe(400);
    // The RFC-section `type` link is not a code; the status gives it.
    expect(e.code).toBe('invalid_request');
    expect(e.type).toBe('https://tools.ietf.org/html/rfc9110#section-15.5.1');
    expect(e.message).toBe('One or more validation errors occurred.');
    expect(e.requestId).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(e.fields?.map((f) => f.path)).toEqual([
      ['Name'],
      ['items', 0, 'qty'],
      ['Email'],
      ['Email'],
    ]);
    expect(e.fields?.[0]?.message).toBe('The Name field is required.');
  });

  it('reads a plain ProblemDetails (NotFound()) by its traceId, detail as message', () => {
    const e = parseJson(404, {
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.5',
      title: 'Not Found',
      status: 404,
      detail: 'Order 42 was not found.',
      traceId: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00',
    });
    expect(e.format).toBe('aspnet');
    expect(e.code).toBe('not_found');
    expect(e.title).toBe('Not Found');
    expect(e.message).toBe('Order 42 was not found.');
  });

  it('the validation title is enough without traceId, and `$` is the body itself', () => {
    const e = parseJson(400, {
      title: 'One or more validation errors occurred.',
      status: 400,
      errors: { $: ['The input was not valid.'], "$['first name']": ['Required.'] },
    });
    expect(e.format).toBe('aspnet');
    expect(e.fields).toEqual([
      { path: [], message: 'The input was not valid.' },
      { path: ['first name'], message: 'Required.' },
    ]);
  });

  it("errata's own problem bodies stay problem, even with a traceId detail", () => {
    const rendered = problemFormat.render(
      new ApiError({
        status: 422,
        code: 'validation_error',
        message: 'bad',
        details: { traceId: 'abc' },
        fields: [{ path: ['qty'], message: 'must be positive' }],
      }),
      { requestId: 'req_1' },
    );
    const e = parseJson(422, JSON.parse(rendered.body), rendered.headers);
    expect(e.format).toBe('problem');
    expect(e.code).toBe('validation_error');
  });

  it('a problem body without ASP.NET markers stays problem', () => {
    const e = parseJson(409, {
      type: 'https://example.com/probs/out-of-credit',
      title: 'Out of credit',
      status: 409,
    });
    expect(e.format).toBe('problem');
  });
});
