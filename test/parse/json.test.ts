import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestingWithin, parseJson } from '../../src/parse/json.js';
import { parseText } from './support.js';

const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('nestingWithin', () => {
  it('counts [ and { together, up to the bound and no further', () => {
    expect(nestingWithin('[{"a":[1]}]', 0, 3)).toBe(true);
    expect(nestingWithin('[{"a":[1]}]', 0, 2)).toBe(false);
    expect(nestingWithin(nested(64), 0, 64)).toBe(true);
    expect(nestingWithin(nested(65), 0, 64)).toBe(false);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(nestingWithin(`["${'['.repeat(100)}"]`, 0, 1)).toBe(true);
    expect(nestingWithin(`["\\"${'{'.repeat(100)}"]`, 0, 1)).toBe(true);
    expect(nestingWithin(`["\\\\"${'['.repeat(3)}`, 0, 2)).toBe(false);
  });

  it('decides on unbalanced text too (JSON.parse rejects it later)', () => {
    expect(nestingWithin('['.repeat(1_000_000), 0, 64)).toBe(false);
    expect(nestingWithin(']]]]][[', 0, 2)).toBe(true);
  });

  it('starts where it is told (after leading blanks)', () => {
    expect(nestingWithin('  [[', 2, 2)).toBe(true);
  });
});

describe('parseJson', () => {
  it(`parses objects and arrays nested up to ${MAX_JSON_DEPTH} levels, and no deeper`, () => {
    expect(parseJson(nested(MAX_JSON_DEPTH))).toBeDefined();
    expect(parseJson(nested(MAX_JSON_DEPTH + 1))).toBeUndefined();
    expect(parseJson(` \n\uFEFF{"a":${nested(10)}}`)).toEqual({ a: [[[[[[[[[[]]]]]]]]]] });
  });

  it('leaves scalars and malformed JSON alone', () => {
    expect(parseJson('"x"')).toBeUndefined();
    expect(parseJson('42')).toBeUndefined();
    expect(parseJson('{"a":')).toBeUndefined();
  });
});

describe('deeply nested bodies (issue 12, defect 7)', () => {
  it('a 1 MiB nested body is read as text: not parsed, its raw cut and serializable', () => {
    const half = 512 * 1024;
    for (const body of [nested(half), `${'{"a":'.repeat(half / 5)}1${'}'.repeat(half / 5)}`]) {
      const e = parseText(400, body, 'application/json');
      expect(e.format).toBe('unknown');
      expect(e.message).toBe('Bad Request');
      // Before the bound, raw was the parsed 500,000-level value: JSON.stringify overflowed the stack.
      expect(typeof e.raw).toBe('string');
      expect((e.raw as string).length).toBeLessThanOrEqual(65_536);
      expect(() => JSON.stringify(e.raw)).not.toThrow();
    }
  });

  it('an errata body with details nested past the bound is not taken apart', () => {
    const deep = `{"error":{"code":"c","message":"m","details":${nested(MAX_JSON_DEPTH)}}}`;
    const shallow = `{"error":{"code":"c","message":"m","details":{"a":${nested(10)}}}}`;
    expect(parseText(400, deep, 'application/json').format).toBe('unknown');
    expect(parseText(400, shallow, 'application/json').format).toBe('envelope');
  });
});
