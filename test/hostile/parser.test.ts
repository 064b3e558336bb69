/**
 * Hostile property suite for parseErrorBody (issue 12). test/parse/property.test.ts covers random
 * JSON and shape-like objects of small size; this file aims at the bounds themselves: nesting
 * just under and over MAX_JSON_DEPTH, huge values in every member a shape reads, prototype keys
 * at every depth, lone surrogates / NUL / CR-LF / BOM, huge or nested markup, numbers at the
 * edges, every format passed as `options.format`, `truncated`. Time per MiB is measured by
 * `npm run bench:parse-hostile`, not asserted here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api-error.js';
import { FORMAT_NAMES, formats } from '../../src/formats/index.js';
import type { Format } from '../../src/formats/types.js';
import {
  MAX_CODE,
  MAX_PATH,
  MAX_RAW_TEXT,
  MAX_SEGMENT,
  MAX_TITLE,
  MAX_URI,
} from '../../src/parse/bounds.js';
import { safeId } from '../../src/parse/headers.js';
import { type ParseOptions, parseErrorBody } from '../../src/parse/index.js';
import { MAX_JSON_DEPTH } from '../../src/parse/json.js';
import { type DataLimits, DETAILS_LIMITS, RAW_LIMITS } from '../../src/parse/plain-data.js';
import { MAX_FIELDS, MAX_MESSAGE } from '../../src/parse/util.js';
import { isErrorStatus } from '../../src/status.js';
import { acme } from '../cli/fixtures/wire/acme-format.js';

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** One body of every shape the parser knows, with every member it reads. */
const BASES: Record<string, unknown> = {
  problem: {
    type: 'https://e.com/probs/x',
    title: 'T',
    status: 400,
    detail: 'd',
    instance: '/i',
    code: 'c',
    request_id: 'r',
    errors: [{ pointer: '/a', detail: 'x', code: 'c' }],
    retry_after: 1,
  },
  aspnet: {
    type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
    title: 'One or more validation errors occurred.',
    status: 400,
    errors: { Name: ['required'], 'Items[0].Id': ['bad'] },
    traceId: '00-abc-def-00',
  },
  envelope: {
    error: {
      code: 'c',
      message: 'm',
      details: { a: 1 },
      request_id: 'r',
      fields: [{ path: ['a', 0], message: 'x', code: 'c' }],
      retry_after: 1,
      doc_url: 'https://d',
    },
  },
  success: {
    success: false,
    error: { code: 'c', message: 'm', details: { a: 1 } },
    meta: { requestId: 'r', timestamp: 't' },
  },
  google: {
    error: {
      code: 400,
      message: 'm',
      status: 'INVALID_ARGUMENT',
      details: [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'R',
          domain: 'd',
          metadata: { k: 'v' },
        },
        {
          '@type': 'type.googleapis.com/google.rpc.BadRequest',
          fieldViolations: [{ field: 'a.b', description: 'x' }],
        },
        { '@type': 'type.googleapis.com/google.rpc.RequestInfo', requestId: 'r' },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '3s' },
        { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ url: 'https://h' }] },
      ],
    },
  },
  jsonapi: {
    errors: [
      {
        status: '422',
        code: 'c',
        title: 't',
        detail: 'd',
        source: { pointer: '/data/attributes/a', parameter: 'p' },
        meta: { k: 1 },
      },
    ],
    meta: { request_id: 'r' },
  },
  stripe: {
    error: {
      type: 'invalid_request_error',
      code: 'c',
      message: 'm',
      param: 'a[b]',
      doc_url: 'https://d',
      request_log_url: 'https://l',
    },
  },
  laravel: { message: 'm', errors: { 'a.b': ['x'], c: ['y', 'z'] } },
  message: { message: 'm', code: 'c' },
  jsonrpc: { jsonrpc: '2.0', id: 1, error: { code: -32602, message: 'm', data: { k: 1 } } },
  azure: {
    error: {
      code: 'c',
      message: 'm',
      target: 't',
      details: [{ code: 'c', message: 'm', target: 't' }],
      innererror: { code: 'c', innererror: { code: 'd' } },
    },
  },
  github: {
    message: 'm',
    documentation_url: 'https://d',
    errors: [{ resource: 'R', field: 'f', code: 'missing_field' }],
  },
  graphql: {
    errors: [
      {
        message: 'm',
        path: ['a', 0],
        locations: [{ line: 1, column: 2 }],
        extensions: { code: 'C' },
      },
    ],
    data: null,
  },
  rails: { errors: { name: ["can't be blank"] } },
  spring: { timestamp: 't', status: 400, error: 'Bad Request', message: 'm', path: '/p' },
  boom: {
    statusCode: 400,
    error: 'Bad Request',
    message: 'm',
    validation: { source: 'payload', keys: ['a'] },
  },
  oauth2: { error: 'invalid_grant', error_description: 'd', error_uri: 'https://u' },
  awsJson: { __type: 'com.amazon#ValidationException', message: 'm' },
  awsQuery: { Code: 'c', Message: 'm', RequestId: 'r' },
  fastapi: { detail: [{ loc: ['body', 'a'], msg: 'm', type: 't', ctx: { limit: 1 } }] },
  errorString: { error: 'something broke' },
  drf: { non_field_errors: ['x'], name: ['y'] },
  acme: { fault: { id: 'c', text: 'm', ref: 'r', info: { k: 1 } } },
};

