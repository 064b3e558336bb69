/**
 * Seed 000 (`{ "message": "…" }` bodies): every status its reference documents, triggered by
 * real requests against the app on a real socket, each body compared byte for byte.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type Secret } from '../../../examples/seeds/000-message/app.js';
import { catalog } from '../../../examples/seeds/000-message/catalog.js';
import { createClient } from '../../../src/client/index.js';
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

describe('seed 000: the documented errors', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(createApp());
  });
  afterAll(() => server.close());

  it('400: an empty name, with the schema message folded into `message`', async () => {
    const res = await send(server.url, '/v1/secrets', {
      method: 'POST',
      token: RW,
      json: { name: '', value: 's3cr3t' },
    });
    expectError(res, 400, '{"message":"name: String must contain at least 1 character(s)"}');
  });

  it('400: a body that is not JSON', async () => {
    const res = await send(server.url, '/v1/secrets', { method: 'POST', token: RW, raw: '{"na' });
    expectError(res, 400, '{"message":"The request body is not valid JSON."}');
  });

  it('401: a missing token and an unknown one', async () => {
    const body = '{"message":"Invalid or expired token"}';
    expectError(await send(server.url, '/v1/secrets/db'), 401, body);
    expectError(await send(server.url, '/v1/secrets/db', { token: 'Bearer nope' }), 401, body);
    expectError(await send(server.url, '/v1/secrets/db', { token: 'Basic dGVzdA==' }), 401, body);
  });

  it('403: a read-only token writing', async () => {
    const res = await send(server.url, '/v1/secrets', {
      method: 'POST',
      token: RO,
      json: { name: 'db', value: 'x' },
    });
    expectError(res, 403, '{"message":"Insufficient permissions"}');
  });

  it('404: a secret that does not exist', async () => {
    const res = await send(server.url, '/v1/secrets/ghost', { token: RO });
    expectError(res, 404, '{"message":"Secret not found"}');
  });

  it('answers `{ "message" }` even to a client asking for application/problem+json', async () => {
    const res = await send(server.url, '/v1/secrets/ghost', {
      token: RO,
      accept: 'application/problem+json',
    });
    expectError(res, 404, '{"message":"Secret not found"}');
  });

  it('201, 200, then 409 on a duplicate name', async () => {
    const created = await send(server.url, '/v1/secrets', {
      method: 'POST',
      token: RW,
      json: { name: 'api-key', value: 'v1' },
    });
    expect(created.status).toBe(201);
    expect(created.text).toBe('{"name":"api-key"}');
    const read = await send(server.url, '/v1/secrets/api-key', { token: RO });
    expect(read.status).toBe(200);
    expect(read.text).toBe('{"name":"api-key","value":"v1"}');
    const again = await send(server.url, '/v1/secrets', {
      method: 'POST',
      token: RW,
      json: { name: 'api-key', value: 'v2' },
    });
    expectError(again, 409, `{"message":"Secret 'api-key' already exists"}`);
  });

  it('answers an undocumented status with a documented one: 405 becomes 404, without Allow', async () => {
    // A known path's other methods answer exactly like an unknown path.
    const res = await send(server.url, '/v1/secrets/db', { method: 'DELETE', token: RW });
    expectError(res, 404, '{"message":"No route matches DELETE /v1/secrets/db."}');
    expect(res.headers.get('allow')).toBeNull();
    const unknown = await send(server.url, '/v2/nothing', { token: RW });
    expectError(unknown, 404, '{"message":"No route matches GET /v2/nothing."}');
  });

  it('has no code for a status it does not document', () => {
    const statuses = new Set(catalog.entries().map((e) => e.status));
    expect([...statuses].sort()).toEqual([400, 401, 403, 404, 409, 429, 500]);
    for (const entry of catalog.entries()) expect(entry.base).toBe(false);
  });
});

describe('seed 000: 429 and 500', () => {
  it('429 once the client is over the limit, with Retry-After', async () => {
    const server = await startServer(createApp({ rateLimit: { limit: 2, windowSeconds: 60 } }));
    try {
      for (let i = 0; i < 2; i++) {
        expect((await send(server.url, '/v1/secrets/db', { token: RO })).status).toBe(404);
      }
      const res = await send(server.url, '/v1/secrets/db', { token: RO });
      expectError(res, 429, '{"message":"Rate limit exceeded"}');
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // No rate-limit headers: the API documents none.
      expect(res.headers.get('x-ratelimit-limit')).toBeNull();
      expect(res.headers.get('ratelimit')).toBeNull();
    } finally {
      await server.close();
    }
  });

  it('500: a failing store, with nothing of the failure in the body', async () => {
    const failure = new Error('ECONNREFUSED postgres://admin:hunter2@db.internal:5432/secrets');
    const store = new (class extends Map<string, Secret> {
      override get(): Secret | undefined {
        throw failure;
      }
    })();
    const reported: unknown[] = [];
    const server = await startServer(
      createApp({ store, onError: (error) => reported.push(error) }),
    );
    try {
      const res = await send(server.url, '/v1/secrets/db', { token: RO });
      expectError(res, 500, '{"message":"Internal server error"}');
      expect(reported).toEqual([failure]);
    } finally {
      await server.close();
    }
  });
});

describe('seed 000: retrying as the reference says', () => {
  it('the errata client retries a 500 (its body has no code: the catalog decides by status), not a 404', async () => {
    const failure = new Error('transient');
    let failures = 1;
    const store = new (class extends Map<string, Secret> {
      override get(name: string): Secret | undefined {
        if (failures-- > 0) throw failure;
        return super.get(name);
      }
    })([['db', { name: 'db', value: 'v' }]]);
    const server = await startServer(createApp({ store, onError: () => {} }));
    try {
      const retries: number[] = [];
      const client = createClient({
        baseUrl: server.url,
        catalog,
        headers: { authorization: RO },
        retry: { baseDelayMs: 1, maxDelayMs: 1, onRetry: (event) => retries.push(event.attempt) },
      });
      expect(await client.get('/v1/secrets/db')).toEqual({ name: 'db', value: 'v' });
      expect(retries).toHaveLength(1);
      const missing = await client.get('/v1/secrets/ghost').catch((error: unknown) => error);
      expect(missing).toMatchObject({ status: 404, message: 'Secret not found' });
      expect(retries).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

describe('seed 000: server.ts', () => {
  it('listens on PORT=0, prints the listening line, and limits with RATE_LIMIT', async () => {
    const run = startExample('examples/seeds/000-message/server.ts', {
      PORT: '0',
      HOST: '127.0.0.1',
      RATE_LIMIT: '2/60',
    });
    try {
      const url = await run.listening;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
      await send(url, '/v1/secrets/db', { token: RO });
      await send(url, '/v1/secrets/db', { token: RO });
      const res = await send(url, '/v1/secrets/db', { token: RO });
      expectError(res, 429, '{"message":"Rate limit exceeded"}');
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await run.stop();
    }
  });
});
