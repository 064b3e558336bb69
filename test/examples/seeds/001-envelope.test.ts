/**
 * Seed 001 (examples/seeds/001-envelope): every code, status, body and header the seed documents,
 * triggered by real requests against the app on a real socket. Bodies are compared byte for byte,
 * request ids by pattern (and equal to `X-Request-ID`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../examples/seeds/001-envelope/app.js';
import { catalog } from '../../../examples/seeds/001-envelope/catalog.js';
import { type RunningServer, startServer } from '../../helpers/server.js';
import { startExample } from '../../helpers/vault-process.js';

const REQUEST_ID = /^req_[A-Za-z0-9_-]{22}$/;
/** 2025-12-14T10:30:00Z: the limiter's clock, so its headers are exact. */
const NOW = Date.UTC(2025, 11, 14, 10, 30, 0);
const RW = { authorization: 'Bearer test_rw' };
const RO = { authorization: 'Bearer test_ro' };
const JSON_BODY = { 'content-type': 'application/json' };

/** The seed's groups: category, then each code with its status, in the page's order. */
const SEED: readonly [string, readonly [number, string][]][] = [
  [
    'auth',
    [
      [401, 'authentication_required'],
      [401, 'token_expired'],
      [401, 'token_invalid'],
      [401, 'token_revoked'],
      [403, 'access_denied'],
      [403, 'insufficient_scope'],
      [403, 'mfa_required'],
      [403, 'ip_not_allowed'],
      [403, 'time_window_violation'],
      [403, 'tenant_access_denied'],
      [403, 'forbidden'],
    ],
  ],
  [
    'validation',
    [
      [400, 'invalid_request'],
      [400, 'invalid_path'],
      [400, 'invalid_secret_type'],
      [400, 'invalid_duration'],
      [400, 'invalid_cursor'],
      [400, 'invalid_policy'],
      [400, 'invalid_glob'],
      [400, 'invalid_role'],
      [400, 'invalid_config'],
      [422, 'validation_error'],
    ],
  ],
  [
    'not_found',
    [
      'secret',
      'version',
      'policy',
      'binding',
      'webhook',
      'subscription',
      'rotation_policy',
      'secret_policy',
      'ca',
      'certificate',
      'csr',
      'trust_anchor',
      'acme_account',
      'acme_order',
      'dns_provider',
      'engine',
      'role',
      'lease',
      'tenant',
      'identity',
      'federation_backend',
      'export',
    ].map((what): [number, string] => [404, `${what}_not_found`]),
  ],
  [
    'conflict',
    [
      [409, 'secret_exists'],
      [409, 'version_conflict'],
      [409, 'policy_in_use'],
      [409, 'engine_in_use'],
      [409, 'ca_has_certificates'],
      [409, 'name_conflict'],
      [409, 'binding_conflict'],
      [410, 'secret_expired'],
      [410, 'lease_expired'],
    ],
  ],
  [
    'availability',
    [
      [429, 'rate_limited'],
      [429, 'quota_exceeded'],
      [503, 'service_unavailable'],
      [503, 'feature_disabled'],
      [503, 'maintenance_mode'],
    ],
  ],
  [
    'server',
    [
      [500, 'internal_error'],
      [500, 'encryption_error'],
      [500, 'storage_error'],
      [502, 'backend_error'],
      [502, 'backend_rate_limited'],
      [504, 'backend_timeout'],
    ],
  ],
  [
    'pki',
    [
      [400, 'ttl_exceeds_max'],
      [400, 'domain_not_allowed'],
      [400, 'key_type_mismatch'],
      [400, 'csr_invalid'],
      [409, 'csr_already_processed'],
      [502, 'acme_order_failed'],
      [502, 'engine_unreachable'],
    ],
  ],
  [
    'webhook',
    [
      [400, 'webhook_url_invalid'],
      [502, 'webhook_delivery_failed'],
      [504, 'webhook_delivery_timeout'],
    ],
  ],
];

