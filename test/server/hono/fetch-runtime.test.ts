import { getRequestListener } from '@hono/node-server';
import { describe, expect, it } from 'vitest';
import { createVaultHonoApp } from '../../../examples/vault/hono-app.js';
import { startServer } from '../../helpers/server.js';
import { jsonPut } from './fixtures.js';

describe('errata/hono: app.request() (fetch runtimes) answers like a real socket', () => {
  it('gives the same status, headers and body on both paths', async () => {
    const seen: unknown[] = [];
    const app = createVaultHonoApp({
      now: () => Date.parse('2025-01-01T00:00:00Z'),
      onError: (error) => {
        seen.push(error);
      },
    });
    const server = await startServer(getRequestListener(app.fetch));
    try {
      await app.request('/v1/secrets/shared', jsonPut('{"value":"v"}'));
      const requests: [string, RequestInit][] = [
        ['/healthz', {}],
        ['/v1/secrets/shared', {}],
        ['/v1/secrets/ghost', { headers: { accept: 'application/problem+json' } }],
        ['/v1/secrets/db', { method: 'POST' }],
        ['/v1/secrets/db', { method: 'OPTIONS' }],
        ['/v1/secrets/db', jsonPut('{"value":')],
        ['/v1/secrets/db', jsonPut('{"value":""}')],
        ['/v1/secrets?limit=0', {}],
        ['/v1/debug/crash', {}],
        ['/v1/debug/pinned', {}],
        ['/v2/unknown', {}],
      ];
      for (const [path, init] of requests) {
        const headers = { ...(init.headers as Record<string, string>), 'x-request-id': 'same-1' };
        const viaFetch = await app.request(path, { ...init, headers });
        const viaSocket = await fetch(`${server.url}${path}`, { ...init, headers });
        const where = `${init.method ?? 'GET'} ${path}`;
        expect(viaSocket.status, where).toBe(viaFetch.status);
        expect(await viaSocket.text(), where).toBe(await viaFetch.text());
        for (const name of [
          'content-type',
          'x-request-id',
          'allow',
          'cache-control',
          'etag',
          'retry-after',
        ]) {
          expect(viaSocket.headers.get(name), `${where} ${name}`).toBe(viaFetch.headers.get(name));
        }
      }
      expect(seen).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});
