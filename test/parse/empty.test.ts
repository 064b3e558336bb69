import { describe, expect, it } from 'vitest';
import { parseErrorBody } from '../../src/parse/index.js';
import { parseText } from './support.js';

describe('empty', () => {
  it('the status phrase and the code of the status', () => {
    const e = parseText(504, '', '', { 'X-Request-ID': 'lb-9' });
    expect(e.format).toBe('empty');
    expect(e.status).toBe(504);
    expect(e.code).toBe('upstream_timeout');
    expect(e.message).toBe('Gateway Timeout');
    expect(e.requestId).toBe('lb-9');
  });

  it('whitespace-only and missing bodies are empty; Headers objects work too', () => {
    expect(parseText(502, ' \r\n\t ', 'text/plain').format).toBe('empty');
    const e = parseErrorBody({
      status: 429,
      headers: new Headers({ 'Retry-After': '7', 'Request-Id': 'req_h' }),
    });
    expect(e.format).toBe('empty');
    expect(e.retryAfter).toBe(7);
    expect(e.requestId).toBe('req_h');
    expect(e.code).toBe('rate_limited');
  });

  it('a non-error status becomes 500; an unsafe request id is ignored', () => {
    const e = parseText(200, '', '', { 'x-request-id': 'bad\r\nSet-Cookie: x=1' });
    expect(e.status).toBe(500);
    expect(e.requestId).toBeUndefined();
  });
});
