import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_KEY_LENGTH, readIdempotencyKey } from '../../src/idempotency/key.js';

const key = (value: string | readonly string[] | undefined) => readIdempotencyKey(value);

describe('readIdempotencyKey', () => {
  it('reads a bare token and a Structured Field string, with OWS around either', () => {
    expect(key('8e03978e-40d5-43e8-bc93-6894a57f9324')).toEqual({
      kind: 'key',
      key: '8e03978e-40d5-43e8-bc93-6894a57f9324',
    });
    expect(key('"8e03978e-40d5"')).toEqual({ kind: 'key', key: '8e03978e-40d5' });
    expect(key(' \t"a b"\t ')).toEqual({ kind: 'key', key: 'a b' });
    expect(key('"say \\"hi\\" \\\\ there"')).toEqual({ kind: 'key', key: 'say "hi" \\ there' });
    expect(key(['only-one'])).toEqual({ kind: 'key', key: 'only-one' });
  });

  it('is absent without a header, and malformed when sent twice', () => {
    expect(key(undefined)).toEqual({ kind: 'absent' });
    expect(key([])).toEqual({ kind: 'absent' });
    expect(key(['a', 'b'])).toMatchObject({ kind: 'malformed', reason: /more than once/ });
  });

  it('accepts exactly 255 characters, refuses 256 (bare and quoted)', () => {
    const long = 'k'.repeat(MAX_KEY_LENGTH);
    expect(key(long)).toEqual({ kind: 'key', key: long });
    expect(key(`"${long}"`)).toEqual({ kind: 'key', key: long });
    expect(key(`${long}k`)).toMatchObject({ kind: 'malformed', reason: /longer than 255/ });
    expect(key(`"${long}k"`)).toMatchObject({ kind: 'malformed', reason: /longer than 255/ });
    // Escapes shrink a quoted key: 255 escaped quotes are 512 characters on the wire, 255 in the key.
    expect(key(`"${'\\"'.repeat(MAX_KEY_LENGTH)}"`)).toEqual({
      kind: 'key',
      key: '"'.repeat(MAX_KEY_LENGTH),
    });
    expect(key('x'.repeat(10_000))).toMatchObject({ kind: 'malformed' });
  });

  it.each([
    ['empty', ''],
    ['only spaces', '   '],
    ['an empty quoted string', '""'],
    ['CR-LF inside', 'abc\r\nSet-Cookie: x=1'],
    ['a NUL', 'abc\u0000def'],
    ['non-ASCII', 'clé-été'],
    ['an emoji', 'key-🔑'],
    ['a space inside a bare token', 'two words'],
    ['a comma (a list)', 'a,b'],
    ['a semicolon (parameters)', 'a;p=1'],
    ['a backslash outside quotes', 'a\\b'],
    ['an unclosed quote', '"abc'],
    ['text after the closing quote', '"abc"def'],
    ['a bad escape', '"a\\nb"'],
    ['a control character in quotes', '"a\tb"'],
    ['non-ASCII in quotes', '"clé"'],
  ])('refuses %s, never quoting the key in its reason', (_name, value) => {
    const reading = key(value);
    expect(reading.kind).toBe('malformed');
    if (reading.kind === 'malformed' && value.trim().length > 2) {
      expect(reading.reason).not.toContain(value.trim());
    }
  });

  it('never throws, and a key it accepts is printable ASCII of 1 to 255 characters', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 600 }), fc.string({ unit: 'grapheme', maxLength: 40 })),
        (value) => {
          const reading = key(value);
          if (reading.kind === 'key') {
            expect(reading.key.length).toBeGreaterThan(0);
            expect(reading.key.length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
            expect(reading.key).toMatch(/^[\x20-\x7e]+$/);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
