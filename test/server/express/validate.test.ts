import { type } from 'arktype';
import type express from 'express';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errataExpress } from '../../../src/server/express/index.js';
import { errorOf, JSON_TYPE, use, withApp } from './fixtures.js';

describe('errata/express: validate()', () => {
  const libraries = {
    zod: {
      body: z.object({
        name: z.string().min(1),
        items: z.array(z.object({ qty: z.number().positive() })),
      }),
      query: z.object({ limit: z.coerce.number().int().max(10) }),
      params: z.object({ id: z.string().regex(/^\d+$/).transform(Number) }),
    },
    valibot: {
      body: v.object({
        name: v.pipe(v.string(), v.minLength(1)),
        items: v.array(v.object({ qty: v.pipe(v.number(), v.minValue(1)) })),
      }),
      query: v.object({ limit: v.pipe(v.string(), v.regex(/^\d$/), v.transform(Number)) }),
      params: v.object({ id: v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number)) }),
    },
    arktype: {
      body: type({ name: 'string > 0', items: type({ qty: 'number > 0' }).array() }),
      query: type({ limit: 'string.integer.parse' }).pipe((q) => ({ limit: q.limit })),
      params: type({ id: 'string.integer.parse' }),
    },
  };

  for (const [library, schemas] of Object.entries(libraries)) {
    it(`validates params, query and body with ${library}`, async () => {
      const server = await withApp((app, errata) => {
        const check = errata.validate(schemas);
        app.post('/orders/:id', errata.json(), check, (req, res) => {
          const valid = check.valid(req);
          res.json({ ...valid, reqBody: req.body });
        });
      });
      await use(server, async () => {
        const good = { name: 'n', items: [{ qty: 2 }] };
        const ok = await fetch(`${server.url}/orders/12?limit=3`, {
          method: 'POST',
          headers: JSON_TYPE,
          body: JSON.stringify(good),
        });
        expect(ok.status).toBe(200);
        expect(await ok.json()).toEqual({
          params: { id: 12 },
          query: { limit: 3 },
          body: good,
          reqBody: good,
        });

        const cases: [string, unknown, (string | number)[][]][] = [
          ['/orders/abc?limit=3', good, [['id']]],
          ['/orders/1?limit=x', good, [['limit']]],
          [
            '/orders/1?limit=3',
            { name: 'n', items: [{ qty: 1 }, { qty: -1 }] },
            [['items', 1, 'qty']],
          ],
          ['/orders/1?limit=3', { name: '', items: [] }, [['name']]],
        ];
        for (const [path, body, paths] of cases) {
          const res = await fetch(server.url + path, {
            method: 'POST',
            headers: { ...JSON_TYPE, accept: 'application/problem+json' },
            body: JSON.stringify(body),
          });
          const { error, body: text } = await errorOf(res);
          expect(res.status, text).toBe(422);
          expect(error.code).toBe('validation_error');
          expect(
            error.fields?.map((f) => f.path),
            `${library} ${path}`,
          ).toEqual(paths);
        }
        expect(server.errors).toEqual([]);
      });
    });
  }

  it('types what it validated and refuses what is not a schema', async () => {
    const errata = errataExpress();
    const check = errata.validate({ query: z.object({ n: z.coerce.number() }) });
    const typed: (req: express.Request) => number = (req) => check.valid(req).query.n;
    expect(typeof typed).toBe('function');
    expect(() => check.valid({} as express.Request)).toThrow(TypeError);
    expect(() => errata.validate({ body: {} as never })).toThrow(TypeError);
  });
});
