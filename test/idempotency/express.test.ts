import { createServer } from 'node:http';
import express from 'express';
import { idempotencyExpress } from '../../src/idempotency/express.js';
import { errataExpress } from '../../src/server/express/index.js';
import { startServer } from '../helpers/server.js';
import { catalog, handlers } from './fixtures.js';
import { idempotencyCases } from './middleware-cases.js';

idempotencyCases('Express', async ({ options, effects }) => {
  const errata = errataExpress({ catalog, format: 'problem', onError: () => {} });
  const app = express();
  app.use(errata.requestId);
  app.use(errata.json({ required: false }));
  app.use(idempotencyExpress({ catalog, ...options }));
  type Answer = { status: number; headers?: Record<string, string>; body: unknown };
  const send = (res: express.Response, answer: Answer) => {
    res.status(answer.status).set(answer.headers ?? {});
    if (typeof answer.body === 'string') res.type('text/plain').send(answer.body);
    else res.json(answer.body);
  };
  app.post('/things', (req, res) => send(res, handlers.things(effects, req.body)));
  app.get('/things', (_req, res) => {
    res.json({ made: effects.made });
  });
  app.post('/missing', () => handlers.missing(effects));
  app.post('/boom', () => handlers.boom(effects));
  app.post('/slow', async (_req, res) => send(res, await handlers.slow(effects)));
  app.post('/big', (req, res) => send(res, handlers.big(effects, Number(req.query.n))));
  app.use(errata.notFound);
  app.use(errata.errorHandler);
  return startServer(errata.attach(createServer(app)));
});
