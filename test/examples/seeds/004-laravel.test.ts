/**
 * Seed 004 (Laravel-style `{ message, errors }` bodies): every status its reference documents,
 * triggered by real requests against the app on a real socket, each body compared byte for byte.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type Order } from '../../../examples/seeds/004-laravel/app.js';
import { catalog } from '../../../examples/seeds/004-laravel/catalog.js';
import { type RunningServer, startServer } from '../../helpers/server.js';
import { startExample } from '../../helpers/vault-process.js';

const REQUEST_ID = /^req_[A-Za-z0-9_-]{22}$/;

type Sent = { method?: string; token?: string; accept?: string; json?: unknown; raw?: string };

/** One request; `json` is sent as a JSON body, `raw` as is (with a JSON content type). */
async function send(url: string, path: string, sent: Sent = {}) {
  const headers: Record<string, string> = {};
  if (sent.token !== undefined) headers.authorization = sent.token;
  if (sent.accept !== undefined) headers.accept = sent.accept;
  const body = sent.raw ?? (sent.json === undefined ? undefined : JSON.stringify(sent.json));
  if (body !== undefined) headers['content-type'] = 'application/json';
  const init: RequestInit = { method: sent.method ?? 'GET', headers };
  if (body !== undefined) init.body = body;
  const res = await fetch(`${url}${path}`, init);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

type Response = Awaited<ReturnType<typeof send>>;

/** An error response: its status, the format's content type, a request id, the exact body. */
function expectError(res: Response, status: number, body: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/json');
  expect(res.headers.get('x-request-id')).toMatch(REQUEST_ID);
  expect(res.text).toBe(body);
}

const RW = 'Bearer test_rw';
const RO = 'Bearer test_ro';

const order = (url: string, json: unknown, token = RW) =>
  send(url, '/api/orders', { method: 'POST', token, json });

describe('seed 004: the documented errors', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(createApp());
  });
  afterAll(() => server.close());

  it("422: the reference's body, byte for byte (two messages for one field)", async () => {
    expectError(
      await order(server.url, { email: '', amount: 0 }),
      422,
      '{"message":"The given data was invalid.","errors":{"email":["The email field is required.","The email must be a valid email address."],"amount":["The amount must be greater than 0."]}}',
    );
    expectError(
      await order(server.url, {}),
      422,
      '{"message":"The given data was invalid.","errors":{"email":["The email field is required."],"amount":["The amount field is required."]}}',
    );
  });

  it('answers `{ message, errors }` even to a client asking for application/problem+json', async () => {
    const res = await send(server.url, '/api/orders', {
      method: 'POST',
      token: RW,
      accept: 'application/problem+json',
      json: { amount: 5 },
    });
    expectError(
      res,
      422,
      '{"message":"The given data was invalid.","errors":{"email":["The email field is required."]}}',
    );
    expectError(
      await send(server.url, '/api/orders/999', { token: RO, accept: 'application/problem+json' }),
      404,
      '{"message":"Order not found."}',
    );
  });

  it('400: a body that is not JSON', async () => {
    expectError(
      await send(server.url, '/api/orders', { method: 'POST', token: RW, raw: '{"email":' }),
      400,
      '{"message":"The request body is not valid JSON."}',
    );
  });

  it('answers an undocumented 415 or 413 with its 400', async () => {
    const post = (contentType: string, body: string) =>
      fetch(`${server.url}/api/orders`, {
        method: 'POST',
        headers: { authorization: RW, 'content-type': contentType },
        body,
      }).then(async (res) => ({
        status: res.status,
        headers: res.headers,
        text: await res.text(),
      }));
    const body = '{"message":"The request is malformed."}';
    expectError(await post('text/plain', 'email=a'), 400, body);
    expectError(
      await post('application/json', JSON.stringify({ email: 'x'.repeat(70_000) })),
      400,
      body,
    );
  });

  it('401 without a known key, 403 for a read-only key writing', async () => {
    const unauthenticated = '{"message":"Unauthenticated."}';
    expectError(await send(server.url, '/api/orders/1'), 401, unauthenticated);
    expectError(
      await send(server.url, '/api/orders/1', { token: 'Bearer x' }),
      401,
      unauthenticated,
    );
    expectError(
      await order(server.url, { email: 'a@example.com', amount: 5 }, RO),
      403,
      '{"message":"This action is not allowed with your API key."}',
    );
  });

  it('201 then 200; 404 for an order that does not exist', async () => {
    const created = await order(server.url, { email: 'a@example.com', amount: 12.5 });
    expect(created.status).toBe(201);
    expect(created.text).toBe('{"data":{"id":"1","email":"a@example.com","amount":12.5}}');
    const read = await send(server.url, '/api/orders/1', { token: RO });
    expect(read.status).toBe(200);
    expect(read.text).toBe(created.text);
    expectError(
      await send(server.url, '/api/orders/999', { token: RO }),
      404,
      '{"message":"Order not found."}',
    );
  });

  it('405 with Allow for POST on a read-only route', async () => {
    const res = await send(server.url, '/api/orders/1', {
      method: 'POST',
      token: RW,
      json: { email: 'a@example.com', amount: 1 },
    });
    expectError(res, 405, '{"message":"POST is not allowed here; use GET, HEAD, OPTIONS."}');
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  it('409 for a second order with the same reference', async () => {
    const first = await order(server.url, { email: 'b@example.com', amount: 3, reference: 'PO-7' });
    expect(first.status).toBe(201);
    expectError(
      await order(server.url, { email: 'c@example.com', amount: 4, reference: 'PO-7' }),
      409,
      '{"message":"An order with this reference already exists."}',
    );
  });

  it('has exactly the statuses of its reference, 4xx then 5xx', () => {
    expect(catalog.entries().map((e) => e.status)).toEqual([
      400, 401, 403, 404, 405, 409, 422, 429, 500, 502, 503, 504,
    ]);
    expect(catalog.entries().filter((e) => e.status >= 500 && !e.retryable)).toEqual([]);
  });
});

