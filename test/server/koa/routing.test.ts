import Router from '@koa/router';
import { describe, expect, it } from 'vitest';
import { defineCatalog, formats } from '../../../src/index.js';
import { errataKoa } from '../../../src/server/koa/index.js';
import { BAD_ENCODING_MESSAGE } from '../../../src/server/router.js';
import { errorOf, use, withApp } from './fixtures.js';

describe('errata/koa: 404, 405 and OPTIONS', () => {
  const app = () =>
    withApp((router, errata, koa) => {
      router.get('/things/:id', (ctx) => {
        ctx.body = { id: ctx.params.id };
      });
      router.put('/things/:id', (ctx) => {
        ctx.status = 204;
      });
      router.del('/things/:id', (ctx) => {
        ctx.status = 204;
      });
      router.register('/things/:id', ['PURGE'], (ctx) => {
        ctx.status = 204;
      });
      router.get('/legacy', errata.format('stripe'), (ctx) => {
        ctx.body = 'ok';
      });
      const nested = new Router({ strict: true });
      nested.use(errata.format('jsonapi'));
      nested.post('/items', (ctx) => {
        ctx.status = 201;
      });
      router.use('/v2', nested.routes());
      // Answers, then passes the request on (Koa middleware style): its answer stands.
      router.get('/answered-then-next', async (ctx, next) => {
        ctx.body = { answered: true };
        await next();
      });
      router.del('/gone-then-next', async (ctx, next) => {
        ctx.status = 204;
        await next();
      });
      // A second router, mounted on its own: its paths count for 405 as well.
      const other = new Router();
      other.post('/other', (ctx) => {
        ctx.status = 201;
      });
      koa.use(errata.routes(other));
    });

  it('answers 405 with Allow in METHODS order (custom methods before OPTIONS)', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/things/1`, { method: 'POST' });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE, PURGE, OPTIONS');
      const { error } = await errorOf(res);
      expect(error.code).toBe('method_not_allowed');
      expect(error.message).toBe(
        'POST is not allowed here; use GET, HEAD, PUT, DELETE, PURGE, OPTIONS.',
      );
      const other = await fetch(`${server.url}/other`);
      expect(other.status).toBe(405);
      expect(other.headers.get('allow')).toBe('POST, OPTIONS');
      await other.arrayBuffer();
    });
  });

  it('answers OPTIONS with 204 and Allow, HEAD like GET', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/things/1`, { method: 'OPTIONS' });
      expect(res.status).toBe(204);
      expect(res.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE, PURGE, OPTIONS');
      expect(res.headers.get('x-request-id')).toMatch(/^req_/);
      expect(await res.text()).toBe('');
      const head = await fetch(`${server.url}/things/1`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      const unknownHead = await fetch(`${server.url}/nope`, { method: 'HEAD' });
      expect(unknownHead.status).toBe(404);
      expect(unknownHead.headers.get('content-type')).toBe('application/json');
      expect(Number(unknownHead.headers.get('content-length'))).toBeGreaterThan(0);
      expect(await unknownHead.text()).toBe('');
    });
  });

  it('answers 404 not_found for an unknown path, naming it', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/nope/deeper?q=1`, { method: 'DELETE' });
      expect(res.status).toBe(404);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect((await errorOf(res)).error).toMatchObject({
        code: 'not_found',
        message: 'No route matches DELETE /nope/deeper.',
      });
      const slash = await fetch(`${server.url}/things/1/`);
      expect(slash.status).toBe(404);
      await slash.arrayBuffer();
    });
  });

  it('renders the 405 of a pinned path in its pin (route or router.use)', async () => {
    await use(await app(), async (server) => {
      const legacy = await fetch(`${server.url}/legacy`, { method: 'DELETE' });
      expect(legacy.status).toBe(405);
      expect(legacy.headers.get('content-type')).toBe(formats.stripe.contentType);
      expect((await errorOf(legacy)).error.format).toBe('stripe');
      const items = await fetch(`${server.url}/v2/items`, { method: 'GET' });
      expect(items.status).toBe(405);
      expect(items.headers.get('allow')).toBe('POST, OPTIONS');
      expect(items.headers.get('content-type')).toBe(formats.jsonapi.contentType);
      await items.arrayBuffer();
    });
  });

  it('leaves alone a request a handler answered before passing it on', async () => {
    await use(await app(), async (server) => {
      const answered = await fetch(`${server.url}/answered-then-next`);
      expect(answered.status).toBe(200);
      expect(await answered.json()).toEqual({ answered: true });
      const gone = await fetch(`${server.url}/gone-then-next`, { method: 'DELETE' });
      expect(gone.status).toBe(204);
    });
  });

  it('answers 400 for a bad percent-encoding in a routed path, 404 in an unknown one', async () => {
    await use(await app(), async (server) => {
      for (const method of ['GET', 'POST', 'PURGE']) {
        const res = await fetch(`${server.url}/things/%zz`, { method });
        expect(res.status, method).toBe(400);
        const { error } = await errorOf(res);
        expect(error.code).toBe('invalid_request');
        expect(error.message).toBe(BAD_ENCODING_MESSAGE);
      }
      const unknown = await fetch(`${server.url}/nope/%zz`);
      expect(unknown.status).toBe(404);
      await unknown.arrayBuffer();
      expect(server.errors).toEqual([]);
    });
  });

  it('refuses what is not a router at start-up', () => {
    const errata = errataKoa();
    expect(() => errata.routes({} as never)).toThrow(TypeError);
    expect(() => errata.format('nope' as never)).toThrow();
  });
});

describe('errata/koa with 405 switched off', () => {
  const catalog = defineCatalog({ errors: {}, roles: { method_not_allowed: false } });

  it('lets a known path with a wrong method fall through to the 404; OPTIONS still 204', async () => {
    const server = await withApp(
      (router) => {
        router.get('/things/:id', (ctx) => {
          ctx.body = { ok: true };
        });
      },
      { catalog },
    );
    await use(server, async ({ url }) => {
      const wrong = await fetch(`${url}/things/1`, { method: 'DELETE' });
      expect(wrong.status).toBe(404);
      expect(wrong.headers.get('allow')).toBeNull();
      expect((await errorOf(wrong)).error).toMatchObject({
        code: 'not_found',
        message: 'No route matches DELETE /things/1.',
      });
      const options = await fetch(`${url}/things/1`, { method: 'OPTIONS' });
      expect(options.status).toBe(204);
      expect(options.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    });
  });
});
