import { type } from 'arktype';
import Fastify from 'fastify';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errataFastify, type StandardSchemaProvider } from '../../../src/server/fastify/index.js';
import { closeServers, errorOf, json, running, serve } from './fixtures.js';

afterEach(closeServers);

describe('errata/fastify: AJV (JSON Schema) validation', () => {
  it('answers 422 validation_error with fields relative to the body, query or params', async () => {
    const s = await serve((app) => {
      app.post(
        '/items/:id',
        {
          schema: {
            params: {
              type: 'object',
              properties: { id: { type: 'integer' } },
              required: ['id'],
            },
            querystring: {
              type: 'object',
              properties: { page: { type: 'integer', minimum: 1 } },
            },
            body: {
              type: 'object',
              properties: {
                name: { type: 'string', minLength: 1 },
                tags: { type: 'array', items: { type: 'integer' } },
              },
              required: ['name'],
              additionalProperties: false,
            },
          },
        },
        (request) => ({ params: request.params, body: request.body }),
      );
    });
    const cases: [string, unknown, (string | number)[][]][] = [
      ['/items/1', {}, [['name']]],
      ['/items/1', { name: '' }, [['name']]],
      ['/items/1', { name: 'a', tags: [1, 'x'] }, [['tags', 1]]],
      ['/items/1?page=0', { name: 'a' }, [['page']]],
      ['/items/abc', { name: 'a' }, [['id']]],
    ];
    for (const [path, body, paths] of cases) {
      const res = await fetch(`${s.url}${path}`, json(body));
      const { error, body: text } = await errorOf(res);
      expect(res.status, text).toBe(422);
      expect(error.code).toBe('validation_error');
      expect(error.fields?.map((f) => f.path)).toEqual(paths);
    }
    const ok = await fetch(`${s.url}/items/7`, json({ name: 'a' }));
    expect(await ok.json()).toEqual({ params: { id: 7 }, body: { name: 'a' } });
  });
});

describe('errata/fastify: Standard Schema route schemas', () => {
  const libraries = {
    zod: {
      body: z.object({ name: z.string().min(1), qty: z.number().int().positive() }),
      query: z.object({ limit: z.coerce.number().int().max(10) }),
      params: z.object({ id: z.string().regex(/^\d+$/).transform(Number) }),
    },
    valibot: {
      body: v.object({
        name: v.pipe(v.string(), v.minLength(1)),
        qty: v.pipe(v.number(), v.integer(), v.minValue(1)),
      }),
      query: v.object({
        limit: v.pipe(v.string(), v.transform(Number), v.number(), v.maxValue(10)),
      }),
      params: v.object({ id: v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number)) }),
    },
    arktype: {
      body: type({ name: 'string > 0', qty: 'number.integer > 0' }),
      query: type({ limit: type('string.numeric.parse').to('number <= 10') }),
      params: type({ id: type('string.integer.parse') }),
    },
  };

  for (const [library, schemas] of Object.entries(libraries)) {
    it(`validates body, query and params with ${library} (fields point at the value; output replaces input)`, async () => {
      const s = await serve((app) => {
        app
          .withTypeProvider<StandardSchemaProvider>()
          .post(
            '/orders/:id',
            { schema: { body: schemas.body, querystring: schemas.query, params: schemas.params } },
            (request) => ({ id: request.params, query: request.query, body: request.body }),
          );
      });
      const ok = await fetch(`${s.url}/orders/42?limit=5`, json({ name: 'a', qty: 2 }));
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({
        id: { id: 42 },
        query: { limit: 5 },
        body: { name: 'a', qty: 2 },
      });
      const cases: [string, unknown, (string | number)[]][] = [
        ['/orders/42?limit=5', { name: '', qty: 2 }, ['name']],
        ['/orders/42?limit=5', { name: 'a', qty: 0 }, ['qty']],
        ['/orders/42?limit=50', { name: 'a', qty: 1 }, ['limit']],
        ['/orders/x1?limit=5', { name: 'a', qty: 1 }, ['id']],
      ];
      for (const [path, body, field] of cases) {
        const res = await fetch(`${s.url}${path}`, json(body));
        const { error, body: text } = await errorOf(res);
        expect(res.status, `${library} ${path} ${text}`).toBe(422);
        expect(error.code).toBe('validation_error');
        expect(error.fields?.map((f) => f.path)).toContainEqual(field);
      }
    });
  }

  it('supports async schemas, keeps AJV for JSON Schema parts, and refuses Standard response schemas', async () => {
    const s = await serve((app) => {
      app.post(
        '/mixed',
        {
          schema: {
            body: z.object({ name: z.string() }).refine(async (b) => b.name !== 'taken', {
              message: 'taken',
              path: ['name'],
            }),
            querystring: { type: 'object', properties: { n: { type: 'integer' } } },
          },
        },
        (request) => ({ body: request.body, query: request.query }),
      );
    });
    const ok = await fetch(`${s.url}/mixed?n=3`, json({ name: 'free' }));
    expect(await ok.json()).toEqual({ body: { name: 'free' }, query: { n: 3 } });
    const taken = await fetch(`${s.url}/mixed`, json({ name: 'taken' }));
    expect(taken.status).toBe(422);
    expect((await errorOf(taken)).error.fields?.[0]?.path).toEqual(['name']);
    const ajv = await fetch(`${s.url}/mixed?n=x`, json({ name: 'free' }));
    expect(ajv.status).toBe(422);
    expect((await errorOf(ajv)).error.fields?.[0]?.path).toEqual(['n']);

    const app = Fastify();
    running.push(app);
    await app.register(errataFastify);
    expect(() =>
      app.get('/r', { schema: { response: { 200: z.object({}) } } }, () => ({})),
    ).toThrow(/response schema 200 is a Standard Schema/);
  });

  it('validates values in handlers with app.errata.validate', async () => {
    const s = await serve((app) => {
      app.post('/check', async (request) =>
        app.errata.validate(z.object({ a: z.string() }), request.body),
      );
    });
    const res = await fetch(`${s.url}/check`, json({ a: 1 }));
    expect(res.status).toBe(422);
    expect((await errorOf(res)).error.fields?.[0]?.path).toEqual(['a']);
  });
});
