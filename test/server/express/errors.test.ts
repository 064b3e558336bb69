import express from 'express';
import createError from 'http-errors';
import { describe, expect, it } from 'vitest';
import { catalog, errorOf, JSON_TYPE, SECRET, use, withApp } from './fixtures.js';

describe('errata/express: body-parser errors (express.json())', () => {
  const app = () =>
    withApp((app) => {
      app.post('/echo', express.json({ limit: 32 }), (req, res) => {
        res.json(req.body);
      });
    });

  it('maps entity.parse.failed to 400 invalid_request without quoting the body', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/echo`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: '{"a": hunter2',
      });
      const { error, body } = await errorOf(res);
      expect(res.status).toBe(400);
      expect(error.code).toBe('invalid_request');
      expect(error.message).toBe('The request body is not valid JSON.');
      expect(body).not.toContain('hunter2');
      expect(body).not.toContain('Unexpected');
      expect(res.headers.get('x-request-id')).toMatch(/^req_/);
      expect(server.errors).toEqual([]);
    });
  });

  it('maps entity.too.large to 413 payload_too_large', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/echo`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify({ value: 'x'.repeat(100) }),
      });
      expect(res.status).toBe(413);
      expect((await errorOf(res)).error.code).toBe('payload_too_large');
    });
  });

  it('maps charset.unsupported and encoding.unsupported to 415 unsupported_media_type', async () => {
    await use(await app(), async (server) => {
      const charset = await fetch(`${server.url}/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=latin1' },
        body: '{}',
      });
      expect(charset.status).toBe(415);
      const parsedCharset = await errorOf(charset);
      expect(parsedCharset.error.code).toBe('unsupported_media_type');
      expect(parsedCharset.body).not.toContain('latin1');
      const encoding = await fetch(`${server.url}/echo`, {
        method: 'POST',
        headers: { ...JSON_TYPE, 'content-encoding': 'x-custom' },
        body: '{}',
      });
      expect(encoding.status).toBe(415);
      expect((await errorOf(encoding)).error.code).toBe('unsupported_media_type');
      expect(server.errors).toEqual([]);
    });
  });
});

describe('errata/express: http-errors and other thrown values', () => {
  const app = () =>
    withApp((app) => {
      app.get('/unauthorized', () => {
        throw createError(401, 'Token expired.', { headers: { 'WWW-Authenticate': 'Bearer' } });
      });
      app.get('/gone', (_req, _res, next) => next(createError(404)));
      app.get('/conflict', () => {
        throw createError(409, 'Already there.');
      });
      app.get('/teapot', () => {
        throw createError(418);
      });
      app.get('/hidden', () => {
        throw Object.assign(new Error(`lookup failed: ${SECRET}`), { status: 400, expose: false });
      });
      app.get('/unavailable', () => {
        throw createError(503, `down: ${SECRET}`);
      });
      app.get('/server', () => {
        throw createError(500, `boom: ${SECRET}`);
      });
      app.get('/string', () => {
        throw SECRET;
      });
      app.get('/things/:id', (req) => {
        throw catalog.error('thing_not_found', { id: req.params.id });
      });
    });

  it('maps 4xx http-errors to cataloged codes, passing on only exposed messages and their headers', async () => {
    await use(await app(), async (server) => {
      const unauthorized = await fetch(`${server.url}/unauthorized`);
      expect(unauthorized.status).toBe(401);
      expect(unauthorized.headers.get('www-authenticate')).toBe('Bearer');
      const u = (await errorOf(unauthorized)).error;
      expect([u.code, u.message]).toEqual(['unauthorized', 'Token expired.']);

      const gone = await errorOf(await fetch(`${server.url}/gone`));
      expect([gone.error.status, gone.error.code]).toEqual([404, 'not_found']);

      const conflict = await errorOf(await fetch(`${server.url}/conflict`));
      // The catalog's own `conflict` entry is used.
      expect([conflict.error.status, conflict.error.code]).toEqual([409, 'conflict']);
      expect(conflict.error.message).toBe('Already there.');

      const teapot = await errorOf(await fetch(`${server.url}/teapot`));
      expect([teapot.error.status, teapot.error.code]).toEqual([418, 'http_418']);

      const hidden = await fetch(`${server.url}/hidden`);
      const h = await errorOf(hidden);
      expect([hidden.status, h.error.code]).toEqual([400, 'invalid_request']);
      expect(h.body).not.toContain('hunter2');
      expect(server.errors).toEqual([]);
    });
  });

  it('reports 5xx http-errors and plain thrown values, leaking nothing', async () => {
    await use(await app(), async (server) => {
      const unavailable = await fetch(`${server.url}/unavailable`, {
        headers: { 'x-request-id': 'down-1' },
      });
      const u = await errorOf(unavailable);
      // The rule every adapter shares (statusLikeError): a 5xx status-like error is a generic 500.
      expect([unavailable.status, u.error.code]).toEqual([500, 'internal_error']);
      expect(u.body).not.toContain('hunter2');
      for (const path of ['/server', '/string']) {
        const res = await fetch(server.url + path);
        const { error, body } = await errorOf(res);
        expect([res.status, error.code]).toEqual([500, 'internal_error']);
        expect(body).not.toContain('hunter2');
        expect(body).not.toContain('boom');
      }
      expect(server.errors.map((e) => e.info)).toEqual([
        { requestId: 'down-1', method: 'GET', url: '/unavailable' },
        { requestId: expect.stringMatching(/^req_/), method: 'GET', url: '/server' },
        { requestId: expect.stringMatching(/^req_/), method: 'GET', url: '/string' },
      ]);
      expect(String((server.errors[0]?.error as Error | undefined)?.message)).toContain('hunter2');
      expect(server.errors[2]?.error).toBe(SECRET);
    });
  });

  it('renders catalog errors with details', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/things/a%20b?x=1`);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({
        error: { code: 'thing_not_found', message: 'No thing a b.', details: { id: 'a b' } },
      });
    });
  });

  it('answers a malformed percent-encoding in a param with 400 invalid_request', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/things/%E0%A4%A`);
      const { error } = await errorOf(res);
      expect([res.status, error.code]).toEqual([400, 'invalid_request']);
      expect(error.message).toBe('The request path holds an invalid percent-encoding.');
      expect(server.errors).toEqual([]);
    });
  });
});
