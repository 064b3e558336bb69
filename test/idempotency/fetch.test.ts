import { idempotencyFetch } from '../../src/idempotency/fetch.js';
import { errata } from '../../src/server/fetch/index.js';
import { startFetch } from '../helpers/vault-fetch.js';
import { catalog, handlers } from './fixtures.js';
import { idempotencyCases } from './middleware-cases.js';

// errata/fetch on Node through srvx: the same cases as every other adapter.
idempotencyCases('errata/fetch', async ({ options, effects }) => {
  const app = errata({
    catalog,
    format: 'problem',
    onError: () => {},
    idempotency: idempotencyFetch({ catalog, ...options }),
  });
  app.route('/things', {
    POST: async (ctx) => handlers.things(effects, await ctx.json()),
    GET: () => ({ body: { made: effects.made } }),
  });
  app.route('/missing', { POST: () => handlers.missing(effects) });
  app.route('/boom', { POST: () => handlers.boom(effects) });
  app.route('/slow', { POST: () => handlers.slow(effects) });
  app.route('/big', { POST: (ctx) => handlers.big(effects, Number(ctx.query.get('n'))) });
  return startFetch(app.fetch, { catalog, format: 'problem' });
});
