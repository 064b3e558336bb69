import { describe, expect, it } from 'vitest';
import { parseSpring } from '../../src/parse/spring.js';
import { parseJson, shapeInput } from './support.js';

describe('spring', () => {
  it('reads the Spring Boot default body: error is the title, path goes to details', () => {
    const e = parseJson(
      404,
      {
        timestamp: '2024-05-01T10:15:30.123+00:00',
        status: 404,
        error: 'Not Found',
        message: 'No static resource api/v1/widgets/9.',
        path: '/api/v1/widgets/9',
      },
      { 'x-request-id': 'sb-1' },
    );
    expect(e.format).toBe('spring');
    expect(e.status).toBe(404);
    expect(e.code).toBe('not_found');
    expect(e.title).toBe('Not Found');
    expect(e.message).toBe('No static resource api/v1/widgets/9.');
    expect(e.details).toEqual({ path: '/api/v1/widgets/9' });
    expect(e.requestId).toBe('sb-1');
  });

  it('falls back to the phrase when the message is hidden or empty', () => {
    for (const message of ['', 'No message available', undefined]) {
      const e = parseJson(500, {
        timestamp: 1714558530123,
        status: 500,
        error: 'Internal Server Error',
        message,
        path: '/x',
      });
      expect(e.format).toBe('spring');
      expect(e.message).toBe('Internal Server Error');
    }
  });

  it('reads binding errors and the WebFlux requestId', () => {
    const e = parseJson(400, {
      timestamp: '2024-05-01T10:15:30.123+00:00',
      path: '/orders',
      status: 400,
      error: 'Bad Request',
      requestId: '6f1c2a9e-12',
      errors: [
        {
          codes: ['Positive.order.items[0].qty', 'Positive'],
          defaultMessage: 'must be greater than 0',
          objectName: 'order',
          field: 'items[0].qty',
          rejectedValue: 0,
          bindingFailure: false,
          code: 'Positive',
        },
        { defaultMessage: 'dates are inconsistent', objectName: 'order', code: 'ValidDates' },
      ],
    });
    expect(e.requestId).toBe('6f1c2a9e-12');
    expect(e.fields).toEqual([
      { path: ['items', 0, 'qty'], message: 'must be greater than 0', code: 'Positive' },
      { path: [], message: 'dates are inconsistent', code: 'ValidDates' },
    ]);
  });

  it('a 200 takes the status the body names', () => {
    const body = { timestamp: 'x', status: 503, error: 'Service Unavailable', path: '/' };
    expect(parseJson(503, body).retryable).toBe(true);
    expect(parseJson(200, body).status).toBe(503);
    expect(parseSpring(shapeInput(200, body))?.status).toBe(503);
  });

  it('is checked before OAuth: a registered-looking phrase stays Spring', () => {
    const e = parseJson(400, {
      timestamp: 'x',
      status: 400,
      error: 'invalid_request',
      path: '/token',
    });
    expect(e.format).toBe('spring');
  });

  it('Spring 6 ProblemDetail stays problem', () => {
    const e = parseText6();
    expect(e.format).toBe('problem');
    expect(e.message).toBe('Widget 9 does not exist');
  });
});

function parseText6() {
  return parseJson(
    404,
    {
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'Widget 9 does not exist',
      instance: '/api/widgets/9',
    },
    { 'content-type': 'application/problem+json' },
  );
}
