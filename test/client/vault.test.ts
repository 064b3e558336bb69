import { describe, expect, it } from 'vitest';
import type { VaultAppOptions } from '../../examples/vault/app.js';
import { vaultCatalog } from '../../examples/vault/catalog.js';
import type { ApiError } from '../../src/api-error.js';
import {
  type ClientOptions,
  createClient,
  type FetchLike,
  type RetryEvent,
} from '../../src/client/index.js';
import type { FormatName } from '../../src/index.js';
import { startVault, VAULT_FRAMEWORKS } from '../helpers/vault.js';

// Each example app started in-process on 127.0.0.1:0, exactly as the conformance suite does.
const ADAPTERS = VAULT_FRAMEWORKS.map(
  (framework) => [framework, (options: VaultAppOptions) => startVault(framework, options)] as const,
);

/** Formats whose bodies carry the code (message and laravel carry only a message). */
const CODED_FORMATS: FormatName[] = [
  'envelope',
  'problem',
  'google',
  'jsonapi',
  'stripe',
  'success',
];

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('expected a rejection');
}

type Secret = { name: string; value?: string; version: number };

describe.each(ADAPTERS)('the client against the %s vault', (_adapter, serve) => {
  /** A vault on an injected clock, with a client that records every response it got. */
  async function start(
    options: Omit<VaultAppOptions, 'onError' | 'now'> = {},
    client: Omit<ClientOptions, 'baseUrl' | 'fetch' | 'catalog'> = {},
  ) {
    let clock = Date.parse('2025-01-01T00:00:00Z');
    const failures: unknown[] = [];
    const vault = await serve({
      now: () => clock,
      onError: (error) => failures.push(error),
      ...options,
    });
    const responses: Response[] = [];
    const recording: FetchLike = async (url, init) => {
      const response = await fetch(url, init);
      responses.push(response);
      return response;
    };
    return {
      vault,
      failures,
      responses,
      advance: (ms: number) => {
        clock += ms;
      },
      client: createClient({
        baseUrl: vault.url,
        catalog: vaultCatalog,
        fetch: recording,
        retry: { baseDelayMs: 1, maxDelayMs: 2 },
        ...client,
      }),
    };
  }

  it('writes, reads and deletes a secret with the JSON helpers', async () => {
    const { vault, client } = await start();
    try {
      const created = await client.put<Secret>('/v1/secrets/db.password', { value: 's3cret' });
      expect(created).toMatchObject({ name: 'db.password', version: 1 });
      const read = await client.get<Secret>('/v1/secrets/db.password');
      expect(read).toMatchObject({ value: 's3cret', version: 1 });
      const updated = await client.put<Secret>(
        '/v1/secrets/db.password',
        { value: 'n3w' },
        { headers: { 'if-match': '"1"' } },
      );
      expect(updated.version).toBe(2);
      expect(
        await client.delete('/v1/secrets/db.password', { headers: { 'if-match': '"2"' } }),
      ).toBeUndefined();

      const error = await rejection(client.get('/v1/secrets/db.password'));
      expect(client.is(error, 'secret_not_found')).toBe(true);
      if (!client.is(error, 'secret_not_found')) return;
      expect(error.status).toBe(404);
      expect(error.details).toEqual({ name: 'db.password' });
      expect(error.details?.name).toBe('db.password');
      expect(error.message).toBe("No secret is stored under 'db.password'.");
    } finally {
      await vault.close();
    }
  });

  it('reports a stale If-Match as version_conflict with its details, without retrying', async () => {
    const { vault, client, responses } = await start();
    try {
      await client.put('/v1/secrets/api-key', { value: 'a' });
      await client.put('/v1/secrets/api-key', { value: 'b' });
      const before = responses.length;
      const error = await rejection(
        client.put('/v1/secrets/api-key', { value: 'c' }, { headers: { 'if-match': '"1"' } }),
      );
      expect(client.is(error, 'version_conflict')).toBe(true);
      if (!client.is(error, 'version_conflict')) return;
      expect(error.status).toBe(409);
      expect(error.details).toEqual({ name: 'api-key', expected: '"1"', current_version: 2 });
      expect(responses.length - before).toBe(1);
    } finally {
      await vault.close();
    }
  });

  it('reports invalid_path, 413 and 415 as the catalog codes', async () => {
    const { vault, client } = await start();
    try {
      const path = await rejection(client.get('/v1/secrets/Not_Valid'));
      expect(client.is(path, 'invalid_path')).toBe(true);
      if (client.is(path, 'invalid_path')) {
        expect(path.status).toBe(400);
        expect(path.details?.name).toBe('Not_Valid');
      }

      const large = await rejection(client.put('/v1/secrets/big', { value: 'x'.repeat(70_000) }));
      expect(client.is(large, 'payload_too_large')).toBe(true);
      expect(large.status).toBe(413);

      const wrongType = await rejection(
        client.request('/v1/secrets/db', {
          method: 'PUT',
          headers: { 'content-type': 'text/plain' },
          body: 'value=x',
        }),
      );
      expect(client.is(wrongType, 'unsupported_media_type')).toBe(true);
      expect(wrongType.status).toBe(415);
    } finally {
      await vault.close();
    }
  });

  it('gets a generic 500 from the crash route, with nothing of the connection string', async () => {
    const { vault, client, failures, responses } = await start();
    try {
      const error = await rejection(client.get('/v1/debug/crash'));
      expect(client.is(error, 'internal_error')).toBe(true);
      expect(error.status).toBe(500);
      expect(error.retryable).toBe(false);
      const seen = `${error.message} ${JSON.stringify(error)} ${JSON.stringify(error.raw)}`;
      for (const leak of ['hunter2', 'postgres', 'db.internal', '5432', 'ECONNREFUSED']) {
        expect(seen).not.toContain(leak);
      }
      // A 500 is not retried by default: the app saw one crash.
      expect(responses).toHaveLength(1);
      expect(failures).toHaveLength(1);
    } finally {
      await vault.close();
    }
  });

  it('parses every format the vault speaks, with the request id of the response', async () => {
    for (const format of [...CODED_FORMATS, 'message', 'laravel'] as FormatName[]) {
      const { vault, client, responses } = await start({ format });
      try {
        const error = await rejection(client.get('/v1/secrets/missing'));
        const header = responses.at(-1)?.headers.get('x-request-id');
        expect(header, format).toMatch(/^req_/);
        expect(error.requestId, format).toBe(header);
        expect(error.status, format).toBe(404);
        if (CODED_FORMATS.includes(format)) {
          expect(error.code, format).toBe('secret_not_found');
          expect(error.format, format).toBe(format);
        } else {
          // Only a message: the status's code.
          expect(error.code, format).toBe('not_found');
        }

        const crash = await rejection(client.get('/v1/debug/crash'));
        expect(crash.status, format).toBe(500);
        expect(crash.requestId, format).toBe(responses.at(-1)?.headers.get('x-request-id'));
      } finally {
        await vault.close();
      }
    }
  });

  it('keeps retryAfter on a 503 maintenance_mode it will not wait for', async () => {
    const { vault, client, responses } = await start(
      { maintenance: true },
      { retry: { maxRetryAfter: 10 } },
    );
    try {
      const error = await rejection(client.get('/v1/secrets/db'));
      expect(client.is(error, 'maintenance_mode')).toBe(true);
      expect(error.retryAfter).toBe(30);
      expect(responses).toHaveLength(1);
    } finally {
      await vault.close();
    }
  });

  it('hands back a 429 rate_limited with retryAfter when told not to wait', async () => {
    const { vault, client, responses } = await start(
      { rateLimit: { limit: 1, windowSeconds: 1 } },
      { retry: { maxRetryAfter: 0 } },
    );
    try {
      expect(await client.get('/healthz')).toEqual({ status: 'ok' });
      const error = await rejection(client.get('/healthz'));
      expect(client.is(error, 'rate_limited')).toBe(true);
      expect(error.status).toBe(429);
      expect(error.retryAfter).toBe(1);
      expect(responses).toHaveLength(2);
    } finally {
      await vault.close();
    }
  });

  it('waits out a short Retry-After on 429 and gets through', async () => {
    const events: RetryEvent[] = [];
    const ctx = await start(
      { rateLimit: { limit: 1, windowSeconds: 1 } },
      {
        retry: {
          baseDelayMs: 1,
          maxDelayMs: 2,
          // The vault counts on its injected clock: move it on by the wait the client makes.
          onRetry: (event) => {
            events.push(event);
            ctx.advance(event.delayMs);
          },
        },
      },
    );
    try {
      await ctx.client.get('/healthz');
      expect(await ctx.client.get('/healthz')).toEqual({ status: 'ok' });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ reason: 'status', delayMs: 1000, method: 'GET' });
      expect(events[0]?.error.code).toBe('rate_limited');
      expect(ctx.responses.map((r) => r.status)).toEqual([200, 429, 200]);
    } finally {
      await ctx.vault.close();
    }
  });
});
