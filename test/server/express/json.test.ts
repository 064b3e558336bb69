import express from 'express';
import { describe, expect, it } from 'vitest';
import type { ErrataOptions } from '../../../src/server/express/index.js';
import { errorOf, JSON_TYPE, use, withApp } from './fixtures.js';

describe('errata/express: errata.json()', () => {
  const app = (options: ErrataOptions = {}) =>
    withApp((app, errata) => {
      app.post('/strict', errata.json(), (req, res) => {
        res.json({ body: req.body, hasProto: Object.hasOwn(req.body as object, '__proto__') });
      });
      app.use('/loose', errata.json({ required: false, limit: 16 }));
      app.all('/loose', (req, res) => {
        res.json({ body: req.body ?? null });
      });
      app.post('/twice', express.json(), errata.json(), (req, res) => {
        res.json(req.body);
      });
    }, options);

  it('answers 415 for a missing or non-JSON content type, 400 for empty or malformed JSON', async () => {
    await use(await app(), async (server) => {
      const cases: [RequestInit, number, string][] = [
        [
          { method: 'POST', body: 'x=1', headers: { 'content-type': 'text/plain' } },
          415,
          'unsupported_media_type',
        ],
        [{ method: 'POST' }, 415, 'unsupported_media_type'],
        [{ method: 'POST', headers: JSON_TYPE }, 400, 'invalid_request'],
        [{ method: 'POST', headers: JSON_TYPE, body: '{"a":' }, 400, 'invalid_request'],
        [
          { method: 'POST', headers: JSON_TYPE, body: Buffer.from([0x22, 0xff, 0x22]) },
          400,
          'invalid_request',
        ],
      ];
      for (const [init, status, code] of cases) {
        const res = await fetch(`${server.url}/strict`, init);
        expect(res.status, JSON.stringify(init)).toBe(status);
        expect((await errorOf(res)).error.code).toBe(code);
      }
      expect(server.errors).toEqual([]);
    });
  });

  it('answers 413 at the app body limit, and at a per-parser limit', async () => {
    await use(await app({ bodyLimit: 100 }), async (server) => {
      const big = await fetch(`${server.url}/strict`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify({ v: 'x'.repeat(100) }),
      });
      expect(big.status).toBe(413);
      expect(big.headers.get('connection')).toBe('close');
      const fits = await fetch(`${server.url}/strict`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify({ v: 'x'.repeat(50) }),
      });
      expect(fits.status).toBe(200);
      const loose = await fetch(`${server.url}/loose`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify({ v: 'x'.repeat(50) }),
      });
      expect(loose.status).toBe(413);
    });
  });

  it('with required: false, lets requests without a body through and still checks bodies', async () => {
    await use(await app(), async (server) => {
      const get = await fetch(`${server.url}/loose`);
      expect(get.status).toBe(200);
      expect(await get.json()).toEqual({ body: null });
      const text = await fetch(`${server.url}/loose`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'hi',
      });
      expect(text.status).toBe(415);
      const json = await fetch(`${server.url}/loose`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: '[1]',
      });
      expect(await json.json()).toEqual({ body: [1] });
    });
  });

  it('leaves a body another parser already read alone', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/twice`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: '{"a":1}',
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ a: 1 });
    });
  });

  it('drops __proto__ and constructor.prototype members at any depth', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/strict`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: '{"a":1,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"n":{"\\u005f_proto__":{"polluted":true},"constructor":"ok"}}',
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        body: { a: 1, n: { constructor: 'ok' } },
        hasProto: false,
      });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    });
  });
});
