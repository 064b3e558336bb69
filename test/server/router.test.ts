import { describe, expect, expectTypeOf, it } from 'vitest';
import { compilePath, matchPath, type PathParams, splitTarget } from '../../src/server/router.js';

const parts = (path: string) => path.slice(1).split('/');

describe('compilePath / matchPath', () => {
  it('matches literals raw and decodes params', () => {
    const pattern = compilePath('/v1/secrets/:name');
    expect(matchPath(pattern, parts('/v1/secrets/db%2Fprod'))).toEqual({ name: 'db/prod' });
    expect(matchPath(pattern, parts('/v1/secrets/'))).toBeUndefined();
    expect(matchPath(pattern, parts('/v1/secrets'))).toBeUndefined();
    expect(matchPath(pattern, parts('/v1/secrets/a/b'))).toBeUndefined();
    expect(matchPath(pattern, parts('/v1/secret%73/a'))).toBeUndefined();
    expect(matchPath(pattern, parts('/v1/secrets/%zz'))).toBe('bad-encoding');
  });

  it('matches several params and the root path', () => {
    expect(matchPath(compilePath('/a/:x/b/:y'), parts('/a/1/b/2'))).toEqual({ x: '1', y: '2' });
    expect(matchPath(compilePath('/'), parts('/'))).toEqual({});
    expect(matchPath(compilePath('/'), parts('/x'))).toBeUndefined();
  });

  it('refuses malformed patterns', () => {
    expect(() => compilePath('v1')).toThrow(TypeError);
    expect(() => compilePath('/a/:')).toThrow(TypeError);
    expect(() => compilePath('/a/:1x')).toThrow(TypeError);
    expect(() => compilePath('/a/:x/:x')).toThrow(TypeError);
  });

  it('types params from the pattern', () => {
    expectTypeOf<PathParams<'/v1/secrets/:name'>>().toEqualTypeOf<{ name: string }>();
    expectTypeOf<PathParams<'/a/:x/b/:y'>>().toEqualTypeOf<{ x: string; y: string }>();
    expectTypeOf<PathParams<'/healthz'>>().toEqualTypeOf<Record<never, never>>();
  });
});

describe('splitTarget', () => {
  it('splits origin-form and absolute-form targets', () => {
    expect(splitTarget('/a/b?x=1&y=2')).toEqual({ path: '/a/b', search: 'x=1&y=2' });
    expect(splitTarget('/a')).toEqual({ path: '/a', search: '' });
    expect(splitTarget('http://host:8080/p?q')).toEqual({ path: '/p', search: 'q' });
    expect(splitTarget(undefined)).toEqual({ path: '/', search: '' });
  });

  it('refuses other forms', () => {
    expect(splitTarget('*')).toBeUndefined();
    expect(splitTarget('host:443')).toBeUndefined();
  });
});
