import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { rawRequest } from '../../helpers/server.js';
import { type AppSetup, errorOf, reported, SECRET, use, withApp } from './fixtures.js';

/** Fetch, telling a cut response (the body stream errors) from a whole one. */
async function outcome(url: string, init: RequestInit = {}) {
  return fetch(url, init)
    .then((res) => res.text())
    .then(
      (text) => ({ whole: true, text }),
      () => ({ whole: false, text: '' }),
    );
}

describe('errata/koa: values that are not errors', () => {
  const app = () =>
    withApp((router) => {
      router.get('/string', () => {
        throw SECRET;
      });
      router.get('/undefined', () => {
        throw undefined;
      });
      router.get('/null', async () => {
        await new Promise((resolve) => setImmediate(resolve));
        throw null;
      });
      router.get('/status-object', () => {
        throw { statusCode: 400, message: SECRET };
      });
      router.get('/hostile', () => {
        const trap = () => {
          throw new Error(SECRET);
        };
        throw new Proxy({}, { get: trap, getPrototypeOf: trap, has: trap, ownKeys: trap });
      });
    });

  it('answers a generic 500 to each, in the format, and reports each once', async () => {
    await use(await app(), async (server) => {
      const paths = ['/string', '/undefined', '/null', '/status-object', '/hostile'];
      for (const path of paths) {
        const res = await fetch(`${server.url}${path}`, { headers: { 'x-request-id': path } });
        const { error, body } = await errorOf(res);
        expect(res.status, path).toBe(500);
        expect(res.headers.get('x-request-id')).toBe(path);
        expect(res.headers.get('content-type')).toBe('application/json');
        expect(error.code).toBe('internal_error');
        expect(error.requestId).toBe(path);
        expect(body).not.toContain('hunter2');
      }
      expect(server.errors.map((e) => e.info.requestId)).toEqual(paths);
      expect(server.errors[0]?.error).toBe(SECRET);
      expect(server.errors[1]?.error).toBeUndefined();
      expect(server.errors[2]?.error).toBeNull();
    });
  });
});

describe('errata/koa: bodies Koa could not send', () => {
  it('answers a JSON body that cannot be serialized with a reported 500 in the format', async () => {
    const server = await withApp((router) => {
      router.get('/bigint', (ctx) => {
        ctx.set('etag', '"1"');
        ctx.body = { n: 1n };
      });
      router.get('/cycle', (ctx) => {
        const body: Record<string, unknown> = {};
        body.self = body;
        ctx.body = body;
      });
      router.get('/fine', (ctx) => {
        ctx.status = 201;
        ctx.body = [1, 'two'];
      });
    });
    await use(server, async () => {
      for (const path of ['/bigint', '/cycle']) {
        const res = await fetch(`${server.url}${path}`, { headers: { 'x-request-id': path } });
        expect(res.status, path).toBe(500);
        expect(res.headers.get('x-request-id')).toBe(path);
        expect(res.headers.get('etag')).toBeNull();
        expect((await errorOf(res)).error.code).toBe('internal_error');
      }
      expect(server.errors.map((e) => e.info.requestId)).toEqual(['/bigint', '/cycle']);
      const fine = await fetch(`${server.url}/fine`);
      expect(fine.status).toBe(201);
      expect(fine.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await fine.json()).toEqual([1, 'two']);
      const head = await fetch(`${server.url}/fine`, { method: 'HEAD' });
      expect(head.headers.get('content-length')).toBe(String('[1,"two"]'.length));
    });
  });
});

describe('errata/koa: failures after the response started', () => {
  const build = (setup: AppSetup) =>
    withApp(
      (router) => {
        router.get('/written', (ctx) => {
          // The handler took the response over and wrote part of it before failing.
          ctx.respond = false;
          ctx.res.writeHead(200, { 'content-type': 'text/plain' });
          ctx.res.write('partial ');
          throw new Error(SECRET);
        });
        router.get('/stream', (ctx) => {
          ctx.type = 'text/plain';
          ctx.body = Readable.from(
            (async function* failing() {
              yield 'partial ';
              await new Promise((resolve) => setImmediate(resolve));
              throw new Error(SECRET);
            })(),
          );
        });
        router.get('/taken-over', (ctx) => {
          // Took the response over, but failed before writing: still answered.
          ctx.respond = false;
          throw new Error(SECRET);
        });
      },
      {},
      setup,
    );

  for (const appError of [true, false]) {
    it(`cuts the response and reports the error once (appError ${appError ? 'on' : 'off'})`, async () => {
      const server = await build({ appError });
      await use(server, async () => {
        for (const path of ['/written', '/stream']) {
          const seen = await outcome(`${server.url}${path}`, {
            headers: { 'x-request-id': `cut${path}` },
          });
          expect(seen.whole, path).toBe(false);
          expect(seen.text).not.toContain('hunter2');
        }
        const errors = await reported(server, 2);
        // Let a late duplicate (Koa's own error event) show up if there were one.
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(errors.map((e) => e.info.requestId)).toEqual(['cut/written', 'cut/stream']);
        expect((errors[1]?.error as Error | undefined)?.message).toBe(SECRET);
        const health = await fetch(`${server.url}/taken-over`);
        expect(health.status).toBe(500);
        expect((await errorOf(health)).error.code).toBe('internal_error');
      });
    });
  }

  it('cuts (and reports) a stream body that fails before its first byte: Koa reads it only after errata returned', async () => {
    const server = await withApp((router) => {
      router.get('/early', (ctx) => {
        ctx.type = 'text/plain';
        ctx.body = Readable.from(
          (async function* failing() {
            await new Promise((resolve) => setImmediate(resolve));
            throw new Error(SECRET);
          })(),
        );
      });
    });
    await use(server, async () => {
      const seen = await outcome(`${server.url}/early`, { headers: { 'x-request-id': 'early' } });
      expect(seen.whole).toBe(false);
      const errors = await reported(server);
      expect(errors.map((e) => e.info.requestId)).toEqual(['early']);
      expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    });
  });

  it('does not report a client that hangs up mid-stream', async () => {
    const server = await withApp((router) => {
      router.get('/endless', (ctx) => {
        ctx.type = 'text/plain';
        ctx.body = Readable.from(
          (async function* endless() {
            for (;;) {
              yield 'x'.repeat(1024);
              await new Promise((resolve) => setTimeout(resolve, 1));
            }
          })(),
        );
      });
    });
    await use(server, async () => {
      const controller = new AbortController();
      const res = await fetch(`${server.url}/endless`, { signal: controller.signal });
      const reader = res.body?.getReader();
      await reader?.read();
      controller.abort();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(server.errors).toEqual([]);
    });
  });
});

