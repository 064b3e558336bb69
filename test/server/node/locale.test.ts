import { createServer, type IncomingMessage } from 'node:http';
import { errata, preferLocale } from '../../../src/server/node/index.js';
import { startServer } from '../../helpers/server.js';
import { BODY_TIMEOUT_MS, localeCatalog, localeSuite } from '../locale-fixtures.js';

// errata/node: the app's choice is made on `req` in a listener around the app (what runs before
// routing), or on the handler's `ctx`.
localeSuite({
  name: 'node',
  views: ['req', 'ctx'],
  preferLocale,
  sample: () => ({ headers: {} }) as IncomingMessage,
  async start() {
    const app = errata({
      catalog: localeCatalog,
      format: 'envelope',
      onError: () => {},
      bodyTimeout: BODY_TIMEOUT_MS,
    });
    const header = (req: IncomingMessage, name: string) => req.headers[name] as string | undefined;
    const fail = (id: string) => {
      throw localeCatalog.error('thing_not_found', { id });
    };
    app.route('/things/:id', {
      GET(ctx) {
        const locale = header(ctx.req, 'x-user-locale');
        if (locale !== undefined && header(ctx.req, 'x-via') === 'ctx') preferLocale(ctx, locale);
        if (header(ctx.req, 'x-forget') !== undefined) preferLocale(ctx, undefined);
        return fail(ctx.params.id);
      },
    });
    app.route('/vary/:id', {
      GET(ctx) {
        ctx.res.setHeader('vary', header(ctx.req, 'x-vary') ?? '');
        return fail(ctx.params.id);
      },
    });
    app.route('/slow/:id', { POST: async (ctx) => ({ body: await ctx.json() }) });
    const server = createServer((req, res) => {
      const locale = header(req, 'x-user-locale');
      if (locale !== undefined && (header(req, 'x-via') ?? 'req') === 'req') {
        preferLocale(req, locale);
      }
      app.handler(req, res);
    });
    return startServer(app.attach(server));
  },
});
