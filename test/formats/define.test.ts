import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api-error.js';
import { defineCatalog } from '../../src/catalog.js';
import { defineFormat, type FormatDefinition } from '../../src/formats/index.js';
import type { WireGuide } from '../../src/formats/types.js';
import { defineFormat as fromPackage } from '../../src/index.js';
import { parseErrorBody } from '../../src/parse/index.js';
import { renderError } from '../../src/render.js';
import { invalid, notFound } from './fixtures.js';

const guide: WireGuide = {
  summary: 'a JSON object with a `fault` member',
  code: '`fault.id`',
  message: '`fault.text`',
  fields: 'not sent',
  details: 'not sent',
  requestId: '`fault.trace`',
  carriesCode: true,
};

/** A format of our own: `{ "fault": { id, text, trace? } }`. */
const definition: FormatDefinition = {
  name: 'acme',
  contentType: 'application/vnd.acme.fault+json',
  render(error, context) {
    const trace = context?.requestId ?? error.requestId;
    const fault: Record<string, unknown> = {
      id: error.code,
      text: error.expose ? error.message : error.title,
    };
    if (trace !== undefined) fault.trace = trace;
    return {
      status: error.status,
      headers: { 'content-type': 'application/vnd.acme.fault+json' },
      body: JSON.stringify({ fault }),
    };
  },
  parse(input) {
    const json = input.json as { fault?: { id?: unknown; text?: unknown; trace?: unknown } };
    const fault = json?.fault;
    if (typeof fault !== 'object' || fault === null || typeof fault.id !== 'string')
      return undefined;
    return new ApiError({
      status: input.status,
      code: fault.id,
      message: typeof fault.text === 'string' ? fault.text : 'error',
      ...(typeof fault.trace === 'string' ? { requestId: fault.trace } : {}),
      format: 'acme',
      raw: input.json,
    });
  },
  schema: (entry) => ({
    type: 'object',
    required: ['fault'],
    properties: {
      fault: {
        type: 'object',
        required: ['id', 'text'],
        properties: {
          id: entry ? { const: entry.code } : { type: 'string' },
          text: { type: 'string' },
        },
      },
    },
  }),
  guide,
  drops: ['details', 'violations'],
};

describe('defineFormat', () => {
  const acme = defineFormat(definition);

  it('is exported from the package entry', () => {
    expect(fromPackage).toBe(defineFormat);
  });

  it('makes a frozen Format with options {}', () => {
    expect(acme.name).toBe('acme');
    expect(acme.contentType).toBe('application/vnd.acme.fault+json');
    expect(acme.options).toEqual({});
    expect(acme.guide).toEqual(guide);
    expect(acme.drops).toEqual(['details', 'violations']);
    expect(Object.isFrozen(acme)).toBe(true);
    expect(acme.schema?.({ code: 'x', status: 400, title: 'X' })).toMatchObject({
      required: ['fault'],
    });
    expect(defineFormat({ ...definition, drops: undefined as never }).drops).toEqual([]);
  });

  it('renders through renderError and a catalog, and parses back through parseErrorBody', () => {
    const catalog = defineCatalog({ format: acme, errors: {} });
    expect(catalog.format).toBe(acme);
    const r = renderError(notFound(), { format: acme, requestId: 'req_1' });
    expect(r.body).toBe(
      '{"fault":{"id":"secret_not_found","text":"No secret named \'db\'","trace":"req_1"}}',
    );
    const parsed = parseErrorBody(
      { status: r.status, headers: r.headers, body: r.body },
      { format: acme },
    );
    expect(parsed.format).toBe('acme');
    expect(parsed.code).toBe('secret_not_found');
    expect(parsed.requestId).toBe('req_1');
    // Without the format, the generic recogniser still finds the code (`fault.id`), but not
    // the members only the format names (`text`, `trace`).
    const universal = parseErrorBody({ status: r.status, headers: r.headers, body: r.body });
    expect(universal.format).not.toBe('acme');
    expect(universal.code).toBe('secret_not_found');
    expect(universal.requestId).toBeUndefined();
    // A body that is not the format's falls through to the universal shapes.
    const other = renderError(invalid(), { format: 'envelope' });
    const fallback = parseErrorBody({ status: 422, body: other.body }, { format: acme });
    expect(fallback.format).toBe('envelope');
    expect(fallback.code).toBe('validation_error');
  });

  it('a parse that throws leaves the body to the universal shapes', () => {
    const broken = defineFormat({
      ...definition,
      name: 'broken',
      parse: () => {
        throw new Error('bug');
      },
    });
    const r = renderError(notFound(), { format: 'envelope' });
    expect(parseErrorBody({ status: 404, body: r.body }, { format: broken }).code).toBe(
      'secret_not_found',
    );
  });

  it('refuses bad definitions with a clear TypeError', () => {
    const bad = (patch: Record<string, unknown>) => () =>
      defineFormat({ ...definition, ...patch } as FormatDefinition);
    expect(() => defineFormat(null as never)).toThrow(
      'errata: defineFormat(): expects a definition object.',
    );
    expect(bad({ name: 'problem' })).toThrow(
      'errata: defineFormat(): name "problem" is a built-in format\'s; configure it with formats.problem.with(options) or pick another name.',
    );
    expect(bad({ name: 'Envelope' })).toThrow(/built-in format/);
    for (const name of ['', '__proto__', 'a b', '1x', 'x/y', 42]) {
      expect(bad({ name })).toThrow(/name must be a token/);
    }
    for (const contentType of ['json', 'application/', 'text/plain\r\nx: y', 42]) {
      expect(bad({ contentType })).toThrow(/contentType must be a media type/);
    }
    expect(() =>
      defineFormat({ ...definition, contentType: 'application/json; charset=utf-8' }),
    ).not.toThrow();
    expect(bad({ render: undefined })).toThrow(
      'errata: defineFormat(): render must be a function (format "acme").',
    );
    expect(bad({ parse: 'x' })).toThrow(/parse must be a function/);
    expect(bad({ schema: undefined })).toThrow(/schema must be a function/);
    expect(bad({ guide: undefined })).toThrow(/guide must be an object/);
    expect(bad({ guide: { ...guide, code: 1 } })).toThrow(/guide\.code must be a string/);
    expect(bad({ guide: { ...guide, carriesCode: 'yes' } })).toThrow(
      /guide\.carriesCode must be a boolean/,
    );
    expect(bad({ drops: 'none' })).toThrow(/drops must be a list of strings/);
  });
});
