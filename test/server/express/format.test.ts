import { Router } from 'express';
import { describe, expect, it } from 'vitest';
import { errataExpress } from '../../../src/server/express/index.js';
import { catalog, errorOf, use, withApp } from './fixtures.js';

describe('errata/express: formats', () => {
  it('pins a format per route and per router, over the app format and Accept', async () => {
    const server = await withApp((app, errata) => {
      app.get('/app', () => {
        throw catalog.error('thing_not_found', { id: '1' });
      });
      app.get('/route', errata.format('stripe'), () => {
        throw catalog.error('thing_not_found', { id: '1' });
      });
      const legacy = Router();
      legacy.use(errata.format('google'));
      legacy.get('/thing', () => {
        throw catalog.error('thing_not_found', { id: '1' });
      });
      app.use('/legacy', legacy);
    });
    await use(server, async () => {
      const cases: [string, string | undefined, string][] = [
        ['/app', undefined, 'envelope'],
        ['/app', 'application/problem+json', 'problem'],
        ['/route', undefined, 'stripe'],
        ['/route', 'application/problem+json', 'stripe'],
        ['/legacy/thing', 'application/problem+json', 'google'],
      ];
      for (const [path, accept, format] of cases) {
        const res = await fetch(
          server.url + path,
          accept === undefined ? {} : { headers: { accept } },
        );
        const { error } = await errorOf(res);
        expect(error.format, path).toBe(format);
        expect(res.status).toBe(404);
      }
    });
  });

  it('drops representation headers set before a failure, keeps the others', async () => {
    const server = await withApp((app) => {
      app.use((_req, res, next) => {
        res.set('access-control-allow-origin', '*');
        next();
      });
      app.get('/half', (_req, res) => {
        res.set({ etag: '"1"', location: '/x', 'content-type': 'text/html' });
        throw catalog.error('thing_not_found', { id: '1' });
      });
    });
    await use(server, async () => {
      const res = await fetch(`${server.url}/half`);
      expect(res.status).toBe(404);
      expect(res.headers.get('etag')).toBeNull();
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    });
  });

  it('refuses an unknown format at start-up', () => {
    const errata = errataExpress();
    expect(() => errata.format('nope' as 'problem')).toThrow(TypeError);
    expect(() => errataExpress({ format: 'nope' as 'problem' })).toThrow(TypeError);
  });
});