type Answer = { status: number; headers: Headers; body: string; requestId: string };

async function send(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  const res = await fetch(`${base}${path}`, { method, headers, body: body ?? null });
  const requestId = res.headers.get('x-request-id') ?? '';
  // The server makes an id unless the client sent one.
  expect(requestId).toMatch(headers['x-request-id'] ?? REQUEST_ID);
  return { status: res.status, headers: res.headers, body: await res.text(), requestId };
}

/** The envelope as the seed writes it, members in its order. */
function envelope(requestId: string, code: string, message: string, details?: unknown): string {
  const error: Record<string, unknown> = { code, message };
  if (details !== undefined) error.details = details;
  error.request_id = requestId;
  return JSON.stringify({ error });
}

describe('seed 001: the catalog', () => {
  it('holds the 73 codes of the seed, in its groups, order and statuses', () => {
    const expected = SEED.flatMap(([category, codes]) =>
      codes.map(([status, code]) => ({ code, status, category })),
    );
    expect(expected).toHaveLength(73);
    expect(
      catalog.entries().map((e) => ({ code: e.code, status: e.status, category: e.category })),
    ).toEqual(expected);
    for (const entry of catalog.entries()) expect(entry.description, entry.code).not.toBe('');
  });

  it('marks only the webhook delivery codes as reported', () => {
    expect(
      catalog
        .entries()
        .filter((e) => e.reported)
        .map((e) => e.code),
    ).toEqual(['webhook_url_invalid', 'webhook_delivery_failed', 'webhook_delivery_timeout']);
  });

  it("maps errata's roles onto the seed's codes and switches off the rest", () => {
    expect({ ...catalog.roles }).toEqual({
      invalid_request: 'invalid_request',
      not_found: 'secret_not_found',
      validation_error: 'validation_error',
      rate_limited: 'rate_limited',
      quota_exceeded: 'quota_exceeded',
      internal_error: 'internal_error',
      service_unavailable: 'service_unavailable',
      upstream_timeout: 'backend_timeout',
    });
    // No base code sneaks in: neither a generic not_found nor the codes of roles switched off.
    for (const code of [
      'not_found',
      'method_not_allowed',
      'not_acceptable',
      'payload_too_large',
      'unsupported_media_type',
      'upstream_timeout',
    ]) {
      expect(catalog.has(code), code).toBe(false);
    }
    expect(catalog.get('quota_exceeded')?.retryable).toBe(false);
    expect(catalog.format?.name).toBe('envelope');
  });
});

