import { describe, expect, it } from 'vitest';
import { boundedData, DETAILS_LIMITS, RAW_LIMITS } from '../../src/parse/plain-data.js';

const depthOf = (v: unknown): number =>
  typeof v === 'object' && v !== null ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0;

describe('boundedData', () => {
  it('returns the same value when it is within the limits', () => {
    const value = { a: [1, 'two', null, true, { b: 'c' }], d: { e: {} } };
    expect(boundedData(value, DETAILS_LIMITS)).toBe(value);
    expect(boundedData('short', DETAILS_LIMITS)).toBe('short');
    expect(boundedData(42, DETAILS_LIMITS)).toBe(42);
    expect(boundedData(undefined, DETAILS_LIMITS)).toBeUndefined();
  });

  it('keeps at most `keys` members per object and items per list', () => {
    const wide: Record<string, number> = {};
    for (let i = 0; i < 50_000; i++) wide[`k${i}`] = i;
    const out = boundedData(
      { wide, list: Array.from({ length: 5000 }, (_, i) => i) },
      DETAILS_LIMITS,
    );
    const o = out as { wide: Record<string, number>; list: number[] };
    expect(Object.keys(o.wide)).toHaveLength(100);
    expect(o.wide.k0).toBe(0);
    expect(o.list.length).toBeLessThanOrEqual(100);
  });

  it('clips strings and member names, and drops what is nested too deep', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 40; i++) deep = { n: deep, s: 's' };
    const out = boundedData(
      { long: 'x'.repeat(10_000), ['k'.repeat(5000)]: 1, deep },
      DETAILS_LIMITS,
    );
    const o = out as Record<string, unknown>;
    expect((o.long as string).length).toBe(1000);
    expect((o.long as string).endsWith('…')).toBe(true);
    expect(Object.keys(o).every((k) => k.length <= 1000)).toBe(true);
    expect(depthOf(out)).toBeLessThanOrEqual(DETAILS_LIMITS.depth);
  });

  it('stays within the size as JSON, escapes counted', () => {
    const list = Array.from({ length: 90 }, () => '\u0000'.repeat(900));
    for (const limits of [DETAILS_LIMITS, RAW_LIMITS]) {
      const out = boundedData({ list, more: { list } }, limits);
      expect(JSON.stringify(out).length).toBeLessThanOrEqual(limits.size);
    }
  });

  it('keeps a __proto__ member an own member of a plain object', () => {
    const value = JSON.parse(`{"__proto__":{"polluted":1},"pad":"${'p'.repeat(2000)}"}`);
    const out = boundedData(value, DETAILS_LIMITS) as Record<string, unknown>;
    expect(out).not.toBe(value);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(out.polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps values that are not plain data as they are', () => {
    const date = new Date(0);
    expect(boundedData(date, DETAILS_LIMITS)).toBe(date);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => boundedData(cyclic, DETAILS_LIMITS)).not.toThrow();
  });
});
