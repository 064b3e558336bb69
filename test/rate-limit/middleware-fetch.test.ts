import { describe, expect, it } from 'vitest';
import { rateLimitFetch, runtimeAddress } from '../../src/rate-limit/fetch.js';
import { createRateLimiter } from '../../src/rate-limit/index.js';
import { errata } from '../../src/server/fetch/index.js';
import { startFetch } from '../helpers/vault-fetch.js';
import { ipCeilingCases } from './ip-ceiling-cases.js';
import { rateLimitCases } from './middleware-cases.js';

const header = (request: Request) => (name: string) => request.headers.get(name) ?? undefined;

rateLimitCases('fetch', async ({ limiter, key, skip }) => {
  const byKey = key && ((request: Request) => key(header(request)));
  const bySkip = skip && ((request: Request) => skip(header(request)));
  const app = errata({ onError: () => {} });
  app.route(
    '/a',
    { GET: () => ({ body: { ok: true } }) },
    { rateLimit: rateLimitFetch(limiter, { key: byKey, skip: bySkip }) },
  );
  app.route(
    '/upload',
    { GET: () => ({ body: { ok: true } }) },
    { rateLimit: rateLimitFetch(limiter, { key: byKey, category: 'upload', cost: 2 }) },
  );
  return startFetch(app.fetch);
});

ipCeilingCases('fetch', async ({ limiter, by, ipCeiling }) => {
  const byId = (request: Request) => by(header(request));
  const app = errata({ onError: () => {} });
  app.route(
    '/a',
    { GET: () => ({ body: { ok: true } }) },
    { rateLimit: rateLimitFetch(limiter, { by: byId, ipCeiling }) },
  );
  app.route(
    '/upload',
    { GET: () => ({ body: { ok: true } }) },
    { rateLimit: rateLimitFetch(limiter, { by: byId, ipCeiling, category: 'upload', cost: 2 }) },
  );
  return startFetch(app.fetch);
});

describe('rateLimitFetch', () => {
  it('reads the peer address as each runtime exposes it', () => {
    const request = new Request('http://x/');
    expect(runtimeAddress(Object.assign(request.clone(), { ip: '198.51.100.1' }), undefined)).toBe(
      '198.51.100.1',
    );
    const bun = { requestIP: (r: Request) => (r === request ? { address: '198.51.100.2' } : null) };
    expect(runtimeAddress(request, bun)).toBe('198.51.100.2');
    expect(runtimeAddress(request, { remoteAddr: { hostname: '198.51.100.3' } })).toBe(
      '198.51.100.3',
    );
    expect(
      runtimeAddress(request, { incoming: { socket: { remoteAddress: '198.51.100.4' } } }),
    ).toBe('198.51.100.4');
    expect(runtimeAddress(request, { env: 'workers' })).toBeUndefined();
    const hostile = {
      get requestIP(): never {
        throw new Error('no');
      },
    };
    expect(runtimeAddress(request, hostile)).toBeUndefined();
  });

  it('keeps its headers on a Response the handler built, refuses with 429 in the format, with no socket at all', async () => {
    const app = errata({
      format: 'problem',
      rateLimit: rateLimitFetch(createRateLimiter({ policies: '"p";q=2;w=60' }), {
        remoteAddress: (request) => request.headers.get('x-test-peer') ?? undefined,
      }),
    });
    app.route('/raw', { GET: () => new Response('raw', { status: 200 }) });
    const ask = (peer: string) =>
      app.fetch(new Request('http://x/raw', { headers: { 'x-test-peer': peer } }));
    const first = await ask('192.0.2.1');
    expect(first.status).toBe(200);
    expect(await first.text()).toBe('raw');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(first.headers.get('x-request-id')).toMatch(/^req_/);
    await ask('192.0.2.1');
    const refused = await ask('192.0.2.1');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(await refused.json()).toMatchObject({ code: 'rate_limited', status: 429 });
    expect((await ask('192.0.2.2')).status).toBe(200);
  });
});
