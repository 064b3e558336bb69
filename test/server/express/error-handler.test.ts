import { describe, expect, it } from 'vitest';
import { catalog, errorOf, reported, SECRET, use, withApp } from './fixtures.js';

describe('errata/express: async handlers and started responses', () => {
  const app = () =>
    withApp((app) => {
      app.get('/async', async () => {
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error(SECRET);
      });
      app.get('/async-api', async () => {
        await new Promise((resolve) => setImmediate(resolve));
        throw catalog.error('thing_not_found', { id: 'x' });
      });
      app.get('/started', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '100' });
        res.write('partial ');
        throw new Error(SECRET);
      });
      app.get('/started-async', async (_req, res) => {
        res.setHeader('content-type', 'text/plain');
        res.write('partial ');
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error(SECRET);
      });
      app.get('/ended', (_req, res) => {
        res.json({ ok: true });
        throw new Error('after the end');
      });
      app.get('/ok', (_req, res) => {
        res.json({ ok: true });
      });
    });

  it('turns an async rejection into the error it carries', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/async`, { headers: { 'x-request-id': 'a-1' } });
      const { error, body } = await errorOf(res);
      expect([res.status, error.code, error.requestId]).toEqual([500, 'internal_error', 'a-1']);
      expect(body).not.toContain('hunter2');
      expect(server.errors.map((e) => e.info.requestId)).toEqual(['a-1']);
      const api = await fetch(`${server.url}/async-api`);
      expect(api.status).toBe(404);
      expect(server.errors).toHaveLength(1);
    });
  });

  it('destroys a started response, reports the error, and keeps serving', async () => {
    await use(await app(), async (server) => {
      for (const [path, id] of [
        ['/started', 's-1'],
        ['/started-async', 's-2'],
      ] as const) {
        // Cut before the announced length or the last chunk: the client sees a broken body,
        // never a whole response.
        const outcome = await fetch(server.url + path, { headers: { 'x-request-id': id } })
          .then((res) => res.text())
          .then(
            (text) => ({ cut: false, text }),
            () => ({ cut: true, text: '' }),
          );
        expect(outcome).toEqual({ cut: true, text: '' });
      }
      const errors = await reported(server, 2);
      expect(errors.map((e) => e.info.requestId).sort()).toEqual(['s-1', 's-2']);
      expect(errors.every((e) => (e.error as Error).message.includes('hunter2'))).toBe(true);
      const ok = await fetch(`${server.url}/ok`);
      expect(ok.status).toBe(200);
    });
  });

  it('reports an error raised after the response ended, without touching it', async () => {
    await use(await app(), async (server) => {
      const res = await fetch(`${server.url}/ended`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true });
      const errors = await reported(server);
      expect(errors.map((e) => (e.error as Error).message)).toEqual(['after the end']);
    });
  });
});
