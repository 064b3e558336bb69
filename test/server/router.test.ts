import { describe, expect, expectTypeOf, it } from 'vitest';
import { baseCatalog } from '../../src/catalog.js';
import {
  compilePath,
  escapeBadEncoding,
  hasBadEncoding,
  matchPath,
  type PathParams,
  splitTarget,
} from '../../src/server/router.js';
import { isRepresentationHeader } from '../../src/server/settings.js';
import { statusLikeError } from '../../src/server/status-error.js';

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

  it('matches a trailing *name against the rest of the path, each segment decoded', () => {
    const pattern = compilePath('/v1/secrets/*path');
    expect(matchPath(pattern, parts('/v1/secrets/environments/production/missing'))).toEqual({
      path: 'environments/production/missing',
    });
    expect(matchPath(pattern, parts('/v1/secrets/db'))).toEqual({ path: 'db' });
    expect(matchPath(pattern, parts('/v1/secrets/a%20b/c%2Fd'))).toEqual({ path: 'a b/c/d' });
    expect(matchPath(pattern, parts('/v1/secrets'))).toBeUndefined();
    expect(matchPath(pattern, parts('/v1/secrets/'))).toBeUndefined();
    expect(matchPath(pattern, parts('/v1/secrets/a//b'))).toBeUndefined();
    expect(matchPath(pattern, parts('/v1/secrets/a/%zz'))).toBe('bad-encoding');
    expect(matchPath(compilePath('/a/:x/*rest'), parts('/a/1/2/3'))).toEqual({
      x: '1',
      rest: '2/3',
    });
    expectTypeOf<PathParams<'/v1/secrets/*path'>>().toEqualTypeOf<{ path: string }>();
    expectTypeOf<PathParams<'/a/:x/*rest'>>().toEqualTypeOf<{ x: string; rest: string }>();
  });

  it('drops a fragment from the request target, as the other adapters do', () => {
    expect(splitTarget('/v1/secrets/db#frag')).toEqual({ path: '/v1/secrets/db', search: '' });
    expect(splitTarget('/v1/secrets/db?x=1#frag')).toEqual({
      path: '/v1/secrets/db',
      search: 'x=1',
    });
    expect(splitTarget('/a#b?c')).toEqual({ path: '/a', search: '' });
  });

  it('refuses a *name that is not the last segment', () => {
    expect(() => compilePath('/v1/*path/x')).toThrow(/must be the last segment/);
    expect(() => compilePath('/v1/*')).toThrow(/not a valid, unique parameter name/);
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

describe('shared error rules', () => {
  it('tells bad percent-encodings apart and escapes them for a router', () => {
    expect(hasBadEncoding('/v1/secrets/%zz')).toBe(true);
    expect(hasBadEncoding('/v1/secrets/%E0%A4%A')).toBe(true);
    expect(hasBadEncoding('/v1/secrets/a%20b')).toBe(false);
    expect(escapeBadEncoding('/v1/%20/%zz')).toBe('/v1/%20/%25zz');
  });

  it('lists the headers an error drops: content-* and representation ones, never the request id', () => {
    for (const name of ['ETag', 'content-type', 'Content-Digest', 'location', 'expires']) {
      expect(isRepresentationHeader(name, 'x-request-id'), name).toBe(true);
    }
    for (const name of ['access-control-allow-origin', 'set-cookie', 'vary', 'x-request-id']) {
      expect(isRepresentationHeader(name, 'x-request-id'), name).toBe(false);
    }
    expect(isRepresentationHeader('content-id', 'content-id')).toBe(false);
  });

  it('maps status-like Errors of 4xx only (statusLikeError)', () => {
    const error = (props: object) => Object.assign(new Error('secret'), props);
    expect(statusLikeError(error({ statusCode: 404 }), baseCatalog)?.code).toBe('not_found');
    const exposed = statusLikeError(error({ status: 409, expose: true }), baseCatalog);
    expect([exposed?.status, exposed?.message]).toEqual([409, 'secret']);
    expect(statusLikeError(error({ status: 400 }), baseCatalog)?.message).not.toBe('secret');
    expect(statusLikeError(error({ statusCode: 503 }), baseCatalog)).toBeUndefined();
    expect(statusLikeError(error({ statusCode: 400.5 }), baseCatalog)).toBeUndefined();
    expect(statusLikeError({ statusCode: 400 }, baseCatalog)).toBeUndefined();
    expect(statusLikeError(null, baseCatalog)).toBeUndefined();
    const hostile = new Proxy(
      {},
      {
        getPrototypeOf: () => {
          throw new Error('x');
        },
      },
    );
    expect(statusLikeError(hostile, baseCatalog)).toBeUndefined();
  });
});
