import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { rawRequest } from '../../helpers/server.js';
import { errorOf, jsonPut, makeApp, serveOnSocket } from './fixtures.js';

/** One schema, written in each Standard Schema library. */
const libraries = [
  {
    name: 'zod',
    body: z.object({ name: z.string().min(1), qty: z.number().int().positive() }),
    query: z.object({ limit: z.coerce.number().int().max(10) }),
    param: z.object({ id: z.string().regex(/^\d+$/) }),
  },
  {
    name: 'valibot',
    body: v.object({
      name: v.pipe(v.string(), v.minLength(1)),
      qty: v.pipe(v.number(), v.integer(), v.minValue(1)),
    }),
    query: v.object({ limit: v.pipe(v.string(), v.transform(Number), v.maxValue(10)) }),
    param: v.object({ id: v.pipe(v.string(), v.regex(/^\d+$/)) }),
  },
  {
    name: 'arktype',
    body: type({ name: 'string > 0', qty: 'number.integer > 0' }),
    query: type({ limit: type('string.integer.parse').to('number <= 10') }),
    param: type({ id: /^\d+$/ }),
  },
] as const;

describe('errata/hono: validator', () => {
  for (const lib of libraries) {
    it(`validates json, query and param with ${lib.name}`, async () => {
      const { app, errata } = makeApp({ format: 'problem' });
      app.put(
        '/things/:id',
        errata.validator('param', lib.param),
        errata.validator('json', lib.body),
        (c) => {
          const body = c.req.valid('json');
          const params = c.req.valid('param');
          return c.json({ id: params.id, name: body.name, qty: body.qty });
        },
      );
      app.get('/things', errata.validator('query', lib.query), (c) =>
        c.json({ limit: c.req.valid('query').limit }),
      );
      const ok = await app.request('/things/7', jsonPut('{"name":"a","qty":2}'));
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ id: '7', name: 'a', qty: 2 });

      const badBody = await app.request('/things/7', jsonPut('{"name":"","qty":1.5}'));
      expect(badBody.status).toBe(422);
      const bodyError = await errorOf(badBody);
      expect(bodyError.code).toBe('validation_error');
      expect(bodyError.fields?.map((f) => f.path.join('.')).sort()).toEqual(['name', 'qty']);

      const badParam = await app.request('/things/x7', jsonPut('{"name":"a","qty":2}'));
      expect(badParam.status).toBe(422);
      expect((await errorOf(badParam)).fields?.map((f) => f.path)).toEqual([['id']]);

      const query = await app.request('/things?limit=5');
      expect(await query.json()).toEqual({ limit: 5 });
      const badQuery = await app.request('/things?limit=50');
      expect(badQuery.status).toBe(422);
      expect((await errorOf(badQuery)).fields?.map((f) => f.path)).toEqual([['limit']]);
      const notInteger = await app.request('/things?limit=abc');
      expect(notInteger.status).toBe(422);
      expect((await errorOf(notInteger)).fields?.[0]?.path).toEqual(['limit']);
    });
  }

  it('answers 415, 400 (malformed, empty, not UTF-8) and 413 for json bodies', async () => {
    const { app, errata, seen } = makeApp();
    app.post('/small', errata.validator('json', z.unknown(), { bodyLimit: 16 }), (c) =>
      c.json({ got: c.req.valid('json') }),
    );
    const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
      app.request('/small', { method: 'POST', headers, body });
    const json = { 'content-type': 'application/json' };
    const cases: [Response, number, string][] = [
      [await post('{}', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type'],
      [await post('{}'), 415, 'unsupported_media_type'],
      [await post('{"a":', json), 400, 'invalid_request'],
      [await post(null, json), 400, 'invalid_request'],
      [await post(new Uint8Array([0x22, 0xff, 0x22]), json), 400, 'invalid_request'],
      [await post('"a long string over the limit"', json), 413, 'payload_too_large'],
    ];
    for (const [res, status, code] of cases) {
      expect(res.status).toBe(status);
      expect((await errorOf(res)).code).toBe(code);
      expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    }
    const ok = await post('[1,2]', { 'content-type': 'application/merge-patch+json' });
    expect(await ok.json()).toEqual({ got: [1, 2] });
    expect(seen).toHaveLength(0);
    expect(() => errata.validator('json', z.unknown(), { bodyLimit: 0 })).toThrow(TypeError);
  });

  it('refuses a streamed body past the limit on a real socket and closes the connection', async () => {
    const { app, errata } = makeApp();
    app.post('/upload', errata.validator('json', z.unknown(), { bodyLimit: 1000 }), (c) =>
      c.json({ ok: true }),
    );
    const server = await serveOnSocket(app);
    try {
      const chunk = `200\r\n${'x'.repeat(0x200)}\r\n`;
      const res = await rawRequest(server.port, [
        'POST /upload HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n',
        chunk,
        chunk,
        chunk,
      ]);
      expect(res.status).toBe(413);
      expect(res.closedByServer).toBe(true);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'payload_too_large' } });
    } finally {
      await server.close();
    }
  });

  it('drops __proto__ and constructor.prototype members, and keeps c.req.text() usable', async () => {
    const { app, errata } = makeApp();
    app.post('/merge', errata.validator('json', z.record(z.string(), z.unknown())), async (c) => {
      const target: Record<string, unknown> = {};
      Object.assign(target, c.req.valid('json'));
      return c.json({ keys: Object.keys(c.req.valid('json')), raw: await c.req.text() });
    });
    // What the validator hands the schema (Zod's record itself skips `__proto__` keys).
    app.get('/q', errata.validator('query', z.any()), (c) => {
      const query = c.req.valid('query') as object;
      return c.text(`${Object.hasOwn(query, '__proto__')} ${JSON.stringify(query)}`);
    });
    const body =
      '{"a":1,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"n":{"\\u005f_proto__":{"polluted":true}}}';
    const posted = await app.request('/merge', { ...jsonPut(body), method: 'POST' });
    expect(posted.status).toBe(200);
    const out = (await posted.json()) as { keys: string[]; raw: string };
    expect(out.keys.sort()).toEqual(['a', 'n']);
    expect(out.raw).toBe(body);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const q = await app.request('/q?__proto__=x&__proto__=y');
    expect(await q.text()).toBe('true {"__proto__":["x","y"]}');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