type Path = (string | number)[];

/** Every member path of a value (containers and leaves), so a hostile value can go anywhere. */
function memberPaths(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [];
  const out: Path[] = [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  for (const [k, v] of entries) {
    out.push([...prefix, k], ...memberPaths(v, [...prefix, k]));
  }
  return out;
}

/** Every container path (the root included), where an extra member can be added. */
function containerPaths(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [];
  const out: Path[] = [prefix];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  for (const [k, v] of entries) out.push(...containerPaths(v, [...prefix, k]));
  return out;
}

const SLOTS = Object.entries(BASES).flatMap(([name, base]) =>
  memberPaths(base).map((path) => ({ name, path })),
);
const CONTAINERS = Object.entries(BASES).flatMap(([name, base]) =>
  containerPaths(base).map((path) => ({ name, path })),
);

/** A deep copy of `base` with the member at `path` replaced (or, with `key`, one added there). */
function withValue(base: unknown, path: Path, value: unknown, key?: string): unknown {
  const root: unknown = structuredClone(base);
  let node = root as Record<string | number, unknown>;
  const last = key === undefined ? path.length - 1 : path.length;
  for (let i = 0; i < last; i++) node = node[path[i] as string | number] as typeof node;
  if (key === undefined) node[path[last] as string | number] = value;
  // defineProperty so that `__proto__` becomes a member, as JSON.parse makes it.
  else
    Object.defineProperty(node, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return root;
}

/** Raw JSON text a value stands for (numbers JSON.stringify cannot write: 1e400, -0, huge ints). */
const RAW = '\u0001raw\u0001';
function rawToken(text: string): string {
  return `${RAW}${text}${RAW}`;
}
/** JSON text of a value, RAW tokens written as they are. */
function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    /"\\u0001raw\\u0001(.*?)\\u0001raw\\u0001"/g,
    (_, text: string) => JSON.parse(`"${text}"`) as string,
  );
}

const A_LOT = 10_000;
const NASTY_UNITS = [
  '\uD800',
  '\uDFFF',
  '\u0000',
  '\r\n',
  '\uFEFF',
  '\u2028',
  '"',
  '\\',
  '<',
  'é',
  '😀',
];
const nastyChunk = NASTY_UNITS.join('a');

/** Huge strings: long, full of lone surrogates and control characters, URL-like, markup. */
const HUGE_STRINGS = [
  'a'.repeat(200_000),
  nastyChunk.repeat(A_LOT),
  `https://e.com/${'p/'.repeat(50_000)}`,
  '<b>&amp;</b>'.repeat(A_LOT),
  `${'x'.repeat(MAX_MESSAGE - 1)}\uD83D\uDE00tail`,
  'id-'.repeat(100),
  ' '.repeat(100_000),
];

const NUMBERS = [
  '1e308',
  '-1e308',
  '1e400',
  '-0',
  '0',
  '-1',
  '0.5',
  '4e2',
  '429.0',
  '123456789012345678901234567890',
  '-123456789012345678901234567890',
  '5e-324',
  '"NaN"',
  '"Infinity"',
  '"-1"',
  '"1e308"',
  '"3.5s"',
  '"429"',
  '"  120  "',
];

const manyViolations = Array.from({ length: A_LOT }, (_, i) => ({
  path: ['a', i],
  loc: ['body', `f${i}`],
  field: `f${i}`,
  pointer: `/data/${i}`,
  message: 'm',
  msg: 'm',
  detail: 'd',
  description: 'x',
  code: 'c',
}));
const manyKeys = Object.fromEntries(
  Array.from({ length: A_LOT }, (_, i) => [`k${i}${'_'.repeat(i % 50)}`, [`m${i}`]]),
);

