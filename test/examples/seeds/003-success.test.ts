/**
 * Seed 003 (examples/seeds/003-success): every code, status, body and header the seed documents,
 * triggered by real requests against the app on a real socket. Bodies are compared byte for byte,
 * `meta.requestId` (equal to `X-Request-ID`) and `meta.timestamp` (whole seconds) by pattern.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRASH_MESSAGE, createApp } from '../../../examples/seeds/003-success/app.js';
import { catalog } from '../../../examples/seeds/003-success/catalog.js';
import { type RunningServer, startServer } from '../../helpers/server.js';
import { startExample } from '../../helpers/vault-process.js';

const REQUEST_ID = /^req_[A-Za-z0-9_-]{22}$/;
/** An ISO 8601 UTC timestamp in whole seconds, as the seed writes `2025-12-14T10:30:00Z`. */
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const NOW = Date.UTC(2025, 11, 14, 10, 30, 0);
const SECRET = { authorization: 'Bearer sk_live_test' };
const PUBLISHABLE = { authorization: 'Bearer pk_live_test' };
const JSON_BODY = { 'content-type': 'application/json' };

type Answer = {
  status: number;
  headers: Headers;
  body: string;
  requestId: string;
  timestamp: string;
};

/** One request; the body's meta must carry the response's request id and a timestamp. */
async function send(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  const res = await fetch(`${base}${path}`, { method, headers, body: body ?? null });
  const requestId = res.headers.get('x-request-id') ?? '';
  expect(requestId).toMatch(REQUEST_ID);
  const text = await res.text();
  let timestamp = '';
  if (res.status >= 400) {
    const meta = (JSON.parse(text) as { meta: { requestId: string; timestamp: string } }).meta;
    expect(meta.requestId).toBe(requestId);
    expect(meta.timestamp).toMatch(TIMESTAMP);
    timestamp = meta.timestamp;
  }
  return { status: res.status, headers: res.headers, body: text, requestId, timestamp };
}

/** The seed's error body, members in its order. */
function failure(res: Answer, error: Record<string, unknown>): string {
  return JSON.stringify({
    success: false,
    error,
    meta: { requestId: res.requestId, timestamp: res.timestamp },
  });
}

describe('seed 003: the catalog', () => {
  it('holds the seven UPPER_CASE codes of the seed, in its order, and nothing else', () => {
    expect(catalog.entries().map((e) => [e.code, e.status])).toEqual([
      ['UNAUTHORIZED', 401],
      ['FORBIDDEN', 403],
      ['NOT_FOUND', 404],
      ['VALIDATION_ERROR', 400],
      ['RATE_LIMITED', 429],
      ['CONFLICT', 409],
      ['SERVER_ERROR', 500],
    ]);
    for (const entry of catalog.entries()) {
      expect(entry.causes.length, entry.code).toBeGreaterThan(1);
      expect(entry.resolution.length, entry.code).toBeGreaterThan(2);
    }
  });

  it("maps every role errata raises onto the seed's codes", () => {
    expect({ ...catalog.roles }).toEqual({
      invalid_request: 'VALIDATION_ERROR',
      not_found: 'NOT_FOUND',
      validation_error: 'VALIDATION_ERROR',
      rate_limited: 'RATE_LIMITED',
      internal_error: 'SERVER_ERROR',
    });
    expect(catalog.get('RATE_LIMITED')?.retryable).toBe(true);
    expect(catalog.format?.name).toBe('success');
    expect(catalog.format?.options).toEqual({ timestamp: 'seconds' });
  });
});

