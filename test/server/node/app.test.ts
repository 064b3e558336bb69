import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../src/index.js';
import { clientErrorHandler, errata } from '../../../src/server/node/index.js';
import { startServer } from '../../helpers/server.js';
import { collectErrors } from '../fixtures.js';
import { catalog, errorOf } from './fixtures.js';

describe('errata.wrap()', () => {
  it('applies the server rules to a bring-your-own-routing handler', async () => {
    const { seen, onError } = collectErrors();
    const server = await startServer(
      errata.wrap(
        (ctx) => {
          if (ctx.path === '/boom') throw new Error('secret');
          if (ctx.path === '/missing') throw catalog.error('thing_not_found', { id: 'm' });
          return { body: { method: ctx.method, path: ctx.path } };
        },
        { catalog, format: 'jsonapi', onError },
      ),
    );
    try {
      const ok = await fetch(`${server.url}/anything`, { method: 'DELETE' });
      expect(await ok.json()).toEqual({ method: 'DELETE', path: '/anything' });
      expect(ok.headers.get('x-request-id')).toMatch(/^req_/);
      const missing = await fetch(`${server.url}/missing`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ errors: [{ code: 'thing_not_found' }] });
      const boom = await fetch(`${server.url}/boom`);
      expect(boom.status).toBe(500);
      expect(await boom.text()).not.toContain('secret');
      expect(seen).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

describe('errata() options', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('treats an option given as undefined like one left out', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const app = errata({
      catalog: undefined,
      format: undefined,
      onError: undefined,
      requestId: { header: undefined, trustIncoming: undefined, generate: undefined },
      bodyLimit: undefined,
    });
    app.route('/boom', {
      GET: () => {
        throw new Error('kaboom');
      },
    });
    app.route(
      '/echo',
      { POST: async (ctx) => ({ body: await ctx.json() }) },
      { bodyLimit: undefined },
    );
    const server = await startServer(app);
    try {
      // catalog: undefined used to make every error response destroy the socket.
      const missing = await fetch(`${server.url}/nope`, { headers: { 'x-request-id': 'mine-1' } });
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toBe('application/problem+json');
      expect(missing.headers.get('x-request-id')).toBe('mine-1');
      expect((await errorOf(missing)).code).toBe('not_found');
      // onError: undefined used to lose the error silently.
      const boom = await fetch(`${server.url}/boom`);
      expect(boom.status).toBe(500);
      expect((await errorOf(boom)).code).toBe('internal_error');
      expect(logged).toHaveBeenCalledTimes(1);
      expect(logged.mock.calls[0]?.[1]).toBeInstanceOf(Error);
      // bodyLimit: undefined keeps the 64 KiB default.
      const echo = await fetch(`${server.url}/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ v: 'x'.repeat(1000) }),
      });
      expect(echo.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('treats undefined options of errata.wrap() like left-out ones', async () => {
    const server = await startServer(
      errata.wrap(
        () => {
          throw new ApiError({ status: 409, code: 'conflict' });
        },
        { catalog: undefined, format: undefined },
      ),
    );
    try {
      const res = await fetch(server.url);
      expect(res.status).toBe(409);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    } finally {
      await server.close();
    }
  });

  it('refuses an invalid requestId.header at start-up with a clear TypeError', () => {
    for (const header of [
      '',
      'x request id',
      'x-id:',
      'x-id\r\nx-evil',
      'x-ïd',
      'x-id\0',
      '(id)',
    ]) {
      expect(() => errata({ requestId: { header } }), JSON.stringify(header)).toThrow(TypeError);
      expect(() => errata({ requestId: { header } })).toThrow(/requestId\.header/);
      expect(() => errata.wrap(() => undefined, { requestId: { header } })).toThrow(TypeError);
      expect(() => clientErrorHandler({ requestId: { header } })).toThrow(TypeError);
    }
    expect(() => errata({ requestId: { header: 42 as never } })).toThrow(/requestId\.header/);
    expect(() => errata({ requestId: { generate: 'nope' as never } })).toThrow(/generate/);
    expect(() => errata({ requestId: { header: "X-Trace_ID.v1!#$%&'*+^`|~" } })).not.toThrow();
  });

  it('refuses a bodyLimit that is not a positive integer, app-wide or per route', () => {
    for (const bodyLimit of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '10']) {
      expect(() => errata({ bodyLimit: bodyLimit as number }), String(bodyLimit)).toThrow(
        /bodyLimit must be a positive integer/,
      );
      expect(() =>
        errata().route('/r', { POST: () => undefined }, { bodyLimit: bodyLimit as number }),
      ).toThrow(/route \/r: bodyLimit/);
    }
    expect(() => errata({ bodyLimit: 1 })).not.toThrow();
    expect(() => errata({ onError: 'log' as never })).toThrow(/onError/);
  });
});
