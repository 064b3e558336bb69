import { createServer, type IncomingMessage } from 'node:http';
import express, { type Request } from 'express';
import { errataExpress, preferLocale } from '../../../src/server/express/index.js';
import { startServer } from '../../helpers/server.js';
import { BODY_TIMEOUT_MS, localeCatalog, localeSuite } from '../locale-fixtures.js';

// errata/express: the app's choice is made on `req` (Express's req is the node request) in a
// middleware, before routing; a CORS-style `res.vary()` before the failure stays on the error.
localeSuite({
  name: 'express',
  views: ['req'],
  preferLocale,
  sample: () => ({ headers: {} }) as IncomingMessage,
  start() {
    const errata = errataExpress({
      catalog: localeCatalog,
      format: 'envelope',
      onError: () => {},
      bodyTimeout: BODY_TIMEOUT_MS,
    });
    const app = express();
    app.use(errata.requestId);
    app.use((req, _res, next) => {
      const locale = req.get('x-user-locale');
      if (locale !== undefined) preferLocale(req, locale);
      next();
    });
    const fail = (req: Request) => {
      throw localeCatalog.error('thing_not_found', { id: String(req.params.id) });
    };
    app.get('/things/:id', (req) => {
      if (req.get('x-forget') !== undefined) preferLocale(req, undefined);
      fail(req);
    });
    app.get('/vary/:id', (req, res) => {
      res.vary(req.get('x-vary') ?? '');
      fail(req);
    });
    app.post('/slow/:id', errata.json(), (req, res) => {
      res.json(req.body);
    });
    app.use(errata.methodNotAllowed(app));
    app.use(errata.notFound);
    app.use(errata.errorHandler);
    return startServer(errata.attach(createServer(app)));
  },
});
