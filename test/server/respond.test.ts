import { describe, expect, it } from 'vitest';
import { ApiError, renderError } from '../../src/index.js';
import { abort, canRespond, send } from '../../src/server/respond.js';
import { startServer } from '../helpers/server.js';

describe('send', () => {
  it('writes a RenderedError: status, headers and a Content-Length body', async () => {
    const rendered = renderError(new ApiError({ status: 503, code: 'service_unavailable' }), {
      format: 'envelope',
      requestId: 'req_1',
    });
    const server = await startServer((_req, res) => {
      expect(send(res, rendered)).toBe(true);
    });
    try {
      const res = await fetch(server.url);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-request-id')).toBe('req_1');
      const text = await res.text();
      expect(text).toBe(rendered.body);
      expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    } finally {
      await server.close();
    }
  });

  it('sends no body with 204 and an empty body with Content-Length 0 otherwise', async () => {
    const server = await startServer((req, res) => {
      send(res, req.url === '/204' ? { status: 204, body: 'ignored' } : { status: 202 });
    });
    try {
      const none = await fetch(`${server.url}/204`);
      expect(none.status).toBe(204);
      expect(await none.text()).toBe('');
      const empty = await fetch(`${server.url}/202`);
      expect(empty.headers.get('content-length')).toBe('0');
    } finally {
      await server.close();
    }
  });

  it('does nothing on an ended response and destroys a started one, never throwing', async () => {
    const results: unknown[] = [];
    const server = await startServer((req, res) => {
      if (req.url === '/ended') {
        res.end('first');
        results.push(canRespond(res), send(res, { status: 500, body: 'second' }));
        return;
      }
      res.writeHead(200, { 'content-length': '50' });
      res.write('partial');
      results.push(canRespond(res), send(res, { status: 500, body: 'late error' }));
    });
    try {
      const ended = await fetch(`${server.url}/ended`);
      expect(await ended.text()).toBe('first');
      expect(results).toEqual([false, false]);
      // The client must see a broken response (failed fetch or body), never a whole one.
      const outcome = await fetch(`${server.url}/started`)
        .then((res) => res.text())
        .then(
          (text) => `complete: ${text}`,
          () => 'broken',
        );
      expect(outcome).toBe('broken');
      expect(results).toEqual([false, false, false, false]);
    } finally {
      await server.close();
    }
  });

  it('throws a TypeError for header injection before writing anything', async () => {
    let thrown: unknown;
    const server = await startServer((_req, res) => {
      try {
        send(res, { status: 200, headers: { 'x-a': 'ok\r\nset-cookie: evil=1' }, body: 'x' });
      } catch (error) {
        thrown = error;
      }
      expect(res.headersSent).toBe(false);
      send(res, { status: 500, body: 'fallback' });
    });
    try {
      const res = await fetch(server.url);
      expect(res.status).toBe(500);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(res.headers.get('x-a')).toBeNull();
      expect(thrown).toBeInstanceOf(TypeError);
    } finally {
      await server.close();
    }
  });

  it('removes the headers it had set when a later one is invalid', async () => {
    let thrown: unknown;
    const server = await startServer((_req, res) => {
      res.setHeader('x-kept', 'before');
      try {
        send(res, {
          status: 200,
          headers: { 'x-first': 'ok', 'x-second': 'ok', 'bad name': 'v', 'x-after': 'ok' },
          body: 'x',
        });
      } catch (error) {
        thrown = error;
      }
      expect(res.headersSent).toBe(false);
      send(res, { status: 500, body: 'fallback' });
    });
    try {
      const res = await fetch(server.url);
      expect(res.status).toBe(500);
      expect(await res.text()).toBe('fallback');
      expect(res.headers.get('x-kept')).toBe('before');
      for (const name of ['x-first', 'x-second', 'x-after'])
        expect(res.headers.get(name)).toBeNull();
      expect(thrown).toBeInstanceOf(TypeError);
    } finally {
      await server.close();
    }
  });

  it('merges a vary header with the Vary the response has, each name once', async () => {
    const server = await startServer((req, res) => {
      if (req.url !== '/none')
        res.setHeader('vary', req.url === '/both' ? 'Origin, Accept-Language' : 'Origin');
      send(res, { status: 404, headers: { vary: 'Accept-Language' }, body: 'x' });
    });
    try {
      for (const [path, expected] of [
        ['/origin', 'Origin, Accept-Language'],
        ['/both', 'Origin, Accept-Language'],
        ['/none', 'Accept-Language'],
      ] as const) {
        const res = await fetch(`${server.url}${path}`);
        expect(res.headers.get('vary'), path).toBe(expected);
        await res.arrayBuffer();
      }
    } finally {
      await server.close();
    }
  });

  it("puts the response's own Vary back when a header is invalid", async () => {
    const server = await startServer((_req, res) => {
      res.setHeader('vary', 'Origin');
      expect(() =>
        send(res, { status: 404, headers: { vary: 'Accept-Language', 'bad name': 'v' } }),
      ).toThrow(TypeError);
      send(res, { status: 500, body: 'fallback' });
    });
    try {
      const res = await fetch(server.url);
      expect(res.status).toBe(500);
      expect(res.headers.get('vary')).toBe('Origin');
      await res.arrayBuffer();
    } finally {
      await server.close();
    }
  });

  it('sends string bodies with their UTF-8 byte length, and byte bodies as they are', async () => {
    const text = 'héllo → wörld 😀';
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const server = await startServer((req, res) => {
      send(res, { status: 200, body: req.url === '/bytes' ? bytes : text });
    });
    try {
      const res = await fetch(server.url);
      expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
      expect(await res.text()).toBe(text);
      const raw = await fetch(`${server.url}/bytes`);
      expect(raw.headers.get('content-length')).toBe('5');
      expect([...new Uint8Array(await raw.arrayBuffer())]).toEqual([...bytes]);
    } finally {
      await server.close();
    }
  });

  it('abort leaves a finished response alone', async () => {
    const server = await startServer((_req, res) => {
      res.end('done');
      abort(res);
    });
    try {
      expect(await (await fetch(server.url)).text()).toBe('done');
    } finally {
      await server.close();
    }
  });
});
