import { describe, expect, it } from 'vitest';
import { defineCatalog } from '../../../src/index.js';
import { makeApp, serveOnSocket } from './fixtures.js';

type Envelope = { error: { code: string; message: string } };

describe('errata/hono with 405 switched off', () => {
  const catalog = defineCatalog({
    baseCodes: 'UPPER_SNAKE',
    errors: {},
    roles: { method_not_allowed: false },
  });

  it('answers a known path with a wrong method exactly like an unknown path', async () => {
    const { app } = makeApp({ catalog });
    app.get('/things/:id', (c) => c.json({ ok: true }));
    const server = await serveOnSocket(app);
    try {
      const wrong = await fetch(`${server.url}/things/1`, { method: 'DELETE' });
      expect(wrong.status).toBe(404);
      expect(wrong.headers.get('allow')).toBeNull();
      expect(((await wrong.json()) as Envelope).error).toMatchObject({
        code: 'NOT_FOUND',
        message: 'No route matches DELETE /things/1.',
      });
      const options = await fetch(`${server.url}/things/1`, { method: 'OPTIONS' });
      expect(options.status).toBe(204);
    } finally {
      await server.close();
    }
  });

  it("defaults to the catalog's format", async () => {
    const { app } = makeApp({
      catalog: defineCatalog({ errors: {}, format: 'laravel' }),
      format: undefined,
    });
    const res = await app.request('/nope');
    expect(await res.json()).toEqual({ message: 'No route matches GET /nope.' });
  });

  it('keeps the app format for Accept: application/problem+json with negotiate: false', async () => {
    const accept = { headers: { accept: 'application/problem+json' } };
    const fixed = makeApp({ format: 'message', negotiate: false }).app;
    const res = await fixed.request('/nope', accept);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ message: 'No route matches GET /nope.' });
    const negotiating = makeApp({ format: 'message' }).app;
    const problem = await negotiating.request('/nope', accept);
    expect(problem.headers.get('content-type')).toBe('application/problem+json');
  });
});
