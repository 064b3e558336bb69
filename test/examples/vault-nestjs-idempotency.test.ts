import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startNestVault } from '../helpers/vault-nestjs.js';

// The Nest vault with IDEMPOTENCY, on both platforms (vault-idempotency.test.ts covers the
// vaults of VAULT_FRAMEWORKS the same way).

const append = (url: string, key: string | undefined, value = 'v1') =>
  fetch(`${url}/v1/secrets/db/versions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(key === undefined ? {} : { 'idempotency-key': key }),
    },
    body: JSON.stringify({ value }),
  });

describe.each(['express', 'fastify'] as const)('examples/vault (nestjs on %s)', (platform) => {
  it('with IDEMPOTENCY=required: one append per key, replays, 422, 400 without a key', async () => {
    const vault = await startNestVault(platform, {
      format: 'problem',
      idempotency: { mode: 'required' },
    });
    try {
      const key = randomUUID();
      const first = await append(vault.url, key);
      expect(first.status).toBe(201);
      expect(await first.json()).toEqual({ name: 'db', version: 1 });
      const replay = await append(vault.url, key);
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.headers.get('location')).toBe('/v1/secrets/db/versions/1');
      expect(await replay.json()).toEqual({ name: 'db', version: 1 });
      const listed = await (await fetch(`${vault.url}/v1/secrets/db/versions`)).json();
      expect((listed as { versions: unknown[] }).versions).toHaveLength(1);
      const reused = await append(vault.url, key, 'other');
      expect(reused.status).toBe(422);
      expect(await reused.json()).toMatchObject({ code: 'idempotency_key_reused' });
      const missing = await append(vault.url, undefined);
      expect(missing.status).toBe(400);
      expect(await missing.json()).toMatchObject({ code: 'idempotency_key_missing' });
      const put = await fetch(`${vault.url}/v1/secrets/db`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: '{"value":"x"}',
      });
      expect(put.status).toBe(400);
    } finally {
      await vault.close();
    }
  });
});
