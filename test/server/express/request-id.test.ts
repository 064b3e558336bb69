import { createServer } from 'node:http';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { errataExpress } from '../../../src/server/express/index.js';
import { startServer } from '../../helpers/server.js';
import { catalog, errorOf, use, withApp } from './fixtures.js';

describe('errata/express: request ids', () => {
  it('shows the id to handlers (req, res.locals, requestIdOf) and to onError', async () => {
    const server = await withApp((app, errata) => {
      app.get('/id', (req, res) => {
        res.json({ req: req.requestId, locals: res.locals.requestId, of: errata.requestIdOf(req) });
      });
      app.get('/fail', () => {
        throw new Error('x');
      });
    });
    await use(server, async () => {
      const res = await fetch(`${server.url}/id`, { headers: { 'x-request-id': 'mine-1' } });
      expect(res.headers.get('x-request-id')).toBe('mine-1');
      expect(await res.json()).toEqual({ req: 'mine-1', locals: 'mine-1', of: 'mine-1' });
      const generated = await fetch(`${server.url}/id`, { headers: { 'x-request-id': 'a\u00e9' } });
      const id = generated.headers.get('x-request-id');
      expect(id).toMatch(/^req_[A-Za-z0-9_-]{22}$/);
      expect(await generated.json()).toEqual({ req: id, locals: id, of: id });
      const fail = await fetch(`${server.url}/fail`, { headers: { 'x-request-id': 'mine-2' } });
      expect(fail.headers.get('x-request-id')).toBe('mine-2');
      expect(server.errors[0]?.info.requestId).toBe('mine-2');
    });
  });

  it('uses a custom header and generator', async () => {
    const server = await withApp(
      (app) => {
        app.get('/ok', (_req, res) => {
          res.send('ok');
        });
      },
      { requestId: { header: 'X-Trace-ID', trustIncoming: false, generate: () => 'trace-7' } },
    );
    await use(server, async () => {
      for (const path of ['/ok', '/missing']) {
        const res = await fetch(server.url + path, { headers: { 'x-trace-id': 'theirs' } });
        expect(res.headers.get('x-trace-id')).toBe('trace-7');
        expect(res.headers.get('x-request-id')).toBe('trace-7');
        await res.arrayBuffer();
      }
    });
  });

  it('gives errors an id even when the requestId middleware is not mounted', async () => {
    const errata = errataExpress({ catalog, onError: () => {} });
    const app = express();
    app.get('/boom', () => {
      throw new Error('x');
    });
    app.use(errata.errorHandler);
    const server = await startServer(app as unknown as Parameters<typeof startServer>[0]);
    try {
      const res = await fetch(`${server.url}/boom`, { headers: { 'x-request-id': 'late-1' } });
      expect(res.status).toBe(500);
      expect(res.headers.get('x-request-id')).toBe('late-1');
      expect((await errorOf(res)).error.requestId).toBe('late-1');
    } finally {
      await server.close();
    }
  });
});

describe('errata/express: request ids set by attach, without the middleware', () => {
  it('gives handlers, error bodies and the header one id, and keeps it if the middleware runs', async () => {
    const errata = errataExpress({ catalog, format: 'envelope' });
    const plain = express();
    plain.get('/id', (req, res) => {
      res.json({ req: req.requestId, locals: res.locals.requestId, of: errata.requestIdOf(req) });
    });
    plain.get('/missing', () => {
      throw catalog.error('conflict');
    });
    plain.use(errata.errorHandler);
    const withLayer = express();
    withLayer.use(errata.requestId);
    withLayer.get('/id', (req, res) => {
      res.json({ req: req.requestId, locals: res.locals.requestId, of: errata.requestIdOf(req) });
    });
    for (const app of [plain, withLayer]) {
      const running = await startServer(errata.attach(createServer(app)));
      try {
        const res = await fetch(`${running.url}/id`, { headers: { 'x-request-id': 'mine-9' } });
        expect(res.headers.get('x-request-id')).toBe('mine-9');
        expect(await res.json()).toEqual({ req: 'mine-9', locals: 'mine-9', of: 'mine-9' });
        const generated = await fetch(`${running.url}/id`);
        const id = generated.headers.get('x-request-id');
        expect(id).toMatch(/^req_[A-Za-z0-9_-]{22}$/);
        expect(await generated.json()).toEqual({ req: id, locals: id, of: id });
      } finally {
        await running.close();
      }
    }
    const running = await startServer(errata.attach(createServer(plain)));
    try {
      const res = await fetch(`${running.url}/missing`, { headers: { 'x-request-id': 'mine-10' } });
      expect(res.status).toBe(409);
      expect(res.headers.get('x-request-id')).toBe('mine-10');
      expect(JSON.stringify(await res.json())).toContain('mine-10');
    } finally {
      await running.close();
    }
  });
});
