import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedis } from '../helpers/redis-server.js';
import { startVault as startInProcess, VAULT_FRAMEWORKS } from '../helpers/vault.js';
import { startVault, type VaultProcess } from '../helpers/vault-process.js';

const append = (url: string, name: string, key: string | undefined, value = 'v1') =>
  fetch(`${url}/v1/secrets/${name}/versions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(key === undefined ? {} : { 'idempotency-key': key }),
    },
    body: JSON.stringify({ value }),
  });

const versionsOf = async (url: string, name: string) =>
  ((await (await fetch(`${url}/v1/secrets/${name}/versions`)).json()) as { versions: unknown[] })
    .versions.length;

describe.each(VAULT_FRAMEWORKS)(
  'examples/vault (%s): POST /v1/secrets/:name/versions',
  (framework) => {
    it('appends a version per request without IDEMPOTENCY: a retried POST appends twice', async () => {
      const vault = await startInProcess(framework, { format: 'problem' });
      try {
        const first = await append(vault.url, 'db', 'k1');
        expect(first.status).toBe(201);
        expect(await first.json()).toEqual({ name: 'db', version: 1 });
        expect(first.headers.get('location')).toBe('/v1/secrets/db/versions/1');
        expect((await append(vault.url, 'db', 'k1')).status).toBe(201);
        expect(await versionsOf(vault.url, 'db')).toBe(2);
        const bad = await append(vault.url, 'Bad Name', undefined);
        expect(bad.status).toBe(400);
        expect(((await bad.json()) as { code: string }).code).toBe('invalid_path');
        const invalid = await fetch(`${vault.url}/v1/secrets/db/versions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"value":""}',
        });
        expect(invalid.status).toBe(422);
      } finally {
        await vault.close();
      }
    });

    it('with IDEMPOTENCY=required: one append per key, replays, 422, 400 without a key', async () => {
      const vault = await startInProcess(framework, {
        format: 'problem',
        idempotency: { mode: 'required' },
      });
      try {
        const key = randomUUID();
        const first = await append(vault.url, 'db', key);
        expect(first.status).toBe(201);
        const replay = await append(vault.url, 'db', key);
        expect(replay.status).toBe(201);
        expect(replay.headers.get('idempotent-replayed')).toBe('true');
        expect(await replay.json()).toEqual({ name: 'db', version: 1 });
        expect(await versionsOf(vault.url, 'db')).toBe(1);
        const reused = await append(vault.url, 'db', key, 'other');
        expect(reused.status).toBe(422);
        expect(((await reused.json()) as { code: string }).code).toBe('idempotency_key_reused');
        const missing = await append(vault.url, 'db', undefined);
        expect(missing.status).toBe(400);
        expect(((await missing.json()) as { code: string }).code).toBe('idempotency_key_missing');
        // PUT and DELETE are covered too; reads are not.
        const put = await fetch(`${vault.url}/v1/secrets/db`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: '{"value":"x"}',
        });
        expect(put.status).toBe(400);
        expect((await fetch(`${vault.url}/v1/secrets/db/versions`)).status).toBe(200);
      } finally {
        await vault.close();
      }
    });
  },
);

describe('examples/vault: node, express, fastify and hono with IDEMPOTENCY on one Redis', () => {
  let redis: RedisServer;
  let vaults: VaultProcess[] = [];
  let urls: string[] = [];
  const env = () => ({
    PORT: '0',
    ERRATA_FORMAT: 'problem',
    IDEMPOTENCY: 'required',
    REDIS_URL: `redis://127.0.0.1:${redis.port}`,
  });

  beforeAll(async () => {
    redis = await startRedis();
    vaults = VAULT_FRAMEWORKS.map((entry) => startVault(entry, env()));
    urls = await Promise.all(vaults.map((v) => v.listening));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(vaults.map((v) => v.stop()));
    await redis?.stop();
  });

  const total = async (name: string) => {
    let sum = 0;
    for (const url of urls) sum += await versionsOf(url, name);
    return sum;
  };

  it('50 concurrent requests with one key over four processes append exactly one version', async () => {
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => append(urls[i % urls.length] as string, 'storm', key)),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    for (const answer of answers) {
      if (answer.status === 201) expect(await answer.json()).toEqual({ name: 'storm', version: 1 });
      else await answer.body?.cancel();
    }
    expect(await total('storm')).toBe(1);
    // Once the first has finished, every process replays it.
    for (const url of urls) {
      const replay = await append(url, 'storm', key);
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
    }
    expect(await total('storm')).toBe(1);
  });

  it('replays after the process that answered restarts', async () => {
    const key = randomUUID();
    expect((await append(urls[0] as string, 'restart', key)).status).toBe(201);
    const [first] = vaults;
    await first?.stop();
    const again = startVault('node', env());
    vaults[0] = again;
    urls[0] = await again.listening;
    const replay = await append(urls[0], 'restart', key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await versionsOf(urls[0], 'restart')).toBe(0); // the new process never ran it
  });

  it('answers 503 (fail closed) while Redis is down, never appending, then recovers', async () => {
    await redis.stop();
    try {
      for (const url of urls) {
        const res = await append(url, 'outage', randomUUID());
        expect(res.status).toBe(503);
        const text = await res.text();
        expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|redis/i);
      }
      expect(await total('outage')).toBe(0);
    } finally {
      redis = await startRedis({ port: redis.port });
    }
    // ioredis reconnects by itself; the next writes run again.
    const key = randomUUID();
    let status = 0;
    for (let i = 0; i < 100 && status !== 201; i++) {
      status = (await append(urls[1] as string, 'outage', key)).status;
      if (status !== 201) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(201);
    expect(await total('outage')).toBe(1);
  });
});
