/**
 * Seed 002 (four-member RFC 7807 bodies): every status its reference documents, triggered by
 * real requests against the app on a real socket, each body compared byte for byte.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type Vault } from '../../../examples/seeds/002-problem/app.js';
import { catalog } from '../../../examples/seeds/002-problem/catalog.js';
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

/** The body the API sends for `status`: exactly type, title, status, detail, in that order. */
function problem(type: string, title: string, status: number, detail: string): string {
  return JSON.stringify({ type, title, status, detail });
}

/** An error response: its status, the problem content type, a request id, the exact body. */
function expectProblem(res: Response, body: string) {
  const expected = JSON.parse(body) as { status: number };
  expect(res.status).toBe(expected.status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(res.headers.get('x-request-id')).toMatch(REQUEST_ID);
  expect(res.text).toBe(body);
  expect(Object.keys(JSON.parse(res.text))).toEqual(['type', 'title', 'status', 'detail']);
}

const RW = 'Bearer test_rw';
const RO = 'Bearer test_ro';

const createVault = (url: string, name: string, token = RW) =>
  send(url, '/v1/vaults', { method: 'POST', token, json: { name } });

describe('seed 002: the documented errors', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(createApp());
  });
  afterAll(() => server.close());

  it('400: a body that fails validation, one that is not JSON, a malformed path', async () => {
    expectProblem(
      await createVault(server.url, ''),
      problem('about:blank', 'Bad Request', 400, 'name: must not be empty'),
    );
    expectProblem(
      await send(server.url, '/v1/vaults', { method: 'POST', token: RW, raw: '{"name"' }),
      problem('about:blank', 'Bad Request', 400, 'The request body is not valid JSON.'),
    );
    expectProblem(
      await send(server.url, '/v1/vaults/%ZZ', { token: RO }),
      problem(
        'about:blank',
        'Bad Request',
        400,
        'The request path holds an invalid percent-encoding.',
      ),
    );
  });

  it('401: no token, a token the API does not know, a header that is not Bearer', async () => {
    const body = problem('about:blank', 'Unauthorized', 401, 'A valid bearer token is required.');
    expectProblem(await send(server.url, '/v1/vaults/vlt_1'), body);
    expectProblem(await send(server.url, '/v1/vaults/vlt_1', { token: 'Bearer x' }), body);
    expectProblem(await send(server.url, '/v1/vaults/vlt_1', { token: 'Token test_rw' }), body);
  });

  it('403: a read-only token writing (the reference’s example body)', async () => {
    expectProblem(
      await createVault(server.url, 'ops', RO),
      '{"type":"about:blank","title":"Forbidden","status":403,"detail":"Insufficient permissions"}',
    );
  });

  it('404: a vault that does not exist', async () => {
    expectProblem(
      await send(server.url, '/v1/vaults/vlt_404', { token: RO }),
      problem('about:blank', 'Not Found', 404, 'Vault not found.'),
    );
  });

  it('answers a client asking for application/problem+json with the same four members', async () => {
    const res = await send(server.url, '/v1/vaults/vlt_404', {
      token: RO,
      accept: 'application/problem+json',
    });
    expectProblem(res, problem('about:blank', 'Not Found', 404, 'Vault not found.'));
    expect(JSON.parse(res.text)).not.toHaveProperty('instance');
  });

  it('410: the shipped expired secret; a live one reads, an unknown one is 404', async () => {
    expectProblem(
      await send(server.url, '/v1/secrets/expired', { token: RO }),
      problem('about:blank', 'Gone', 410, 'The secret has expired.'),
    );
    const live = await send(server.url, '/v1/secrets/active', { token: RO });
    expect(live.status).toBe(200);
    expect(live.text).toBe('{"id":"active","value":"current-value"}');
    expectProblem(
      await send(server.url, '/v1/secrets/nope', { token: RO }),
      problem('about:blank', 'Not Found', 404, 'Secret not found.'),
    );
  });

  it('409 on a taken name, 403 resource_limit_exceeded past three vaults', async () => {
    for (const [i, name] of ['alpha', 'beta', 'gamma'].entries()) {
      const created = await createVault(server.url, name);
      expect(created.status).toBe(201);
      expect(created.text).toBe(`{"id":"vlt_${i + 1}","name":"${name}"}`);
    }
    const read = await send(server.url, '/v1/vaults/vlt_2', { token: RO });
    expect(read.text).toBe('{"id":"vlt_2","name":"beta"}');
    expectProblem(
      await createVault(server.url, 'beta'),
      problem('about:blank', 'Conflict', 409, 'A vault with this name already exists.'),
    );
    // The reference's body, byte for byte: the one 403 whose type is not about:blank.
    expectProblem(
      await createVault(server.url, 'delta'),
      '{"type":"resource_limit_exceeded","title":"Resource Limit Exceeded","status":403,"detail":"Vault limit reached (3/3 on free tier). Upgrade your plan for more."}',
    );
  });

  it('a method a path does not take answers like an unknown path (no 405 here)', async () => {
    const res = await send(server.url, '/v1/vaults/vlt_1', { method: 'DELETE', token: RW });
    expectProblem(
      res,
      problem('about:blank', 'Not Found', 404, 'No route matches DELETE /v1/vaults/vlt_1.'),
    );
    expect(res.headers.get('allow')).toBeNull();
  });

  it('has exactly the statuses of its reference, in its order', () => {
    expect(catalog.entries().map((e) => e.status)).toEqual([
      400, 401, 403, 403, 404, 409, 410, 429, 500,
    ]);
  });
});

describe('seed 002: 429 and 500', () => {
  it('429 once the client is over the limit, with Retry-After', async () => {
    const server = await startServer(createApp({ rateLimit: { limit: 2, windowSeconds: 60 } }));
    try {
      for (let i = 0; i < 2; i++) {
        expect((await send(server.url, '/v1/vaults/vlt_1', { token: RO })).status).toBe(404);
      }
      const res = await send(server.url, '/v1/vaults/vlt_1', { token: RO });
      expectProblem(res, problem('about:blank', 'Too Many Requests', 429, 'Rate limit exceeded.'));
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(res.headers.get('x-ratelimit-limit')).toBeNull();
    } finally {
      await server.close();
    }
  });

  it('500: a route that throws; the detail is generic and nothing of the failure leaks', async () => {
    const failure = new Error('KMS unreachable at kms.internal:7000 (token=sk_internal_42)');
    const vaults = new (class extends Map<string, Vault> {
      override get(): Vault | undefined {
        throw failure;
      }
    })();
    const reported: unknown[] = [];
    const server = await startServer(
      createApp({ vaults, onError: (error) => reported.push(error) }),
    );
    try {
      const res = await send(server.url, '/v1/vaults/vlt_1', { token: RO });
      expectProblem(
        res,
        problem('about:blank', 'Internal Server Error', 500, 'Internal Server Error'),
      );
      expect(reported).toEqual([failure]);
    } finally {
      await server.close();
    }
  });
});

describe('seed 002: server.ts', () => {
  it('listens on PORT=0, prints the listening line, and limits with RATE_LIMIT', async () => {
    const run = startExample('examples/seeds/002-problem/server.ts', {
      PORT: '0',
      HOST: '127.0.0.1',
      RATE_LIMIT: '2/60',
    });
    try {
      const url = await run.listening;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
      await send(url, '/v1/secrets/active', { token: RO });
      await send(url, '/v1/secrets/active', { token: RO });
      const res = await send(url, '/v1/secrets/active', { token: RO });
      expectProblem(res, problem('about:blank', 'Too Many Requests', 429, 'Rate limit exceeded.'));
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await run.stop();
    }
  });
});
