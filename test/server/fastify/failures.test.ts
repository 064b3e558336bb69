import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { closeServers, json, SECRET, serve, waitFor } from './fixtures.js';

afterEach(closeServers);

describe('errata/fastify: failures', () => {
  it('answers async throws with a generic 500 and hands the original to onError', async () => {
    const s = await serve((app) => {
      app.get('/async', async () => {
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error(SECRET);
      });
      app.get('/thrown-string', () => {
        throw 'a string with hunter2';
      });
    });
    const res = await fetch(`${s.url}/async?q=1`, { headers: { 'x-request-id': 'a-1' } });
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(text)).toMatchObject({
      error: { code: 'internal_error', request_id: 'a-1' },
    });
    expect(text).not.toContain('hunter2');
    expect(s.errors[0]?.info).toEqual({ requestId: 'a-1', method: 'GET', url: '/async?q=1' });
    expect((s.errors[0]?.error as Error | undefined)?.message).toBe(SECRET);
    const str = await fetch(`${s.url}/thrown-string`);
    expect(str.status).toBe(500);
    expect(await str.text()).not.toContain('hunter2');
    expect(s.errors[1]?.error).toBe('a string with hunter2');
  });

  it('reports errors thrown after reply.send and keeps serving', async () => {
    const s = await serve((app) => {
      app.get('/sync', (_request, reply) => {
        reply.send({ ok: true });
        throw new Error('after send (sync)');
      });
      app.get('/async', async (_request, reply) => {
        reply.send({ ok: true });
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error('after send (async)');
      });
    });
    for (const path of ['/sync', '/async']) {
      const res = await fetch(`${s.url}${path}`, {
        headers: { 'x-request-id': `sent${path.replace('/', '-')}` },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true });
    }
    await waitFor(() => s.errors.length === 2);
    expect(s.errors.map((e) => [(e.error as Error).message, e.info.requestId])).toEqual([
      ['after send (sync)', 'sent-sync'],
      ['after send (async)', 'sent-async'],
    ]);
  });

  it('cuts a started response (raw write, failing stream), reports it, and keeps serving', async () => {
    const s = await serve((app) => {
      app.get('/raw', (_request, reply) => {
        reply.raw.writeHead(200, { 'content-type': 'text/plain' });
        reply.raw.write('partial ');
        throw new Error(SECRET);
      });
      app.get('/stream', () => {
        let sent = false;
        return new Readable({
          read() {
            if (!sent) {
              sent = true;
              this.push('first chunk ');
            } else setImmediate(() => this.destroy(new Error('stream broke')));
          },
        });
      });
    });
    for (const path of ['/raw', '/stream']) {
      const outcome = await fetch(`${s.url}${path}`, {
        headers: { 'x-request-id': `cut${path.replace('/', '-')}` },
      })
        .then((res) => res.text())
        .then(
          (text) => ({ ok: true, text }),
          () => ({ ok: false, text: '' }),
        );
      expect(outcome.ok, path).toBe(false);
      expect(outcome.text).not.toContain('hunter2');
    }
    await waitFor(() => s.errors.length === 2);
    expect(s.errors.map((e) => e.info.requestId).sort()).toEqual(['cut-raw', 'cut-stream']);
    expect((await fetch(`${s.url}/nowhere`)).status).toBe(404);
  });

  it('parses JSON without prototype pollution (__proto__ and constructor.prototype)', async () => {
    const s = await serve((app) => {
      app.post('/merge', (request) => {
        const target: Record<string, unknown> = {};
        Object.assign(target, request.body);
        return {
          keys: Object.keys(request.body as object),
          polluted: (target as { polluted?: unknown }).polluted ?? null,
        };
      });
    });
    const res = await fetch(
      `${s.url}/merge`,
      json(
        '{"a":1,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"\\u005f_proto__":{"polluted":1}}',
      ),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ keys: ['a'], polluted: null });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
