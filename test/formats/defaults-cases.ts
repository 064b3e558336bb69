// The errors the defaults tests render, captured from the formats before options existed: with no
// options (and with `{}`), every built-in format must render, parse, guide and drop exactly as then.
import { expect, it } from 'vitest';
import { ApiError } from '../../src/api-error.js';
import { type FormatName, formats } from '../../src/formats/index.js';
import type { Format, RenderContext, WireGuide } from '../../src/formats/types.js';
import { parseErrorBody } from '../../src/parse/index.js';
import { crashed, invalid, limited, notFound } from './fixtures.js';

const ctx = {
  requestId: 'req_1',
  timestamp: '2025-01-02T03:04:05.000Z',
  domain: 'api.example.com',
};

/** Each case: how to make the error, and the render context. */
export const CASES: Record<string, [() => ApiError, RenderContext]> = {
  '404 with details': [notFound, ctx],
  '422 with fields': [invalid, ctx],
  '429 with retry-after': [limited, ctx],
  '500 from a thrown error': [crashed, ctx],
  '409 with details, fields, doc url and instance': [
    () =>
      new ApiError({
        status: 409,
        code: 'name_conflict',
        title: 'Name taken',
        message: 'The name is taken',
        details: { name: 'db', owner: 'x' },
        fields: [{ path: ['name'], message: 'taken', code: 'dup' }],
        docUrl: 'https://docs.example.com/name_conflict',
        type: 'https://api.example.com/errors/name_conflict',
      }),
    { ...ctx, instance: '/v1/vaults' },
  ],
  '503 without a delay, no request id': [
    () => new ApiError({ status: 503, details: 'down' }),
    { timestamp: ctx.timestamp },
  ],
};

/** What one format gave before options: per case [headers, body, parsed back] as JSON text. */
export type Expected = {
  cases: Record<string, [string, string, string]>;
  guide: WireGuide;
  drops: string[];
};

function check(format: Format, name: string, expected: Expected): void {
  for (const [label, [make, context]] of Object.entries(CASES)) {
    const [headers, body, parsed] = expected.cases[label] ?? [];
    const r = format.render(make(), context);
    expect(JSON.stringify(r.headers), `${name} ${label} headers`).toBe(headers);
    expect(r.body, `${name} ${label} body`).toBe(body);
    const p = parseErrorBody({ status: r.status, headers: r.headers, body: r.body });
    const view = { format: p.format, ...p.toJSON(), type: p.type, docUrl: p.docUrl };
    expect(JSON.stringify(view), `${name} ${label} parsed`).toBe(parsed);
  }
}

/** The tests of one format: the default object and `.with({})`, output, guide and drops. */
export function defaultsOf(name: FormatName, expected: Expected): void {
  it(`${name}: the default object renders and parses as before`, () =>
    check(formats[name], name, expected));
  it(`${name}: .with({}) renders and parses the same`, () =>
    check(formats[name].with({}), name, expected));
  it(`${name}: guide and drops unchanged, options {}`, () => {
    for (const format of [formats[name], formats[name].with({})]) {
      expect(format.name).toBe(name);
      expect(format.options).toEqual({});
      expect(format.guide).toEqual(expected.guide);
      expect(format.drops).toEqual(expected.drops);
    }
  });
}