describe('seed 003: the API', () => {
  let server: RunningServer;
  const errors: unknown[] = [];
  beforeAll(async () => {
    const app = createApp({
      rateLimit: { limit: 1000, windowSeconds: 60 },
      now: () => NOW,
      onError: (error) => errors.push(error),
      crashRoute: true,
    });
    server = await startServer(app);
  });
  afterAll(async () => {
    await server.close();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = SECRET) =>
    send(server.url, 'POST', path, { ...headers, ...JSON_BODY }, JSON.stringify(body));

  it('creates a ticket and reads it back', async () => {
    const created = await post('/v1/tickets', { title: 'Printer on fire', priority: 'high' });
    expect(created.status).toBe(201);
    const ticket = {
      id: 'tkt_1',
      title: 'Printer on fire',
      priority: 'high',
      status: 'open',
      createdAt: '2025-12-14T10:30:00Z',
    };
    expect(created.body).toBe(JSON.stringify({ success: true, data: ticket }));
    const read = await send(server.url, 'GET', '/v1/tickets/tkt_1', PUBLISHABLE);
    expect(read.status).toBe(200);
    expect(read.body).toBe(JSON.stringify({ success: true, data: ticket }));
  });

  it('answers VALIDATION_ERROR with the field for a missing title and an unknown priority', async () => {
    const untitled = await post('/v1/tickets', { priority: 'low' });
    expect(untitled.status).toBe(400);
    expect(untitled.body).toBe(
      failure(untitled, { code: 'VALIDATION_ERROR', message: 'title is required', field: 'title' }),
    );
    const urgent = await post('/v1/tickets', { title: 'Help', priority: 'urgent' });
    expect(urgent.status).toBe(400);
    expect(urgent.body).toBe(
      failure(urgent, {
        code: 'VALIDATION_ERROR',
        message: 'priority must be one of: low, normal, high, critical',
        field: 'priority',
      }),
    );
  });

  it('answers VALIDATION_ERROR for an invalid email and CONFLICT for a taken one', async () => {
    const invalid = await post('/v1/customers', { email: 'not-an-email' });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toBe(
      failure(invalid, {
        code: 'VALIDATION_ERROR',
        message: 'email is not a valid email address',
        field: 'email',
      }),
    );
    const created = await post('/v1/customers', { email: 'ada@example.com', name: 'Ada' });
    expect(created.status).toBe(201);
    expect(JSON.parse(created.body)).toMatchObject({
      data: { id: 'cus_1', email: 'ada@example.com' },
    });
    const taken = await post('/v1/customers', { email: 'Ada@Example.com' });
    expect(taken.status).toBe(409);
    expect(taken.body).toBe(
      failure(taken, {
        code: 'CONFLICT',
        message: 'A customer with this email already exists',
        field: 'email',
      }),
    );
  });

  it('answers VALIDATION_ERROR for malformed JSON and for a body that is not JSON', async () => {
    const malformed = await send(
      server.url,
      'POST',
      '/v1/tickets',
      { ...SECRET, ...JSON_BODY },
      '{"title":',
    );
    expect(malformed.status).toBe(400);
    expect(malformed.body).toBe(
      failure(malformed, {
        code: 'VALIDATION_ERROR',
        message: 'The request body is not valid JSON.',
      }),
    );
    // 415 is off: the request is invalid, with VALIDATION_ERROR's own message.
    const text = await send(server.url, 'POST', '/v1/tickets', SECRET, 'title=Help');
    expect(text.status).toBe(400);
    expect(text.body).toBe(
      failure(text, { code: 'VALIDATION_ERROR', message: 'Invalid request body/params' }),
    );
  });

  it('answers UNAUTHORIZED without a key or with an unknown one', async () => {
    for (const headers of [
      {},
      { authorization: 'Bearer sk_live_nope' },
      { authorization: 'sk_live_test' },
    ]) {
      const res = await send(server.url, 'GET', '/v1/tickets/tkt_1', headers);
      expect(res.status).toBe(401);
      expect(res.body).toBe(
        failure(res, { code: 'UNAUTHORIZED', message: 'Missing or invalid API key' }),
      );
    }
  });

  it('answers FORBIDDEN when a publishable key writes', async () => {
    for (const path of ['/v1/tickets', '/v1/customers']) {
      const res = await post(path, { title: 'x', email: 'x@example.com' }, PUBLISHABLE);
      expect(res.status).toBe(403);
      expect(res.body).toBe(
        failure(res, { code: 'FORBIDDEN', message: 'API key lacks required permissions' }),
      );
    }
  });

  it('answers NOT_FOUND for a missing resource, an unknown route and a wrong method', async () => {
    const missing = await send(server.url, 'GET', '/v1/customers/cus_404', SECRET);
    expect(missing.status).toBe(404);
    expect(missing.body).toBe(
      failure(missing, { code: 'NOT_FOUND', message: "Resource doesn't exist" }),
    );
    const route = await send(server.url, 'GET', '/v1/articles', SECRET);
    expect(route.status).toBe(404);
    expect(route.body).toBe(
      failure(route, { code: 'NOT_FOUND', message: 'No route matches GET /v1/articles.' }),
    );
    const method = await send(server.url, 'DELETE', '/v1/tickets', SECRET);
    expect(method.status).toBe(404);
    expect(method.headers.get('allow')).toBeNull();
    // send() has checked meta.requestId (= X-Request-ID) and meta.timestamp by pattern.
    expect(method.body).toBe(
      failure(method, { code: 'NOT_FOUND', message: 'No route matches DELETE /v1/tickets.' }),
    );
  });

  it('answers in its own shape even to a client asking for application/problem+json', async () => {
    const res = await send(server.url, 'GET', '/v1/tickets/tkt_404', {
      ...SECRET,
      accept: 'application/problem+json',
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.body).toBe(failure(res, { code: 'NOT_FOUND', message: "Resource doesn't exist" }));
  });

  it('answers a crash with a generic SERVER_ERROR', async () => {
    const res = await send(server.url, 'GET', '/v1/debug/crash', SECRET);
    expect(res.status).toBe(500);
    expect(res.body).toBe(failure(res, { code: 'SERVER_ERROR', message: 'Internal server error' }));
    expect(res.body).not.toContain('tickets.db');
    expect(errors).toEqual([new Error(CRASH_MESSAGE)]);
  });

  it('sends X-Request-ID and X-RateLimit-* on every response', async () => {
    const answers = [
      await send(server.url, 'GET', '/v1/tickets/tkt_1', SECRET),
      await send(server.url, 'GET', '/v1/tickets/tkt_1'),
      await send(server.url, 'GET', '/v1/nothing'),
    ];
    for (const res of answers) {
      expect(res.headers.get('x-ratelimit-limit')).toBe('1000');
      expect(res.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
      expect(res.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);
    }
  });
});

describe('seed 003: rate limiting', () => {
  it("answers RATE_LIMITED with the seed's message, retryAfter equal to Retry-After", async () => {
    let clock = NOW;
    const server = await startServer(
      createApp({ rateLimit: { limit: 1, windowSeconds: 60 }, now: () => clock }),
    );
    try {
      const first = await send(server.url, 'GET', '/v1/tickets/tkt_1', SECRET);
      expect(first.status).toBe(404);
      clock += 18_000;
      const refused = await send(server.url, 'GET', '/v1/tickets/tkt_1', SECRET);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('42');
      expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(refused.body).toBe(
        failure(refused, {
          code: 'RATE_LIMITED',
          message: 'Rate limit exceeded. Try again in 42 seconds.',
          retryAfter: 42,
        }),
      );
    } finally {
      await server.close();
    }
  });

  it('says "1 second" for a one-second wait, "N seconds" otherwise', async () => {
    let clock = NOW;
    const server = await startServer(
      createApp({ rateLimit: { limit: 1, windowSeconds: 60 }, now: () => clock }),
    );
    try {
      await send(server.url, 'GET', '/v1/tickets/tkt_1', SECRET);
      for (const [elapsed, retryAfter, message] of [
        [58_000, 2, 'Rate limit exceeded. Try again in 2 seconds.'],
        [59_000, 1, 'Rate limit exceeded. Try again in 1 second.'],
      ] as const) {
        clock = NOW + elapsed;
        const refused = await send(server.url, 'GET', '/v1/tickets/tkt_1', SECRET);
        expect(refused.status).toBe(429);
        expect(refused.headers.get('retry-after')).toBe(String(retryAfter));
        expect(refused.body).toBe(failure(refused, { code: 'RATE_LIMITED', message, retryAfter }));
      }
    } finally {
      await server.close();
    }
  });
});

describe('seed 003: server.ts', () => {
  it('listens on PORT=0, prints its address, and answers 429 past RATE_LIMIT', async () => {
    const run = startExample('examples/seeds/003-success/server.ts', {
      PORT: '0',
      HOST: '127.0.0.1',
      RATE_LIMIT: '2/60',
    });
    try {
      const url = await run.listening;
      expect(url).not.toMatch(/:0$/);
      const missing = await send(url, 'GET', '/v1/tickets/tkt_9', SECRET);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('x-ratelimit-limit')).toBe('2');
      await send(url, 'GET', '/v1/tickets/tkt_9', SECRET);
      const refused = await send(url, 'GET', '/v1/tickets/tkt_9', SECRET);
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(refused.body).toBe(
        failure(refused, {
          code: 'RATE_LIMITED',
          message: `Rate limit exceeded. Try again in ${retryAfter} seconds.`,
          retryAfter,
        }),
      );
    } finally {
      await run.stop();
    }
  });
});
