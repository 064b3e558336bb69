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