/** Values to put in a member: huge strings, 10k lists and maps, long paths, edge numbers. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HUGE_STRINGS),
  fc.constantFrom(...NUMBERS).map(rawToken),
  fc.constantFrom(
    manyViolations,
    manyKeys,
    Array.from({ length: A_LOT }, (_, i) => `e${i}`),
    Array.from({ length: A_LOT }, (_, i) => (i % 2 === 0 ? `s${i}` : i)),
    [HUGE_STRINGS[0], HUGE_STRINGS[1]],
    { [HUGE_STRINGS[0] as string]: HUGE_STRINGS[1] },
    JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}'),
    JSON.parse('[{"__proto__": ["polluted"], "prototype": {"polluted": 1}}]'),
    nested(40),
    null,
    true,
    [],
    {},
  ),
  fc.string({ unit: fc.constantFrom(...NASTY_UNITS, 'a', '.', '[', ']', '0'), maxLength: 40 }),
);

/** Arrays and objects nested `depth` deep: one member per level, so the JSON stays small. */
function nested(depth: number): unknown {
  let v: unknown = { message: 'deep', code: 'deep' };
  for (let i = 0; i < depth; i++)
    v = i % 2 === 0 ? [v] : i % 4 === 1 ? { errors: v } : { details: v };
  return v;
}

const EDGE_STATUSES = [
  400,
  404,
  422,
  429,
  499,
  500,
  503,
  599,
  200,
  204,
  302,
  399,
  600,
  0,
  -0,
  -1,
  1e308,
  -1e308,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  404.5,
  2 ** 53,
  4e2,
];
const status = fc.oneof(fc.constantFrom(...EDGE_STATUSES), fc.integer({ min: 100, max: 699 }));

const HEADER_NAMES = [
  'content-type',
  'x-request-id',
  'request-id',
  'x-amzn-requestid',
  'cf-ray',
  'retry-after',
  'ratelimit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'www-authenticate',
  '__proto__',
  'constructor',
];
const headerValue = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/problem+json; charset=utf-8',
    'text/html',
    'application/xml',
    'text/plain',
    '\uFEFFapplication/json',
    'req\r\nSet-Cookie: a=b',
    'req\u0000id',
    '\uD800\uDC00',
    '\uD800',
    ' r1 ',
    'r'.repeat(201),
    'r'.repeat(100_000),
    '1e308',
    '-0',
    '-1',
    'NaN',
    '9999999999',
    '99999999999',
    '123456789012345678901234567890',
    '9999999999999.5',
    '0.5',
    'Fri, 31 Dec 9999 23:59:59 GMT',
    'Sun, 06 Nov 1994 08:49:37 GMT',
    'limit=10, remaining=0, reset=1e308',
    't=9999999999;r=0, t=1;r=1',
    '0',
    'Bearer error="invalid_token", error_description="x\r\ny"',
    `Bearer error="${'e'.repeat(100_000)}"`,
  ),
  fc.string({ unit: fc.constantFrom(...NASTY_UNITS, 'a', '1', ' ', '=', ','), maxLength: 30 }),
  fc.array(fc.constantFrom('1', 'r1', '\r\n', '', 'application/json'), { maxLength: 3 }),
);
const headers = fc.dictionary(fc.constantFrom(...HEADER_NAMES), headerValue, { maxKeys: 5 });

/** A team's own format that takes everything it finds, unbounded: bounded() must still cut it. */
const greedy: Format = {
  ...acme,
  name: 'greedy',
  parse: (input) =>
    new ApiError({
      status: input.status,
      code: input.text,
      message: input.text,
      title: input.text,
      details: input.json ?? input.text,
      raw: input.json ?? input.text,
      requestId: input.text,
      retryAfter: -Number(input.text.length),
      type: input.text,
      docUrl: input.text,
      fields: Array.from({ length: 1000 }, () => ({
        path: [input.text, ...Array.from({ length: 100 }, (_, i) => i)],
        message: input.text,
        code: input.text,
      })),
    }),
};
const throwing: Format = {
  ...acme,
  name: 'throwing',
  parse: () => {
    throw new Error('custom parse bug');
  },
};

