import { describe, expect, it } from 'vitest';
import { defineCatalog } from '../../../src/index.js';
import { use, withApp } from './fixtures.js';

type Envelope = { error: { code: string; message: string } };

describe('errata/express with 405 switched off', () => {
  const catalog = defineCatalog({ errors: {}, roles: { method_not_allowed: false } });

  it('lets a known path with a wrong method fall through to the 404', async () => {
    const server = await withApp(
      (app) => {
        app.get('/things/:id', (_req, res) => {
          res.json({ ok: true });
        });
      },
      { catalog },
    );
    await use(server, async ({ url }) => {
      const wrong = await fetch(`${url}/things/1`, { method: 'DELETE' });
      expect(wrong.status).toBe(404);
      expect(wrong.headers.get('allow')).toBeNull();
      expect(((await wrong.json()) as Envelope).error).toMatchObject({
        code: 'not_found',
        message: 'No route matches DELETE /things/1.',
      });
      const options = await fetch(`${url}/things/1`, { method: 'OPTIONS' });
      expect(options.status).toBe(204);
    });
  });

  it("defaults to the catalog's format", async () => {
    const withFormat = defineCatalog({ errors: {}, format: 'message' });
    const server = await withApp(() => {}, { catalog: withFormat, format: undefined });
    await use(server, async ({ url }) => {
      const res = await fetch(`${url}/nope`);
      expect(await res.json()).toEqual({ message: 'No route matches GET /nope.' });
    });
  });

  it('keeps the app format for Accept: application/problem+json with negotiate: false', async () => {
    const server = await withApp(() => {}, { format: 'message', negotiate: false });
    await use(server, async ({ url }) => {
      const res = await fetch(`${url}/nope`, { headers: { accept: 'application/problem+json' } });
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.json()).toEqual({ message: 'No route matches GET /nope.' });
    });
    const negotiating = await withApp(() => {}, { format: 'message' });
    await use(negotiating, async ({ url }) => {
      const res = await fetch(`${url}/nope`, { headers: { accept: 'application/problem+json' } });
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    });
  });
});
