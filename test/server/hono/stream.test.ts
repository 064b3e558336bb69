import { describe, expect, it } from 'vitest';
import { makeApp, serveOnSocket } from './fixtures.js';

describe('errata/hono: streams', () => {
  function streamingApp() {
    const made = makeApp();
    made.app.get('/stream', (c) => {
      c.header('transfer-encoding', 'chunked');
      return made.errata.stream(c, async (s) => {
        await s.write('first ');
        throw new Error('stream secret s3cr3t');
      });
    });
    made.app.get('/fine', (c) =>
      made.errata.stream(c, async (s) => {
        await s.write('a');
        await s.writeln('b');
      }),
    );
    return made;
  }

  it('reports an error thrown mid-stream and errors the body (fetch path)', async () => {
    const { app, seen } = streamingApp();
    const res = await app.request('/stream', { headers: { 'x-request-id': 'st-1' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('st-1');
    await expect(res.text()).rejects.toThrow();
    expect(seen.map((s) => [(s.error as Error).message, s.info.requestId])).toEqual([
      ['stream secret s3cr3t', 'st-1'],
    ]);
    const fine = await app.request('/fine');
    expect(await fine.text()).toBe('ab\n');
  });

  it('cuts the connection on a real socket and keeps serving', async () => {
    const { app, seen } = streamingApp();
    const server = await serveOnSocket(app);
    try {
      const outcome = await fetch(`${server.url}/stream`, { headers: { 'x-request-id': 'st-2' } })
        .then((res) => res.text())
        .then(
          (text) => ({ complete: true, text }),
          () => ({ complete: false, text: '' }),
        );
      expect(outcome.complete).toBe(false);
      for (let i = 0; i < 50 && seen.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(seen.map((s) => s.info.requestId)).toEqual(['st-2']);
      const fine = await fetch(`${server.url}/fine`);
      expect(await fine.text()).toBe('ab\n');
    } finally {
      await server.close();
    }
  });
});
