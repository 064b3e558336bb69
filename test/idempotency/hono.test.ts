import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { describe, expect, it } from 'vitest';
import { type HonoIdempotencyOptions, idempotencyHono } from '../../src/idempotency/hono.js';
import { type ErrataEnv, errataHono } from '../../src/server/hono/index.js';
import { attachServer } from '../../src/server/node/index.js';
import { startServer } from '../helpers/server.js';
import { catalog, type Effects, handlers } from './fixtures.js';
import { idempotencyCases } from './middleware-cases.js';

type Answer = { status: number; headers?: Record<string, string>; body: unknown };

/** A handler's answer as a Hono response: text as text/plain, anything else as JSON. */
function send(c: Context, answer: Answer) {
  const status = answer.status as ContentfulStatusCode;
  if (typeof answer.body === 'string') return c.text(answer.body, status, answer.headers);
  return c.json(answer.body, status, answer.headers);
}

const errataOptions = { catalog, format: 'problem', onError: () => {} } as const;

/** The test app of fixtures.ts, with errata as middleware or around `fetch` (no middleware). */
function testApp(
  effects: Effects,
  options: Omit<HonoIdempotencyOptions, 'catalog'>,
  wiring: 'middleware' | 'fetch',
) {
  const errata = errataHono(errataOptions);
  const app = new Hono<ErrataEnv>();
  if (wiring === 'middleware') app.use(errata.middleware);
  app.onError(errata.onError);
  app.notFound(errata.notFound(app));
  app.use(idempotencyHono({ catalog, ...options }));
  app.post('/things', async (c) => send(c, handlers.things(effects, await c.req.json())));
  app.get('/things', (c) => c.json({ made: effects.made }));
  app.post('/missing', () => handlers.missing(effects));
  app.post('/boom', () => handlers.boom(effects));
  app.post('/slow', async (c) => send(c, await handlers.slow(effects)));
  app.post('/big', (c) => send(c, handlers.big(effects, Number(c.req.query('n')))));
  // attachServer answers what never reaches Hono (requests Node's parser refuses).
  const fetch = wiring === 'middleware' ? app.fetch : errata.fetch(app);
  const server = createServer(getRequestListener(fetch, { hostname: '127.0.0.1' }));
  return startServer(attachServer(server, errataOptions));
}

idempotencyCases('Hono', ({ options, effects }) => testApp(effects, options, 'middleware'));
idempotencyCases('Hono (errata.fetch)', ({ options, effects }) =>
  testApp(effects, options, 'fetch'),
);

const post = (app: Hono<ErrataEnv>, path: string, key: string, body: unknown = { name: 'a' }) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });

/** A body of two chunks, the second sent once `gate` opens. */
function gated(gate: Promise<void>, runs: { n: number }) {
  runs.n++;
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode('first;'));
      await gate;
      controller.enqueue(encoder.encode('second'));
      controller.close();
    },
  });
}

function streamingApp(options: Omit<HonoIdempotencyOptions, 'catalog'> = {}) {
  const errata = errataHono(errataOptions);
  const app = new Hono<ErrataEnv>();
  app.use(errata.middleware);
  app.onError(errata.onError);
  let open = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const runs = { n: 0 };
  app.use(idempotencyHono({ catalog, ...options }));
  app.post('/stream', (c) => c.body(gated(gate, runs), 200, { 'content-type': 'text/plain' }));
  return { app, runs, open };
}

describe('idempotencyHono', () => {
  it('lets a streamed body flow as it comes, and stores it before its end goes out', async () => {
    const { app, runs, open } = streamingApp();
    const first = await post(app, '/stream', 'k1');
    expect(first.status).toBe(200);
    const reader = (first.body as ReadableStream<Uint8Array>).getReader();
    // The first chunk arrives while the handler still holds the second back.
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('first;');
    expect((await post(app, '/stream', 'k1')).status).toBe(409);
    open();
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      rest += new TextDecoder().decode(r.value);
    }
    expect(rest).toBe('second');
    const again = await post(app, '/stream', 'k1');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('content-type')).toBe('text/plain');
    expect(await again.text()).toBe('first;second');
    expect(runs.n).toBe(1);
  });

  it('does not store a streamed body over maxResponseBytes, but sends all of it', async () => {
    const { app, runs, open } = streamingApp({ maxResponseBytes: 8, leaseSeconds: 1 });
    open();
    const first = await post(app, '/stream', 'k2');
    expect(await first.text()).toBe('first;second');
    expect((await post(app, '/stream', 'k2')).status).toBe(409);
    expect(runs.n).toBe(1);
  });

  it('releases the key when the client cancels a streamed body', async () => {
    const { app, runs } = streamingApp();
    const first = await post(app, '/stream', 'k3');
    await first.body?.cancel();
    const again = await post(app, '/stream', 'k3');
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(runs.n).toBe(2);
  });

  it('fingerprints a body another middleware read first, and refuses one over bodyLimit', async () => {
    const errata = errataHono(errataOptions);
    const app = new Hono<ErrataEnv>();
    app.onError(errata.onError);
    app.use(async (c, next) => {
      if (c.req.header('x-read-first') === '1') await c.req.json();
      await next();
    });
    app.use(idempotencyHono({ catalog, bodyLimit: 64 }));
    let runs = 0;
    app.post('/echo', async (c) => {
      runs++;
      return c.json(await c.req.json());
    });
    const ask = (key: string, body: unknown, readFirst = '0') =>
      app.request('/echo', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': key,
          'x-read-first': readFirst,
        },
        body: JSON.stringify(body),
      });
    expect(await (await ask('e1', { a: 1 }, '1')).json()).toEqual({ a: 1 });
    const replayed = await ask('e1', { a: 1 });
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect((await ask('e1', { a: 2 }, '1')).status).toBe(422);
    const large = await ask('e2', { a: 'x'.repeat(100) });
    expect(large.status).toBe(413);
    expect(runs).toBe(1);
  });

  it('imports nothing from Node and uses no Buffer, through every module it loads', () => {
    const seen = new Set<string>();
    const visit = (url: URL) => {
      if (seen.has(url.href)) return;
      seen.add(url.href);
      const source = readFileSync(url, 'utf8');
      for (const m of source.matchAll(
        /^(?:import|export)(?!\s+type\b)[^'"]*from\s*['"]([^'"]+)['"]/gm,
      )) {
        const spec = m[1] as string;
        if (spec.startsWith('.')) visit(new URL(spec.replace(/\.js$/, '.ts'), url));
        else
          expect(spec === 'hono' || spec.startsWith('hono/'), `${url.pathname}: ${spec}`).toBe(
            true,
          );
      }
      // A global feature-detected (`globalThis.process?.getBuiltinModule`) is fine on Workers; a
      // static `node:` import, `require` or `Buffer` is not.
      const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      expect(code, url.pathname).not.toMatch(/\bBuffer\b|\brequire\(|from\s+['"]node:/);
    };
    visit(new URL('../../src/idempotency/hono.ts', import.meta.url));
    expect(seen.size).toBeGreaterThan(5);
  });
});
