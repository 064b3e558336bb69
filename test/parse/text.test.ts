import { describe, expect, it } from 'vitest';
import { parseText } from './support.js';

describe('text', () => {
  it('the first non-empty line, with the request id header', () => {
    const e = parseText(
      503,
      '\n\n  upstream connect error or disconnect/reset before headers. reset reason: overflow\nsecond line',
      'text/plain',
      { 'x-request-id': 'envoy-1', 'retry-after': '10' },
    );
    expect(e.format).toBe('text');
    expect(e.code).toBe('service_unavailable');
    expect(e.message).toBe(
      'upstream connect error or disconnect/reset before headers. reset reason: overflow',
    );
    expect(e.requestId).toBe('envoy-1');
    expect(e.retryAfter).toBe(10);
  });

  it('CRLF, control characters and tabs become spaces', () => {
    const e = parseText(429, 'Too\tMany\u0000Requests\r\n', '');
    expect(e.message).toBe('Too Many Requests');
  });

  it('a JSON string body is its string', () => {
    expect(parseText(404, '"Not Found"', 'application/text').message).toBe('Not Found');
  });

  it('a long line is bounded', () => {
    const e = parseText(500, 'e'.repeat(100_000), 'text/plain');
    expect(e.message.length).toBeLessThanOrEqual(1000);
  });

  it('broken JSON is not shown as text: status phrase only', () => {
    const e = parseText(500, '{"error": {"message": "cut off', 'application/json');
    expect(e.format).toBe('unknown');
    expect(e.message).toBe('Internal Server Error');
    expect(parseText(400, '[1, 2', 'text/plain').format).toBe('unknown');
  });
});