const formatOption = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(...FORMAT_NAMES),
  fc.constantFrom<Format>(
    formats.problem.with({ type: 'code' }),
    formats.envelope.with({ members: { request_id: 'requestId' }, retryAfter: 'retry_after' }),
    formats.message.with({ members: { message: 'error' } }),
    formats.laravel.with({ members: { errors: 'violations' } }),
    formats.google.with({ members: { RequestInfo: false } }),
    acme,
    greedy,
    throwing,
  ),
);

const options: fc.Arbitrary<ParseOptions> = fc.record(
  {
    format: formatOption,
    truncated: fc.boolean(),
    maxLength: fc.constantFrom(0, 1, 100, 65_536, 1_048_576, Number.NaN, -1),
  },
  { requiredKeys: [] },
);

/** Whitespace JSON allows (and a BOM before it), between tokens and around the body. */
const blank = fc.constantFrom('', ' ', '\n', '\r\n\t', '  \n  ');
const lead = fc.constantFrom('', '\uFEFF', ' \r\n', '\uFEFF\n\t');

/** Whether a value stays within limits: as JSON, by depth, members per container, string length. */
function withinLimits(value: unknown, limits: DataLimits): void {
  if (typeof value === 'string') {
    expect(value.length).toBeLessThanOrEqual(limits.string);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  expect(JSON.stringify(value).length).toBeLessThanOrEqual(limits.size);
  const walk = (v: unknown, depth: number): void => {
    if (typeof v === 'string') expect(v.length).toBeLessThanOrEqual(limits.string);
    if (typeof v !== 'object' || v === null) return;
    expect(depth).toBeLessThanOrEqual(limits.depth);
    const proto: unknown = Object.getPrototypeOf(v);
    expect(proto === Object.prototype || proto === Array.prototype || proto === null).toBe(true);
    const keys = Object.keys(v);
    expect(keys.length).toBeLessThanOrEqual(limits.keys);
    for (const k of keys) {
      expect(k.length).toBeLessThanOrEqual(limits.string);
      walk((v as Record<string, unknown>)[k], depth + 1);
    }
  };
  walk(value, 1);
}

/** What Object.prototype and Array.prototype hold before any parse. */
const OBJECT_PROTO = Object.getOwnPropertyNames(Object.prototype).sort();
const ARRAY_PROTO = Object.getOwnPropertyNames(Array.prototype).sort();

/** Every invariant of issue 12, for any input. A throw out of parseErrorBody fails the property. */
function parseSound(
  input: { status: number; headers?: unknown; body: string },
  opts: ParseOptions,
) {
  const e = parseErrorBody(input as Parameters<typeof parseErrorBody>[0], opts);
  expect(e).toBeInstanceOf(ApiError);
  // parseErrorBody catches a shape parser's throw and records it as the cause: none may throw.
  expect(e.cause).toBeUndefined();
  expect(isErrorStatus(e.status)).toBe(true);
  if (isErrorStatus(input.status)) expect(e.status).toBe(input.status);
  expect(e.code.length).toBeGreaterThan(0);
  expect(e.code.length).toBeLessThanOrEqual(MAX_CODE);
  expect(e.message.length).toBeGreaterThan(0);
  expect(e.message.length).toBeLessThanOrEqual(MAX_MESSAGE);
  expect(e.title.length).toBeLessThanOrEqual(MAX_TITLE);
  if (e.requestId !== undefined) expect(safeId(e.requestId)).toBe(e.requestId);
  if (e.retryAfter !== undefined) {
    expect(Number.isFinite(e.retryAfter)).toBe(true);
    expect(e.retryAfter).toBeGreaterThanOrEqual(0);
  }
  if (e.type !== undefined) expect(e.type.length).toBeLessThanOrEqual(MAX_URI);
  if (e.docUrl !== undefined) expect(e.docUrl.length).toBeLessThanOrEqual(MAX_URI);
  if (e.fields !== undefined) {
    expect(e.fields.length).toBeLessThanOrEqual(MAX_FIELDS);
    for (const f of e.fields) {
      expect(f.path.length).toBeLessThanOrEqual(MAX_PATH);
      for (const p of f.path) {
        if (typeof p === 'string') expect(p.length).toBeLessThanOrEqual(MAX_SEGMENT);
        else expect(Number.isFinite(p)).toBe(true);
      }
      expect(f.message.length).toBeLessThanOrEqual(MAX_MESSAGE);
      if (f.code !== undefined) expect(f.code.length).toBeLessThanOrEqual(MAX_CODE);
    }
  }
  withinLimits(e.details, DETAILS_LIMITS);
  if (typeof e.raw === 'string') expect(e.raw.length).toBeLessThanOrEqual(MAX_RAW_TEXT);
  else withinLimits(e.raw, RAW_LIMITS);
  for (const v of Object.values(e.headers)) expect(typeof v).toBe('string');
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(OBJECT_PROTO);
  expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(ARRAY_PROTO);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  return e;
}

const RUNS = 60;

describe('parseErrorBody: hostile properties', () => {
  it('a hostile value in any member of any shape, any format option, truncated or not', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SLOTS),
        hostileValue,
        status,
        headers,
        options,
        fc.constantFrom(undefined, 0, 2),
        lead,
        ({ name, path }, value, s, h, opts, indent, prefix) => {
          const body = prefix + toJson(withValue(BASES[name], path, value), indent);
          parseSound({ status: s, headers: h, body }, opts);
        },
      ),
      { numRuns: RUNS * 4 },
    );
  });

  it('prototype keys (and huge names) added at every depth of every shape', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CONTAINERS),
        fc.constantFrom(...PROTO_KEYS, 'x'.repeat(100_000), '\uD800', ''),
        hostileValue,
        status,
        options,
        ({ name, path }, key, value, s, opts) => {
          const body = toJson(withValue(BASES[name], path, value, key));
          parseSound({ status: s, headers: { 'content-type': 'application/json' }, body }, opts);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  /** JSON text nested `depth` levels (arrays and objects mixed) around a shaped body. */
  const deepBody = fc
    .record({
      depth: fc.oneof(
        fc.integer({ min: MAX_JSON_DEPTH - 3, max: MAX_JSON_DEPTH + 2 }),
        fc.integer({ min: 1, max: 300 }),
        fc.constant(100_000),
      ),
      kinds: fc.array(fc.constantFrom('[', ...PROTO_KEYS, 'errors', 'error', 'detail', 'loc'), {
        minLength: 1,
        maxLength: 8,
      }),
      space: blank,
      prefix: lead,
      inner: fc.constantFrom('{"message":"m"}', '{"a":"[[[{{{\\"]]]"}', '1', '"[{"', '[]'),
      cut: fc.constantFrom(0, 0, 0, 1, 1000),
    })
    .map(({ depth, kinds, space, prefix, inner, cut }) => {
      const open: string[] = [];
      const close: string[] = [];
      for (let i = 0; i < depth; i++) {
        const k = kinds[i % kinds.length] as string;
        open.push(k === '[' ? `[${space}` : `{${space}${JSON.stringify(k)}${space}:${space}`);
        close.push(k === '[' ? `${space}]` : `${space}}`);
      }
      const body = `${prefix}${open.join('')}${inner}${close.reverse().join('')}`;
      // The nesting of the whole text: the levels opened plus the inner value's own.
      const levels = depth + (inner.startsWith('{') || inner === '[]' ? 1 : 0);
      return { body: cut > 0 ? body.slice(0, -cut) : body, levels };
    });

  it('nesting just under, at and over MAX_JSON_DEPTH, arrays and objects mixed, with whitespace', () => {
    fc.assert(
      fc.property(deepBody, status, options, ({ body, levels }, s, opts) => {
        const e = parseSound(
          { status: s, headers: { 'content-type': 'application/json' }, body },
          opts,
        );
        // Past the bound the body is read as text (a custom format sees no JSON either).
        if (levels > MAX_JSON_DEPTH && opts.format !== greedy) expect(typeof e.raw).toBe('string');
      }),
      { numRuns: RUNS * 2 },
    );
  });

  /** Arbitrary JSON text: keys every shape reads or prototype keys, at any depth, odd strings. */
  const KEYS = [
    ...PROTO_KEYS,
    ...new Set(Object.values(BASES).flatMap((b) => memberPaths(b).map((p) => p[p.length - 1]))),
  ].filter((k): k is string => typeof k === 'string');
  const jsonText: fc.Arbitrary<string> = fc.letrec<{
    value: string;
    object: string;
    array: string;
  }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(...NUMBERS, 'null', 'true', '"m"', '"2.0"', '"invalid_grant"'),
      fc
        .string({ unit: fc.constantFrom(...NASTY_UNITS, 'a', 'b'), maxLength: 20 })
        .map((s) => JSON.stringify(s)),
      tie('object'),
      tie('array'),
    ),
    object: fc
      .array(fc.tuple(fc.constantFrom(...KEYS), tie('value')), { maxLength: 6 })
      .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(',')}}`),
    array: fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
  })).object;

  it('random JSON text with shape keys, prototype keys at every depth and duplicate keys', () => {
    fc.assert(
      fc.property(jsonText, status, headers, options, lead, (json, s, h, opts, prefix) => {
        parseSound({ status: s, headers: h, body: prefix + json }, opts);
      }),
      { numRuns: RUNS * 5 },
    );
  });

  const markup = fc.oneof(
    fc.integer({ min: 1, max: 50_000 }).map((n) => `${'<div>'.repeat(n)}<title>t</title>`),
    fc.constantFrom(...HUGE_STRINGS).map((s) => `<html><head><title>${s}</title></head></html>`),
    fc.integer({ min: 1, max: 20_000 }).map((n) => `<html>${'<title '.repeat(n)}`),
    fc.integer({ min: 1, max: 20_000 }).map((n) => `<!doctype html>${'<!--'.repeat(n)}<h1>x`),
    fc.integer({ min: 1, max: 20_000 }).map((n) => `<html><h1 ${'a="b" '.repeat(n)}>h</h1>`),
    fc
      .constantFrom(...HUGE_STRINGS, 'NoSuchKey', '&#x110000;&#xD800;&#0;&#9999999;')
      .map(
        (s) =>
          `<?xml version="1.0"?><Error><Code>${s}</Code><Message>${s}</Message><RequestId>${s}</RequestId></Error>`,
      ),
    fc
      .integer({ min: 1, max: 10_000 })
      .map((n) => `<ErrorResponse>${'<Error><Code>'.repeat(n)}c${'</Code></Error>'.repeat(n)}`),
    fc.constantFrom(
      `<html><title>${'&#x10FFFF;&#1114112;&amp;&lt;&#xD800;'.repeat(A_LOT)}</title>`,
      `<title><![CDATA[${'x'.repeat(100_000)}]]></title>`,
      `<h1>${'\uD800\u0000\r\n'.repeat(A_LOT)}</h1>`,
      `<html><title>${'</tit'.repeat(A_LOT)}`,
    ),
  );

  it('HTML and XML bodies with huge or nested markup, under any content type', () => {
    fc.assert(
      fc.property(
        markup,
        fc.constantFrom(
          'text/html',
          'application/xml',
          'text/xml',
          '',
          'text/plain',
          'application/json',
        ),
        status,
        options,
        lead,
        (page, type, s, opts, prefix) => {
          const e = parseSound(
            {
              status: s,
              headers: type === '' ? {} : { 'content-type': type },
              body: prefix + page,
            },
            opts,
          );
          // No tag of the page survives into the message (an escaped `&lt;` decodes to text).
          if (e.format === 'html' || e.format === 'text') {
            expect(e.message).not.toMatch(/<[A-Za-z/!?]/);
          }
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('edge numbers as status, retry delays and codes, in the body and in headers', () => {
    const numberSlots = ['status', 'statusCode', 'code', 'retry_after', 'retryAfter', 'retryDelay'];
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(BASES)),
        fc.constantFrom(...numberSlots),
        fc.constantFrom(...NUMBERS),
        status,
        headers,
        options,
        (name, key, num, s, h, opts) => {
          const base = BASES[name] as Record<string, unknown>;
          // At the top and inside the shape's `error` object when it has one.
          const inner = typeof base.error === 'object' ? ['error'] : [];
          const body = toJson(
            withValue(withValue(base, [], rawToken(num), key), inner, rawToken(num), key),
          );
          parseSound({ status: s, headers: h, body }, opts);
        },
      ),
      { numRuns: RUNS * 3 },
    );
  });

  it('odd bodies and headers: lone surrogates, NUL, CR-LF, BOM, Headers objects', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(...NASTY_UNITS, '{', '}', '[', ']', ':', ',', 'a', ' '),
          maxLength: 200,
        }),
        headers,
        status,
        options,
        (body, h, s, opts) => {
          parseSound({ status: s, headers: h, body }, opts);
          const real = new Headers();
          for (const [k, v] of Object.entries(h)) {
            // Headers refuses CR/LF, NUL and non-Latin-1: those only reach records.
            try {
              real.append(k, Array.isArray(v) ? v.join(', ') : String(v));
            } catch {}
          }
          parseSound({ status: s, headers: real, body }, opts);
        },
      ),
      { numRuns: RUNS * 3 },
    );
  });
});
