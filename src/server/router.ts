/** HTTP methods a route can answer. */
export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/** Every method a route table may name, in the order `Allow` lists them. */
export const METHODS: readonly Method[] = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
];

/**
 * The `Allow` list of a path whose routes answer `found`: METHODS order, then other methods
 * alphabetically, HEAD with GET, OPTIONS always and last. Undefined when no route matches, or
 * when one of them answers `method` (it declined the request: a 404, not a 405). `found`: upper-case
 * method names (`_ALL` for a route of every method), changed in place.
 * @example allowList(new Set(['GET', 'PUT']), 'POST') // ['GET', 'HEAD', 'PUT', 'OPTIONS']
 */
export function allowList(found: Set<string>, method: string): string[] | undefined {
  if (found.size === 0) return undefined;
  if (found.has('_ALL') || found.has(method) || (method === 'HEAD' && found.has('GET'))) {
    return undefined;
  }
  if (found.has('GET')) found.add('HEAD');
  found.add('OPTIONS');
  const known: string[] = METHODS.filter((m) => found.has(m));
  const others = [...found].filter((m) => !(METHODS as readonly string[]).includes(m)).sort();
  return [...known.slice(0, -1), ...others, 'OPTIONS'];
}

type ParamNames<P extends string> = P extends `${string}:${infer Rest}`
  ? Rest extends `${infer Name}/${infer Tail}`
    ? Name | ParamNames<Tail>
    : Rest
  : P extends `*${infer Rest}` | `${string}/*${infer Rest}`
    ? Rest
    : never;

/**
 * The params of a path pattern.
 * @example PathParams<'/v1/secrets/:name'> // { name: string }
 * @example PathParams<'/v1/files/*path'> // { path: string }
 */
export type PathParams<P extends string> = string extends P
  ? Record<string, string>
  : { [K in ParamNames<P>]: string };

type Segment = { literal: string } | { param: string } | { rest: string };

/**
 * A compiled path pattern: literal segments, `:name` params (each one non-empty segment) and,
 * last, an optional `*name` that takes every remaining segment (at least one non-empty).
 */
export type PathPattern = {
  readonly source: string;
  readonly segments: readonly Segment[];
};

const PARAM = /^[:*]([A-Za-z_][A-Za-z0-9_]*)$/;

/**
 * Compile `/v1/secrets/:name` or `/v1/files/*path`; throws a TypeError at start-up for a
 * malformed pattern.
 * @example compilePath('/v1/secrets/:name')
 */
export function compilePath(source: string): PathPattern {
  if (typeof source !== 'string' || !source.startsWith('/')) {
    throw new TypeError(`errata: route path ${JSON.stringify(source)} must start with '/'.`);
  }
  const names = new Set<string>();
  const parts = source.slice(1).split('/');
  const segments = parts.map((part, i): Segment => {
    if (!part.startsWith(':') && !part.startsWith('*')) return { literal: part };
    const name = PARAM.exec(part)?.[1];
    if (name === undefined || names.has(name)) {
      throw new TypeError(
        `errata: route path ${JSON.stringify(source)}: '${part}' is not a valid, unique parameter name.`,
      );
    }
    names.add(name);
    if (part.startsWith(':')) return { param: name };
    if (i !== parts.length - 1) {
      throw new TypeError(
        `errata: route path ${JSON.stringify(source)}: '${part}' takes the rest of the path, so it must be the last segment.`,
      );
    }
    return { rest: name };
  });
  return { source, segments };
}

/**
 * The message of the 400 `invalid_request` every adapter answers when a route matches a path but
 * one of its params is not valid percent-encoding (`/v1/secrets/%zz`). A path no route matches
 * is a 404 whatever its encoding.
 */
export const BAD_ENCODING_MESSAGE = 'The request path holds an invalid percent-encoding.';

