import { describe, expect, it } from 'vitest';
import { parseErrorString } from '../../src/parse/error-string.js';
import { parseJson, shapeInput } from './support.js';

describe('error (generic { error: "…" })', () => {
  it('a sentence is the message; the code comes from the status', () => {
    const e = parseJson(500, { error: 'Something went wrong while saving the invoice' });
    expect(e.format).toBe('error');
    expect(e.code).toBe('internal_error');
    expect(e.message).toBe('Something went wrong while saving the invoice');
  });

  it('a code-like string is the code; message from `message`', () => {
    const e = parseJson(
      409,
      { error: 'duplicate_slug', message: 'Slug "intro" is taken' },
      { 'request-id': 'rq-9' },
    );
    expect(e.code).toBe('duplicate_slug');
    expect(e.message).toBe('Slug "intro" is taken');
    expect(e.requestId).toBe('rq-9');
  });

  it("Rails' { status, error } and upper-case codes", () => {
    const rails = parseJson(404, { status: 404, error: 'Not Found' });
    expect(rails.format).toBe('error');
    expect(rails.message).toBe('Not Found');
    expect(parseJson(200, { status: 404, error: 'Not Found' }).status).toBe(404);
    expect(parseJson(200, { error: 'Not Found' }).status).toBe(500);
    expect(parseErrorString(shapeInput(200, { status: 404, error: 'Not Found' }))?.status).toBe(
      404,
    );
    expect(parseJson(403, { error: 'FORBIDDEN' }).code).toBe('FORBIDDEN');
    expect(parseJson(403, { error: 'Forbidden' }).code).toBe('forbidden');
  });

  it('empty or non-string `error` is not this shape', () => {
    expect(parseJson(400, { error: '  ' }).format).toBe('unknown');
    expect(parseJson(400, { error: 42 }).format).toBe('unknown');
  });
});
