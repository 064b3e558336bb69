import { describe, expect, it } from 'vitest';
import { mergeVary, withVary } from '../../src/vary.js';

describe('mergeVary', () => {
  it('lists each name once, spelled as first seen, in order', () => {
    expect(mergeVary('Origin', 'Accept-Language')).toBe('Origin, Accept-Language');
    expect(mergeVary('Origin, accept-language', 'Accept-Language')).toBe('Origin, accept-language');
    expect(mergeVary(['Origin', 'Accept-Encoding'], ' origin ,, Accept-Language ')).toBe(
      'Origin, Accept-Encoding, Accept-Language',
    );
  });

  it('answers * when any value is *, and undefined when none names anything', () => {
    expect(mergeVary('Origin', '*')).toBe('*');
    expect(mergeVary('*', 'Accept-Language')).toBe('*');
    expect(mergeVary(undefined, null, 42, '', ' , ')).toBeUndefined();
  });
});

describe('withVary', () => {
  it("merges a record's vary (any case) with the response's, and leaves a record without one", () => {
    expect(withVary({ vary: 'Accept-Language' }, 'Origin')).toEqual({
      vary: 'Origin, Accept-Language',
    });
    expect(withVary({ Vary: 'Accept-Language' }, ['Origin'])).toEqual({
      Vary: 'Origin, Accept-Language',
    });
    expect(withVary({ 'content-type': 'a/b' }, 'Origin')).toEqual({ 'content-type': 'a/b' });
    expect(withVary({ vary: 'Accept-Language' }, undefined)).toEqual({ vary: 'Accept-Language' });
  });
});
