import { createRequire } from 'node:module';
import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  canonicalJson,
  describeSchema,
  detailsJsonSchema,
  type JsonSchema,
  schemaCovers,
} from '../../../src/cli/shared/json-schema.js';
import type { StandardSchemaV1 } from '../../../src/standard-schema.js';

describe('detailsJsonSchema', () => {
  it('converts Zod through the Standard JSON Schema interface, input side, without $schema', () => {
    const schema = z.object({
      name: z.string(),
      kind: z.enum(['a', 'b']),
      count: z.number().int().optional(),
      tags: z.array(z.string()).default([]),
    });
    expect(detailsJsonSchema(schema)).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string' },
        kind: { type: 'string', enum: ['a', 'b'] },
        count: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 },
        tags: { type: 'array', items: { type: 'string' }, default: [] },
      },
      // A defaulted field may be omitted by whoever builds the details.
      required: ['name', 'kind'],
    });
  });

  it('gives Zod types JSON Schema cannot express an open schema instead of failing', () => {
    const converted = detailsJsonSchema(z.object({ at: z.date(), id: z.string() }));
    expect(converted?.properties).toEqual({ at: {}, id: { type: 'string' } });
  });

  it('falls back to Zod 4 toJSONSchema for a Zod schema without the Standard JSON Schema interface', () => {
    const modern = z.object({ name: z.string(), n: z.number() });
    // A Zod 4 release before Standard JSON Schema: the same schema, minus `~standard.jsonSchema`.
    const { jsonSchema: _, ...props } = modern['~standard'] as StandardSchemaV1.Props & {
      jsonSchema?: unknown;
    };
    const legacy = Object.create(modern, { '~standard': { value: props } }) as StandardSchemaV1;
    expect(detailsJsonSchema(legacy)).toEqual(detailsJsonSchema(modern));
  });

  it('converts ArkType through the Standard JSON Schema interface', () => {
    expect(detailsJsonSchema(type({ name: 'string', 'size?': 'number.integer' }))).toEqual({
      type: 'object',
      properties: { name: { type: 'string' }, size: { type: 'integer' } },
      required: ['name'],
    });
  });

  it('converts Valibot only when @valibot/to-json-schema is installed', () => {
    const installed = (() => {
      try {
        createRequire(import.meta.url).resolve('@valibot/to-json-schema');
        return true;
      } catch {
        return false;
      }
    })();
    const converted = detailsJsonSchema(v.object({ limit: v.number() }));
    if (installed) expect(converted).toMatchObject({ type: 'object' });
    else expect(converted).toBeUndefined();
  });

  it('returns undefined without a schema, or for a library it does not know', () => {
    expect(detailsJsonSchema(undefined)).toBeUndefined();
    const custom: StandardSchemaV1 = {
      '~standard': { version: 1, vendor: 'homemade', validate: (value) => ({ value }) },
    };
    expect(detailsJsonSchema(custom)).toBeUndefined();
  });

  it('is deterministic: the same schema gives the same JSON', () => {
    const make = () => z.object({ b: z.string(), a: z.union([z.string(), z.null()]) });
    expect(JSON.stringify(detailsJsonSchema(make()))).toBe(
      JSON.stringify(detailsJsonSchema(make())),
    );
  });
});

describe('schemaCovers', () => {
  const string: JsonSchema = { type: 'string' };
  const cases: [string, JsonSchema, JsonSchema, boolean][] = [
    ['number covers integer', { type: 'number' }, { type: 'integer' }, true],
    ['integer does not cover number', { type: 'integer' }, { type: 'number' }, false],
    ['string covers an enum of strings', string, { type: 'string', enum: ['a'] }, true],
    ['an enum does not cover string', { enum: ['a'] }, string, false],
    ['an enum covers a subset', { enum: ['a', 'b'] }, { type: 'string', enum: ['b'] }, true],
    ['an enum does not cover a superset', { enum: ['a'] }, { enum: ['a', 'b'] }, false],
    ['a const is a one-value enum', { enum: ['a', 'b'] }, { const: 'a' }, true],
    ['string does not cover number', string, { type: 'number' }, false],
    ['a union covers its member', { anyOf: [string, { type: 'null' }] }, string, true],
    ['a member does not cover the union', string, { type: ['string', 'null'] }, false],
    ['any covers anything', { description: 'x' }, { type: 'number' }, true],
    [
      'a tighter bound is covered',
      { type: 'string', maxLength: 10 },
      { type: 'string', maxLength: 5 },
      true,
    ],
    [
      'a looser bound is not',
      { type: 'string', maxLength: 5 },
      { type: 'string', maxLength: 10 },
      false,
    ],
    ['a missing bound is not', { type: 'number', minimum: 0 }, { type: 'number' }, false],
    ['a new pattern is covered', string, { type: 'string', pattern: '^a' }, true],
    [
      'a changed pattern is not',
      { type: 'string', pattern: '^a' },
      { type: 'string', pattern: '^b' },
      false,
    ],
    [
      'arrays compare their items',
      { type: 'array', items: { type: 'number' } },
      { type: 'array', items: { type: 'integer' } },
      true,
    ],
    [
      'objects need the required fields',
      { type: 'object', properties: { a: string }, required: ['a'] },
      { type: 'object', properties: { a: string } },
      false,
    ],
    [
      'a closed object covers only known fields',
      { type: 'object', properties: { a: string }, additionalProperties: false },
      { type: 'object', properties: { a: string, b: string }, additionalProperties: false },
      false,
    ],
    ['unknown keywords must match', { type: 'string', contentEncoding: 'base64' }, string, false],
  ];
  it.each(cases)('%s', (_, outer, inner, covered) => {
    expect(schemaCovers(outer, inner)).toBe(covered);
  });
});

describe('describeSchema and canonicalJson', () => {
  it('reads types the way a person writes them', () => {
    expect(describeSchema({ type: ['string', 'null'] })).toBe('string | null');
    expect(describeSchema({ type: 'string', enum: ['a', 'b'] })).toBe('"a" | "b"');
    expect(
      describeSchema({
        type: 'array',
        items: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
      }),
    ).toBe('array of (string | integer)');
    expect(describeSchema({ type: 'string', format: 'date-time' })).toBe('string (date-time)');
    expect(describeSchema({ type: 'object', properties: {} })).toBe('object');
    expect(describeSchema({})).toBe('any');
    expect(describeSchema({ enum: [1, 2, 3, 4, 5, 6, 7] })).toBe('1 | 2 | 3 | 4 | 5 | 6 | …');
  });

  it('sorts object keys but keeps array order', () => {
    expect(canonicalJson({ b: [2, 1], a: { d: 1, c: null } })).toBe(
      '{"a":{"c":null,"d":1},"b":[2,1]}',
    );
  });
});
