import type express from 'express';
import { Router } from 'express';
import { describe, expect, it } from 'vitest';
import { errataExpress } from '../../../src/server/express/index.js';
import { errorOf, use, withApp } from './fixtures.js';

describe('errata/express: pinned formats on 405, and falsy throws', () => {
  it('renders the 405 of a path in the format its route (or enclosing router) pins', async () => {
    const server = await withApp((app, errata) => {
      app.get('/legacy', errata.format('stripe'), (_req, res) => {
        res.json({ ok: true });
      });
      const v3 = Router();
      v3.use(errata.format('jsonapi'));
      v3.get('/items/:id', (_req, res) => {
        res.json({ ok: true });
      });
      app.use('/v3', v3);
      app.get('/plain', (_req, res) => {
        res.json({ ok: true });
      });
    });
    await use(server, async () => {
      for (const [path, format] of [
        ['/legacy', 'stripe'],
        ['/v3/items/1', 'jsonapi'],
        ['/plain', 'envelope'],
      ] as const) {
        const res = await fetch(server.url + path, { method: 'DELETE' });
        expect(res.status, path).toBe(405);
        const { error } = await errorOf(res);
        expect(error.format, path).toBe(format);
      }
    });
  });

  it('documents the framework limitation: Express drops a sync `throw null` (404); an async one is a 500', async () => {
    const server = await withApp((app) => {
      app.get('/sync-null', () => {
        throw null;
      });
      app.get('/async-null', async () => {
        throw null;
      });
    });
    await use(server, async () => {
      // Express 5 treats a falsy sync throw like next(null): no error, routing goes on.
      expect((await fetch(`${server.url}/sync-null`)).status).toBe(404);
      // A rejected promise with a falsy reason becomes `new Error('Rejected promise')`.
      const res = await fetch(`${server.url}/async-null`);
      expect(res.status).toBe(500);
      expect((await errorOf(res)).error.code).toBe('internal_error');
      expect(server.errors).toHaveLength(1);
    });
  });
});

describe('errata/express: 404 and 405', () => {
  const app = () =>
    withApp((app) => {
      const ok = (_req: express.Request, res: express.Response) => {
        res.json({ ok: true });
      };
      app.route('/things/:id').get(ok).put(ok).delete(ok);
      app.post('/things', ok);
      app.get('/pass', (_req, _res, next) => next());
      app.all('/any', ok);
      const v2 = Router();
      v2.patch('/items/:id', ok);
      v2.get('/items/:id', ok);
      app.use('/v2', v2);
    });

  it('answers a known path with another method 405 and Allow in a fixed order', async () => {
    await use(await app(), async (server) => {
      const cases: [string, string, string][] = [
        ['POST', '/things/1', 'GET, HEAD, PUT, DELETE, OPTIONS'],
        ['PATCH', '/things/1', 'GET, HEAD, PUT, DELETE, OPTIONS'],
        ['GET', '/things', 'POST, OPTIONS'],
        ['HEAD', '/things', 'POST, OPTIONS'],
        ['DELETE', '/v2/items/7', 'GET, HEAD, PATCH, OPTIONS'],
      ];
      for (const [method, path, allow] of cases) {
        const res = await fetch(server.url + path, { method });
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.headers.get('allow')).toBe(allow);
        expect(res.headers.get('x-request-id')).toMatch(/^req_/);
        if (method !== 'HEAD') expect((await errorOf(res)).error.code).toBe('method_not_allowed');
      }
    });
  });

  it('answers OPTIONS with 204 and Allow', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/things/1`, { method: 'OPTIONS' });
      expect(res.status).toBe(204);
      expect(res.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE, OPTIONS');
      expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    });
  });

  it('answers 404 for unknown paths and for routes that pass the request on', async () => {
    await use(await app(), async (server) => {
      for (const [method, path] of [
        ['GET', '/nope'],
        ['GET', '/pass'],
        ['POST', '/pass/deeper'],
        ['GET', '/v2/other'],
        ['GET', '/things/1/2'],
      ] as const) {
        const res = await fetch(server.url + path, { method });
        expect(res.status, `${method} ${path}`).toBe(404);
        const { error } = await errorOf(res);
        expect(error.code).toBe('not_found');
        expect(error.message).toBe(`No route matches ${method} ${path}.`);
      }
      const any = await fetch(`${server.url}/any`, { method: 'DELETE' });
      expect(any.status).toBe(200);
    });
  });

  it('refuses something that is not a router', () => {
    expect(() => errataExpress().methodNotAllowed({} as never)).toThrow(TypeError);
  });
});
