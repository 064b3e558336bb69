import { createServer } from 'node:http';
import express, { type Request } from 'express';
import { describe, expect, it } from 'vitest';
import { rateLimitExpress } from '../../src/rate-limit/express.js';
import { createRateLimiter } from '../../src/rate-limit/index.js';
import { errataExpress } from '../../src/server/express/index.js';
import { startServer } from '../helpers/server.js';
import { ipCeilingCases } from './ip-ceiling-cases.js';
import { rateLimitCases } from './middleware-cases.js';

rateLimitCases('express', async ({ limiter, key, skip }) => {
  const byKey = key && ((req: Request) => key((name) => req.get(name)));
  const bySkip = skip && ((req: Request) => skip((name) => req.get(name)));
  const errata = errataExpress({ onError: () => {} });
  const app = express();
  app.use(errata.requestId);
  app.get('/a', rateLimitExpress(limiter, { key: byKey, skip: bySkip }), (_req, res) => {
    res.json({ ok: true });
  });
  app.get(
    '/upload',
    rateLimitExpress(limiter, { key: byKey, category: 'upload', cost: 2 }),
    (_req, res) => {
      res.json({ ok: true });
    },
  );
  app.use(errata.notFound);
  app.use(errata.errorHandler);
  return startServer(createServer(app));
});

ipCeilingCases('express', async ({ limiter, by, ipCeiling }) => {
  const byId = (req: Request) => by((name) => req.get(name));
  const errata = errataExpress({ onError: () => {} });
  const app = express();
  app.use(errata.requestId);
  const ok = (_req: Request, res: import('express').Response) => {
    res.json({ ok: true });
  };
  app.get('/a', rateLimitExpress(limiter, { by: byId, ipCeiling }), ok);
  app.get(
    '/upload',
    rateLimitExpress(limiter, { by: byId, ipCeiling, category: 'upload', cost: 2 }),
    ok,
  );
  app.use(errata.notFound);
  app.use(errata.errorHandler);
  return startServer(createServer(app));
});

describe('rateLimitExpress', () => {
  it('passes a failing key function to the error handler as a 500', async () => {
    const reported: unknown[] = [];
    const errata = errataExpress({ onError: (error) => reported.push(error) });
    const app = express();
    app.use(
      rateLimitExpress(createRateLimiter({ policies: '"p";q=1;w=60' }), {
        key: async () => {
          throw new Error('no tenant');
        },
      }),
    );
    app.get('/', (_req, res) => {
      res.send('ok');
    });
    app.use(errata.errorHandler);
    const server = await startServer(createServer(app));
    try {
      const res = await fetch(server.url);
      expect(res.status).toBe(500);
      expect(reported).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('refuses wrong options at start-up', () => {
    const limiter = createRateLimiter({ policies: '"p";q=1;w=60' });
    expect(() => rateLimitExpress(limiter, { category: 'nope' })).toThrow(/rateLimitExpress/);
    expect(() => rateLimitExpress(limiter, { key: 'x' as never })).toThrow(/key/);
  });
});