describe('seed 001: the API', () => {
  let server: RunningServer;
  const errors: unknown[] = [];
  beforeAll(async () => {
    // No rateLimit: the default limit (1000 per 60 s) is what puts X-RateLimit-* everywhere.
    const app = createApp({
      now: () => NOW,
      onError: (error) => errors.push(error),
      secrets: { 'environments/production/db-password': 'hunter2' },
    });
    server = await startServer(app);
  });
  afterAll(async () => {
    await server.close();
    expect(errors).toEqual([]);
  });

  it("answers a missing secret with exactly the seed's 404 envelope", async () => {
    const res = await send(server.url, 'GET', '/v1/secrets/environments/production/missing', RO);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.body).toBe(
      `{"error":{"code":"secret_not_found","message":"Secret 'environments/production/missing' not found","details":{"path":"environments/production/missing"},"request_id":"${res.requestId}"}}`,
    );
  });

  it('reads a secret at any depth, and writes one with {"value": string}', async () => {
    const read = await send(
      server.url,
      'GET',
      '/v1/secrets/environments/production/db-password',
      RO,
    );
    expect(read.status).toBe(200);
    expect(read.body).toBe(
      '{"path":"environments/production/db-password","value":"hunter2","version":1,"updated_at":"2025-12-14T10:30:00.000Z"}',
    );
    const put = (value: string) =>
      send(
        server.url,
        'PUT',
        '/v1/secrets/a/b/c/d',
        { ...RW, ...JSON_BODY },
        JSON.stringify({ value }),
      );
    const created = await put('one');
    expect(created.status).toBe(201);
    expect(created.body).toBe(
      '{"path":"a/b/c/d","version":1,"updated_at":"2025-12-14T10:30:00.000Z"}',
    );
    const updated = await put('two');
    expect(updated.status).toBe(200);
    expect(JSON.parse(updated.body)).toMatchObject({ version: 2 });
    const back = await send(server.url, 'GET', '/v1/secrets/a/b/c/d', RW);
    expect(JSON.parse(back.body)).toMatchObject({ path: 'a/b/c/d', value: 'two', version: 2 });
  });

  it('answers 401 authentication_required without a token and token_invalid for an unknown one', async () => {
    const missing = await send(server.url, 'GET', '/v1/secrets/x');
    expect(missing.status).toBe(401);
    expect(missing.body).toBe(
      envelope(
        missing.requestId,
        'authentication_required',
        'Send a bearer token in the Authorization header.',
      ),
    );
    for (const authorization of ['Bearer nope', 'Basic dGVzdDp0ZXN0', 'Bearer']) {
      const unknown = await send(server.url, 'PUT', '/v1/secrets/x', { authorization });
      expect(unknown.status).toBe(401);
      expect(unknown.body).toBe(
        envelope(unknown.requestId, 'token_invalid', 'The bearer token is not recognised.'),
      );
    }
  });

  it('answers 403 insufficient_scope when a read-only token writes', async () => {
    const res = await send(
      server.url,
      'PUT',
      '/v1/secrets/x',
      { ...RO, ...JSON_BODY },
      '{"value":"v"}',
    );
    expect(res.status).toBe(403);
    expect(res.body).toBe(
      envelope(res.requestId, 'insufficient_scope', 'This token may only read secrets.'),
    );
  });

  it('answers 400 invalid_request for malformed JSON or a body that is not an object', async () => {
    const malformed = await send(
      server.url,
      'PUT',
      '/v1/secrets/x',
      { ...RW, ...JSON_BODY },
      '{"value":',
    );
    expect(malformed.status).toBe(400);
    expect(malformed.body).toBe(
      envelope(malformed.requestId, 'invalid_request', 'The request body is not valid JSON.'),
    );
    const array = await send(server.url, 'PUT', '/v1/secrets/x', { ...RW, ...JSON_BODY }, '["v"]');
    expect(array.status).toBe(400);
    expect(array.body).toBe(
      envelope(array.requestId, 'invalid_request', 'The request body must be a JSON object.'),
    );
    // 415 is off: a body that is not JSON at all is an invalid request too.
    const text = await send(
      server.url,
      'PUT',
      '/v1/secrets/x',
      { ...RW, 'content-type': 'text/plain' },
      'v',
    );
    expect(text.status).toBe(400);
    expect(text.body).toBe(
      envelope(text.requestId, 'invalid_request', 'The request could not be read.'),
    );
  });

  it('answers 422 validation_error with details.fields', async () => {
    const wrong = await send(
      server.url,
      'PUT',
      '/v1/secrets/x',
      { ...RW, ...JSON_BODY },
      '{"value":42}',
    );
    expect(wrong.status).toBe(422);
    expect(wrong.body).toBe(
      envelope(wrong.requestId, 'validation_error', 'Some fields are invalid.', {
        fields: [{ field: 'value', message: 'must be a string', code: 'invalid_type' }],
      }),
    );
    const missing = await send(server.url, 'PUT', '/v1/secrets/x', { ...RW, ...JSON_BODY }, '{}');
    expect(missing.status).toBe(422);
    expect(missing.body).toBe(
      envelope(missing.requestId, 'validation_error', 'Some fields are invalid.', {
        fields: [{ field: 'value', message: 'is required', code: 'invalid_type' }],
      }),
    );
  });

  it('answers 400 invalid_path for a path that breaks the rules', async () => {
    const res = await send(server.url, 'GET', '/v1/secrets/a/b%20c', RO);
    expect(res.status).toBe(400);
    expect(res.body).toBe(
      envelope(res.requestId, 'invalid_path', "'a/b c' is not a valid secret path", {
        path: 'a/b c',
      }),
    );
  });

  it('serves 16 segments and answers 400 invalid_path past them (one route, any depth)', async () => {
    const sixteen = Array.from({ length: 16 }, (_, i) => `s${i}`).join('/');
    const deepest = await send(
      server.url,
      'PUT',
      `/v1/secrets/${sixteen}`,
      { ...RW, ...JSON_BODY },
      '{"value":"deep"}',
    );
    expect(deepest.status).toBe(201);
    expect(JSON.parse(deepest.body)).toMatchObject({ path: sixteen, version: 1 });
    const seventeen = `${sixteen}/s16`;
    const res = await send(server.url, 'GET', `/v1/secrets/${seventeen}`, RO);
    expect(res.status).toBe(400);
    expect(res.body).toBe(
      envelope(res.requestId, 'invalid_path', `'${seventeen}' is not a valid secret path`, {
        path: seventeen,
      }),
    );
  });

  it('decodes each path segment: an encoded character names the same secret as the plain one', async () => {
    const put = await send(
      server.url,
      'PUT',
      '/v1/secrets/team/db%2Dpassword',
      { ...RW, ...JSON_BODY },
      '{"value":"s3"}',
    );
    expect(put.status).toBe(201);
    expect(JSON.parse(put.body)).toMatchObject({ path: 'team/db-password' });
    // An encoded slash splits the path like a plain one: the same secret again.
    for (const path of ['/v1/secrets/team/db-password', '/v1/secrets/team%2Fdb-password']) {
      const read = await send(server.url, 'GET', path, RO);
      expect(read.status, path).toBe(200);
      expect(JSON.parse(read.body), path).toMatchObject({ path: 'team/db-password', value: 's3' });
    }
    const bad = await send(server.url, 'GET', '/v1/secrets/team/%zz', RO);
    expect(bad.status).toBe(400);
    expect(bad.body).toBe(
      envelope(
        bad.requestId,
        'invalid_request',
        'The request path holds an invalid percent-encoding.',
      ),
    );
  });

  it('answers in the envelope even to a client asking for application/problem+json', async () => {
    const res = await send(server.url, 'GET', '/v1/secrets/environments/production/missing', {
      ...RO,
      accept: 'application/problem+json',
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.body).toBe(
      envelope(
        res.requestId,
        'secret_not_found',
        "Secret 'environments/production/missing' not found",
        {
          path: 'environments/production/missing',
        },
      ),
    );
  });

  it('keeps to its vocabulary where errata has no code: unknown routes and methods are 404', async () => {
    const route = await send(server.url, 'GET', '/v1/nothing', RW);
    expect(route.status).toBe(404);
    expect(route.body).toBe(
      envelope(route.requestId, 'secret_not_found', 'No route matches GET /v1/nothing.'),
    );
    const method = await send(server.url, 'DELETE', '/v1/secrets/x', RW);
    expect(method.status).toBe(404);
    expect(method.headers.get('allow')).toBeNull();
    // With 405 off, a known path's wrong method is answered exactly like an unknown path.
    expect(method.body).toBe(
      envelope(method.requestId, 'secret_not_found', 'No route matches DELETE /v1/secrets/x.'),
    );
  });

  it('sends X-Request-ID and X-RateLimit-* on every response, success or error', async () => {
    const answers = [
      await send(server.url, 'GET', '/v1/secrets/environments/production/db-password', RO),
      await send(server.url, 'GET', '/v1/secrets/x'),
      await send(server.url, 'GET', '/v1/nothing'),
      await send(server.url, 'PUT', '/v1/secrets/x', { ...RW, ...JSON_BODY }, '{'),
    ];
    for (const res of answers) {
      expect(res.headers.get('x-ratelimit-limit')).toBe('1000');
      expect(res.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
      expect(res.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);
      expect(res.headers.get('retry-after')).toBeNull();
    }
    // A request id the client sends is the one echoed back.
    const echoed = await send(server.url, 'GET', '/v1/secrets/x', { 'x-request-id': 'req_abc' });
    expect(echoed.requestId).toBe('req_abc');
  });
});

describe('seed 001: rate limiting', () => {
  it('answers 429 rate_limited with Retry-After once the limit is used up', async () => {
    const server = await startServer(
      createApp({ rateLimit: { limit: 2, windowSeconds: 60 }, now: () => NOW }),
    );
    try {
      const first = await send(server.url, 'GET', '/v1/secrets/x', RO);
      expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
      await send(server.url, 'GET', '/v1/secrets/x', RO);
      const refused = await send(server.url, 'GET', '/v1/secrets/x', RO);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('30');
      expect(refused.headers.get('x-ratelimit-limit')).toBe('2');
      expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(refused.headers.get('x-ratelimit-reset')).toBe(String(NOW / 1000 + 60));
      expect(refused.body).toBe(
        envelope(refused.requestId, 'rate_limited', 'Too many requests; slow down.', {
          policy: 'api',
        }),
      );
    } finally {
      await server.close();
    }
  });
});

/** Start server.ts with `env` added; resolves its URL once it prints its listening line. */
async function spawnServer(env: Record<string, string>) {
  const run = startExample('examples/seeds/001-envelope/server.ts', {
    // RATE_LIMIT only when the test gives it, whatever the parent's environment holds.
    RATE_LIMIT: undefined,
    PORT: '0',
    HOST: '127.0.0.1',
    ...env,
  });
  try {
    return { url: await run.listening, stop: () => run.stop() };
  } catch (error) {
    await run.stop();
    throw error;
  }
}

describe('seed 001: server.ts', () => {
  it('listens on PORT=0, prints its address, and answers 429 past RATE_LIMIT', async () => {
    const { url, stop } = await spawnServer({ RATE_LIMIT: '2/60' });
    try {
      expect(url).not.toMatch(/:0$/);
      const missing = await send(url, 'GET', '/v1/secrets/environments/production/missing', RO);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('x-ratelimit-limit')).toBe('2');
      await send(url, 'GET', '/v1/secrets/x', RO);
      const refused = await send(url, 'GET', '/v1/secrets/x', RO);
      expect(refused.status).toBe(429);
      // The wait is what is left of the 60-second window: the server's own clock decides.
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.headers.get('x-ratelimit-limit')).toBe('2');
      expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
      // send() has checked request_id's pattern (the same id as X-Request-ID, used here).
      expect(refused.body).toBe(
        envelope(refused.requestId, 'rate_limited', 'Too many requests; slow down.', {
          policy: 'api',
        }),
      );
    } finally {
      await stop();
    }
  });

  it('sends X-RateLimit-* on every response without RATE_LIMIT (1000 per 60 s)', async () => {
    const { url, stop } = await spawnServer({});
    try {
      const answers = [
        await send(url, 'GET', '/v1/secrets/x', RO),
        await send(url, 'GET', '/v1/nothing'),
        await send(url, 'PUT', '/v1/secrets/x', { ...RW, ...JSON_BODY }, '{"value":"v"}'),
      ];
      expect(answers.map((res) => res.status)).toEqual([404, 404, 201]);
      for (const res of answers) {
        expect(res.headers.get('x-ratelimit-limit')).toBe('1000');
        expect(Number(res.headers.get('x-ratelimit-remaining'))).toBeGreaterThanOrEqual(997);
        expect(res.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);
      }
    } finally {
      await stop();
    }
  });
});