describe('errata/koa: request ids', () => {
  const app = (options = {}, attach = true) =>
    withApp(
      (router, errata) => {
        router.get('/id', (ctx) => {
          ctx.body = { id: errata.requestIdOf(ctx), state: ctx.state.requestId };
        });
        router.get('/fail', () => {
          throw new Error(SECRET);
        });
      },
      options,
      { attach },
    );

  for (const attach of [true, false]) {
    it(`echoes a safe id and replaces hostile ones over raw sockets (attach ${attach})`, async () => {
      await use(await app({}, attach), async (server) => {
        const safe = await fetch(`${server.url}/id`, { headers: { 'x-request-id': 'trace-1' } });
        expect(safe.headers.get('x-request-id')).toBe('trace-1');
        expect(await safe.json()).toEqual({ id: 'trace-1', state: 'trace-1' });
        const hostile = [
          'x-request-id: <script>alert(1)</script>\r\n',
          `x-request-id: ${'r'.repeat(129)}\r\n`,
          'x-request-id: a\r\nx-request-id: b\r\n',
          'x-request-id: caf\xc3\xa9\r\n',
          'x-request-id: "quoted"\r\n',
          'x-request-id:\r\n',
        ];
        for (const header of hostile) {
          for (const path of ['/id', '/fail', '/nowhere']) {
            const res = await rawRequest(
              server.port,
              Buffer.from(`GET ${path} HTTP/1.1\r\nhost: x\r\n${header}\r\n`, 'latin1'),
            );
            const id = res.headers['x-request-id'];
            expect(id, `${path} ${JSON.stringify(header)}`).toMatch(/^req_[A-Za-z0-9_-]{22}$/);
            expect(res.body).not.toContain('script');
            if (path !== '/id') expect(JSON.parse(res.body).error.request_id).toBe(id);
            else expect(JSON.parse(res.body)).toEqual({ id, state: id });
          }
        }
      });
    });
  }

  it('reads and writes a custom header, and X-Request-ID beside it', async () => {
    await use(await app({ requestId: { header: 'X-Trace-ID' } }), async (server) => {
      const res = await fetch(`${server.url}/fail`, { headers: { 'x-trace-id': 'tr-9' } });
      expect(res.headers.get('x-trace-id')).toBe('tr-9');
      expect(res.headers.get('x-request-id')).toBe('tr-9');
      expect((await errorOf(res)).error.requestId).toBe('tr-9');
    });
  });

  it('ignores a caller id with trustIncoming: false', async () => {
    await use(await app({ requestId: { trustIncoming: false } }), async (server) => {
      const res = await fetch(`${server.url}/id`, { headers: { 'x-request-id': 'mine' } });
      expect(res.headers.get('x-request-id')).toMatch(/^req_/);
      await res.arrayBuffer();
    });
  });
});

describe('errata/koa: one error object that many requests fail with', () => {
  it('is reported for each request, once each, also when the body stream breaks with it', async () => {
    const shared = new Error(SECRET);
    const server = await withApp((router) => {
      router.get('/thrown', () => {
        throw shared;
      });
      router.get('/stream', (ctx) => {
        ctx.type = 'text/plain';
        ctx.body = Readable.from(
          (async function* failing() {
            yield 'partial ';
            await new Promise((resolve) => setImmediate(resolve));
            throw shared;
          })(),
        );
      });
    });
    await use(server, async () => {
      const ids = ['t-1', 's-1', 't-2', 's-2'];
      for (const id of ids) {
        const path = id.startsWith('t') ? '/thrown' : '/stream';
        await outcome(`${server.url}${path}`, { headers: { 'x-request-id': id } });
      }
      const errors = await reported(server, 4);
      // Let a late duplicate (Koa's own error event) show up if there were one.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(errors.map((e) => [e.info.requestId, e.error === shared])).toEqual(
        ids.map((id) => [id, true]),
      );
    });
  });
});