describe('seed 004: 429 and 5xx', () => {
  it('429 once the client is over the limit, with Retry-After', async () => {
    const server = await startServer(createApp({ rateLimit: { limit: 2, windowSeconds: 60 } }));
    try {
      for (let i = 0; i < 2; i++) {
        expect((await send(server.url, '/api/orders/1', { token: RO })).status).toBe(404);
      }
      const res = await send(server.url, '/api/orders/1', { token: RO });
      expectError(res, 429, '{"message":"Too many requests."}');
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(res.headers.get('x-ratelimit-limit')).toBeNull();
    } finally {
      await server.close();
    }
  });

  it.each([
    [
      'a crash',
      new Error('SQLSTATE[08006] connection to db.internal:5432 failed'),
      500,
      'Server error',
    ],
    ['an upstream that answers garbage', catalog.error('bad_gateway'), 502, 'Bad gateway'],
    ['an unavailable dependency', catalog.error('service_unavailable'), 503, 'Service unavailable'],
    ['an upstream that times out', catalog.error('upstream_timeout'), 504, 'Gateway timeout'],
  ] as const)('%s: %i with a generic message', async (_, failure, status, message) => {
    const orders = new (class extends Map<string, Order> {
      override get(): Order | undefined {
        throw failure;
      }
    })();
    const reported: unknown[] = [];
    const server = await startServer(createApp({ orders, onError: (e) => reported.push(e) }));
    try {
      const res = await send(server.url, '/api/orders/1', { token: RO });
      expectError(res, status, JSON.stringify({ message }));
      expect(reported).toEqual([failure]);
    } finally {
      await server.close();
    }
  });
});

describe('seed 004: server.ts', () => {
  it('listens on PORT=0, prints the listening line, and limits with RATE_LIMIT', async () => {
    const run = startExample('examples/seeds/004-laravel/server.ts', {
      PORT: '0',
      HOST: '127.0.0.1',
      RATE_LIMIT: '2/60',
    });
    try {
      const url = await run.listening;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
      await send(url, '/api/orders/1', { token: RO });
      await send(url, '/api/orders/1', { token: RO });
      const res = await send(url, '/api/orders/1', { token: RO });
      expectError(res, 429, '{"message":"Too many requests."}');
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await run.stop();
    }
  });
});