/** Whether one raw path segment fails to percent-decode (`%zz`, `%E0%A4`, a lone `%`). */
function badSegment(segment: string): boolean {
  if (!segment.includes('%')) return false;
  try {
    decodeURIComponent(segment);
    return false;
  } catch {
    return true;
  }
}

/**
 * Whether a raw request path (still percent-encoded, no query) holds a segment that does not
 * percent-decode.
 * @example hasBadEncoding('/v1/secrets/%zz') // true
 */
export function hasBadEncoding(path: string): boolean {
  return path.includes('%') && path.split('/').some(badSegment);
}

/**
 * The path with the `%` of every badly encoded segment escaped (`%zz` → `%25zz`), so a router
 * that refuses bad encodings can still tell whether a route matches it: such a segment can only
 * fill a param (a literal segment never matches it).
 * @example escapeBadEncoding('/v1/secrets/%zz') // '/v1/secrets/%25zz'
 */
export function escapeBadEncoding(path: string): string {
  return path
    .split('/')
    .map((segment) => (badSegment(segment) ? segment.replaceAll('%', '%25') : segment))
    .join('/');
}

/** Outcome of matching a path: params, `undefined` for no match, or `'bad-encoding'`. */
export type MatchResult = Record<string, string> | undefined | 'bad-encoding';

/**
 * Match raw path segments (still percent-encoded) against a pattern. Literal segments compare
 * raw; params are percent-decoded.
 */
export function matchPath(pattern: PathPattern, parts: readonly string[]): MatchResult {
  const segments = pattern.segments;
  const count = segments.length;
  const last = segments[count - 1];
  const rest = last !== undefined && 'rest' in last;
  if (rest ? parts.length < count : parts.length !== count) return undefined;
  // Literals first: most routes a request is tried against fail on one, and then nothing is
  // allocated or decoded for them.
  for (let i = 0; i < count; i++) {
    const segment = segments[i] as Segment;
    if ('literal' in segment && segment.literal !== parts[i]) return undefined;
  }
  const params: Record<string, string> = Object.create(null);
  for (let i = 0; i < count; i++) {
    const segment = segments[i] as Segment;
    if ('literal' in segment) continue;
    if ('rest' in segment) return restParam(params, segment.rest, parts.slice(i));
    const part = parts[i] as string;
    if (part === '') return undefined;
    const value = decoded(part);
    if (value === undefined) return 'bad-encoding';
    params[segment.param] = value;
  }
  return params;
}

/** A path segment percent-decoded, or undefined when its encoding is bad. */
function decoded(part: string): string | undefined {
  // Without a `%` there is nothing to decode: decodeURIComponent would return the same string.
  if (part.indexOf('%') === -1) return part;
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

/** `*name`: the remaining segments, each decoded, joined by '/'; empty segments do not match. */
function restParam(
  params: Record<string, string>,
  name: string,
  parts: readonly string[],
): MatchResult {
  const values: string[] = [];
  for (const part of parts) {
    if (part === '') return undefined;
    const value = decoded(part);
    if (value === undefined) return 'bad-encoding';
    values.push(value);
  }
  params[name] = values.join('/');
  return params;
}

/** The path and query of a request target (origin-form, or absolute-form from a proxy). */
export function splitTarget(url: string | undefined): { path: string; search: string } | undefined {
  const raw = url ?? '/';
  // A fragment never belongs to the request (RFC 9112 §3.2): Express, Fastify and Hono drop it, so
  // node:http must too, or `/v1/secrets/db#x` would name another secret there than elsewhere.
  const hash = raw.indexOf('#');
  const target = hash === -1 ? raw : raw.slice(0, hash);
  if (target.startsWith('/')) {
    const q = target.indexOf('?');
    const path = q === -1 ? target : target.slice(0, q);
    return { path, search: q === -1 ? '' : target.slice(q + 1) };
  }
  if (/^https?:\/\//i.test(target)) {
    try {
      const parsed = new URL(target);
      return { path: parsed.pathname, search: parsed.search.slice(1) };
    } catch {
      return undefined;
    }
  }
  return undefined;
}
