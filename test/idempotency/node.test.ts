import { describe, expect, it } from 'vitest';
import { MemoryIdempotencyStore } from '../../src/idempotency/index.js';
import { idempotency } from '../../src/idempotency/node.js';
import { errata } from '../../src/server/node/index.js';
import { startServer } from '../helpers/server.js';
import { catalog, handlers } from './fixtures.js';
import { idempotencyCases } from './middleware-cases.js';

idempotencyCases('errata/node', async ({ options, effects }) => {
  const app = errata({
    catalog,
    format: 'problem',
    onError: () => {},
    idempotency: idempotency({ catalog, ...options }),
  });
  app.route('/things', {
    POST: async (ctx) => handlers.things(effects, await ctx.json()),
    GET: () => ({ body: { made: effects.made } }),
  });
  app.route('/missing', { POST: () => handlers.missing(effects) });
  app.route('/boom', { POST: () => handlers.boom(effects) });
  app.route('/slow', { POST: () => handlers.slow(effects) });
  app.route('/big', { POST: (ctx) => handlers.big(effects, Number(ctx.query.get('n'))) });
  return startServer(app);
});

describe('errata/node idempotency options', () => {
  it('a route turns it off with `idempotency: false`; a body over bodyLimit is a 413 that claims nothing', async () => {
    const store = new MemoryIdempotencyStore();
    let runs = 0;
    const app = errata({
      catalog,
      format: 'problem',
      bodyLimit: 1024,
      idempotency: idempotency({ catalog, store }),
    });
    app.route(
      '/off',
      { POST: () => ({ status: 201, body: { n: ++runs } }) },
      { idempotency: false },
    );
    app.route('/on', { POST: async (ctx) => ({ status: 201, body: await ctx.json() }) });
    const server = await startServer(app);
    try {
      const send = (path: string, body: string) =>
        fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': 'k' },
          body,
        });
      await send('/off', '{}');
      const second = await send('/off', '{}');
      expect(second.headers.get('idempotent-replayed')).toBeNull();
      expect(runs).toBe(2);
      const big = await send('/on', JSON.stringify({ x: 'x'.repeat(5000) }));
      expect(big.status).toBe(413);
      expect(store.size).toBe(0);
      // The body read for the fingerprint is the handler's too.
      const echoed = await send('/on', '{"a":1}');
      expect(await echoed.json()).toEqual({ a: 1 });
    } finally {
      await server.close();
    }
  });

  it('refuses a route option that is not an idempotency() step, at start-up', () => {
    const app = errata({ catalog });
    expect(() => app.route('/x', { POST: () => undefined }, { idempotency: {} as never })).toThrow(
      /idempotency/,
    );
  });
});
