import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCatalog, isApiError } from '../../src/index.js';
import { issuesToFields, validate } from '../../src/server/validate.js';
import type { StandardSchemaV1 } from '../../src/standard-schema.js';

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('validate with Zod', () => {
  const schema = z.object({
    name: z.string().min(1),
    items: z.array(z.object({ qty: z.number().positive() })),
  });

  it('returns the parsed output', async () => {
    const out = await validate(schema, { name: 'a', items: [{ qty: 1 }], extra: true });
    expect(out).toEqual({ name: 'a', items: [{ qty: 1 }] });
  });

  it('throws validation_error with one field per issue; numeric path parts stay numbers', async () => {
    const error = await rejection(validate(schema, { name: '', items: [{ qty: 1 }, { qty: -2 }] }));
    expect(isApiError(error, 'validation_error')).toBe(true);
    if (!isApiError(error)) return;
    expect(error.status).toBe(422);
    expect(error.fields).toHaveLength(2);
    expect(error.fields?.[0]).toMatchObject({ path: ['name'], code: 'too_small' });
    expect(error.fields?.[1]?.path).toEqual(['items', 1, 'qty']);
    expect(typeof error.fields?.[1]?.message).toBe('string');
  });

  it('supports async refinements', async () => {
    const taken = z.string().refine(async (s) => s !== 'taken', 'already taken');
    expect(await validate(taken, 'free')).toBe('free');
    const error = await rejection(validate(taken, 'taken'));
    expect(isApiError(error) && error.fields).toEqual([
      { path: [], message: 'already taken', code: 'custom' },
    ]);
  });

  it("uses the catalog's validation_error role", async () => {
    const catalog = defineCatalog({
      errors: { VALIDATION_ERROR: { status: 400, title: 'Bad input' } },
      roles: { validation_error: 'VALIDATION_ERROR' },
    });
    const error = await rejection(validate(z.number(), 'x', catalog));
    expect(isApiError(error, 'VALIDATION_ERROR')).toBe(true);
    expect(isApiError(error) && error.status).toBe(400);
  });
});

describe('validate with Valibot', () => {
  const schema = v.object({
    name: v.pipe(v.string(), v.minLength(1, 'name is required')),
    tags: v.array(v.string()),
  });

  it('returns the parsed output and maps { key } path segments', async () => {
    expect(await validate(schema, { name: 'a', tags: [] })).toEqual({ name: 'a', tags: [] });
    const error = await rejection(validate(schema, { name: '', tags: ['ok', 5] }));
    expect(isApiError(error) && error.fields?.map((f) => [f.path, f.message])).toEqual([
      [['name'], 'name is required'],
      [['tags', 1], expect.any(String)],
    ]);
  });

  it('supports async schemas', async () => {
    const asyncSchema = v.objectAsync({
      code: v.pipeAsync(
        v.string(),
        v.checkAsync(async (s) => s.startsWith('ok'), 'must start with ok'),
      ),
    });
    expect(await validate(asyncSchema, { code: 'ok-1' })).toEqual({ code: 'ok-1' });
    const error = await rejection(validate(asyncSchema, { code: 'no' }));
    expect(isApiError(error) && error.fields).toEqual([
      { path: ['code'], message: 'must start with ok' },
    ]);
  });
});

describe('issuesToFields', () => {
  it('accepts raw keys, { key } segments and symbols, and issues without a path', () => {
    const sym = Symbol('meta');
    const issues: StandardSchemaV1.Issue[] = [
      { message: 'a', path: ['list', 0, { key: 'x' }, { key: 3 }] },
      { message: 'b', path: [sym] },
      { message: 'c' },
    ];
    expect(issuesToFields(issues)).toEqual([
      { path: ['list', 0, 'x', 3], message: 'a' },
      { path: ['meta'], message: 'b' },
      { path: [], message: 'c' },
    ]);
  });

  it('works with a hand-written Standard Schema', async () => {
    const even: StandardSchemaV1<number> = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: (value) =>
          typeof value === 'number' && value % 2 === 0
            ? { value }
            : { issues: [{ message: 'must be even', path: [{ key: 'n' }] }] },
      },
    };
    expect(await validate(even, 4)).toBe(4);
    const error = await rejection(validate(even, 3));
    expect(isApiError(error) && error.fields).toEqual([{ path: ['n'], message: 'must be even' }]);
  });
});
